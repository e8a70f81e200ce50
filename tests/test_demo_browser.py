"The demo dashboard, driven through its buttons in real Chromium: each misbehaviour, and the monitor's reaction."
import signal
import pytest
from harness import NETWORK_ERRORS, demo_server, indicator_state, wait_for_state

RECORD_STATES = '''window.__states = [];
document.addEventListener('sse-monitor:state', (e) => window.__states.push(e.detail));'''


@pytest.fixture
def demo(tmp_path):
    server = demo_server(tmp_path/'demo').start()
    yield server
    server.stop()


def wait_state(page, widget, state, timeout=8): return wait_for_state(page, widget, state, timeout)

def reasons(page, widget): return [s['reason'] for s in page.evaluate('window.__states') if s['connectionId'] == widget]


def test_every_button_and_ctrl_c(demo, open_page, watch, tmp_path):
    watch.allow(*NETWORK_ERRORS)
    page = open_page(demo.url, init_script=RECORD_STATES)
    for widget in ('clock', 'counter', 'weather'): wait_state(page, widget, 'active')
    page.screenshot(path=tmp_path/'demo.png', full_page=True)

    page.click('#clock-drop')                       # the stream ends without a word: reconnect
    page.wait_for_function("window.__states.some(s => s.connectionId === 'clock' && s.reason === 'lost')")
    wait_state(page, 'clock', 'active')

    page.click('#counter-silence')                  # open but silent: the 3 s watchdog reconnects it
    page.wait_for_function("window.__states.some(s => s.connectionId === 'counter' && s.reason === 'silent')", timeout=6000)
    wait_state(page, 'counter', 'active')

    page.click('#weather-close')                    # the close event: disconnected for good...
    wait_state(page, 'weather', 'disconnected', timeout=2)
    assert reasons(page, 'weather')[-1] == 'demo'
    page.click('#sse-status-weather')               # ...until the indicator is clicked
    wait_state(page, 'weather', 'active')

    page.click('#clock-oob')                        # the OOB shutdown swap replaces the SSE element
    wait_state(page, 'clock', 'disconnected', timeout=2)
    assert page.inner_text('#sse-element-clock') == 'Stream ended.'

    page.click('#restart')                          # the server goes down for 2 s, streams told 'restart'
    page.wait_for_function("['counter', 'weather'].every(w => window.__states.some(s => s.connectionId === w && s.reason === 'restart'))")
    for widget in ('counter', 'weather'): wait_state(page, widget, 'active', timeout=12)
    assert indicator_state(page, 'clock') == 'disconnected'

    demo.signal(signal.SIGINT)                      # Ctrl+C: exits at once, pages told
    assert demo.wait_exit(3)
    for widget in ('counter', 'weather'):
        wait_state(page, widget, 'disconnected', timeout=2)
        assert reasons(page, widget)[-1] == 'shutdown'
    assert 'Traceback' not in demo.stderr_path.read_text()


def test_announcements_reach_every_tab(demo, open_page, watch):
    """The hub-fed widget: what one page announces, every page shows, once and newest first. Two browsers: two tabs of
    one browser would need 8 streams to this host, over the browser's limit of 6 (issue 11)"""
    first, second = open_page(demo.url), open_page(demo.url)
    for page in (first, second): wait_state(page, 'news', 'active')
    first.click('#announce')
    second.click('#announce')
    for page in (first, second):
        page.wait_for_function("document.querySelectorAll('#sse-element-news [data-n]').length === 2")
        assert page.eval_on_selector_all('#sse-element-news [data-n]', 'ps => ps.map(p => p.dataset.n)') == ['2', '1']
