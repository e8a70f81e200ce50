"""The demo dashboard, driven through its buttons in real Chromium: each misbehaviour, and the monitor's reaction; on
htmx 2 pages and on htmx 4 pages (`--htmx4`)."""
import re, signal, urllib.request
import pytest
from harness import NETWORK_ERRORS, demo_server, indicator_state, wait_for_state

RECORD_STATES = '''window.__states = [];
document.addEventListener('sse-monitor:state', (e) => window.__states.push(e.detail));'''


@pytest.fixture
def demo(tmp_path, htmx):
    server = demo_server(tmp_path/'demo', htmx4=htmx == 'htmx4').start()
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
    "The hub-fed widget: what one page announces, every page shows, once and newest first (two browsers)"
    first, second = open_page(demo.url), open_page(demo.url)
    for page in (first, second): wait_state(page, 'news', 'active')
    first.click('#announce')
    second.click('#announce')
    for page in (first, second):
        page.wait_for_function("document.querySelectorAll('#sse-element-news [data-n]').length === 2")
        assert page.eval_on_selector_all('#sse-element-news [data-n]', 'ps => ps.map(p => p.dataset.n)') == ['2', '1']


# How long a click on a button takes to be answered, as the page measures it (htmx's after-request event of that button:
# htmx:afterRequest on htmx 2, htmx:after:request on htmx 4, spelt htmx-after-request with FastHTML's metaCharacter)
CLICK_MS = """id => new Promise((resolve) => {
  const start = performance.now(), name = htmx.version.startsWith('4.') ? 'htmx-after-request' : 'htmx:afterRequest';
  document.body.addEventListener(name, function done(e) {
    if (e.target.id !== id) return;
    document.body.removeEventListener(name, done);
    resolve(performance.now() - start);
  });
  document.getElementById(id).click();
})"""

def server_streams(demo) -> int:
    "The streams the demo server holds open, as its page line says"
    request = urllib.request.Request(f'{demo.url}/demo/streams', headers={'HX-Request': 'true'})
    return int(re.search(r'data-open="(\d+)"', urllib.request.urlopen(request, timeout=5).read().decode()).group(1))


def test_ten_tabs_share_four_streams_and_every_button_answers(demo, open_tabs):
    """Ten tabs of one browser: without sharing, the second tab would fill the 6 connections and the app would freeze; the
    two hub widgets of each tab are on one stream (the page stream): 4 streams for 5 widgets"""
    widgets = ('clock', 'counter', 'weather', 'news', 'activity')
    tabs = open_tabs(demo.url, 10)
    for tab in tabs:
        for widget in widgets: wait_state(tab, widget, 'active')
    assert server_streams(demo) == 4
    answered = [tab.evaluate(CLICK_MS, 'announce') for tab in tabs]
    assert max(answered) < 500, answered
    for tab in tabs:
        tab.wait_for_function("document.querySelectorAll('#sse-element-news [data-n]').length === 10")
        assert tab.eval_on_selector_all('#sse-element-news [data-n]', 'ps => ps.map(p => Number(p.dataset.n))') == \
            list(range(10, 0, -1))
        tab.wait_for_function("document.querySelectorAll('#sse-element-activity [data-n]').length === 10")
        assert tab.eval_on_selector_all('#sse-element-activity [data-n]', 'ps => ps.map(p => p.textContent.split(" at ")[0])') == \
            [f'Announcement #{n}' for n in range(10, 0, -1)]
        assert all(tab.evaluate(f"document.querySelector('#sse-status-{w} [data-sse-state]').dataset.sseState") == 'active'
                   for w in widgets)
    assert server_streams(demo) == 4
