"""Deploys and Ctrl+C in real Chromium against real uvicorn: after a process manager's SIGTERM and a new server, pages
are Live again by themselves; after Ctrl+C they show Disconnected and leave the server alone."""
import signal, time, urllib.request
import pytest
from harness import NETWORK_ERRORS, indicator_state, wait_for_state

pytestmark = pytest.mark.usefixtures('htmx')   # every test on htmx 2 and on htmx 4

RECORD_STATES = '''window.__states = [];
document.addEventListener('sse-monitor:state', (e) => window.__states.push(Object.assign({t: Date.now()}, e.detail)));'''


def _opened(server) -> int: return int(urllib.request.urlopen(f'{server.url}/opened', timeout=5).read())


@pytest.fixture
def server(serve): return serve('server_app:app')


def test_sigterm_then_a_new_server_brings_pages_back(server, open_page, watch):
    watch.allow(*NETWORK_ERRORS)
    page = open_page(server.url, init_script=RECORD_STATES)
    wait_for_state(page, 'page', 'active')
    server.signal(signal.SIGTERM)                 # systemctl restart, docker restart, a rolling update...
    assert server.wait_exit(5)
    page.wait_for_function("window.__states.some(s => s.reason === 'restart')")
    assert indicator_state(page, 'page') == 'reconnecting'
    time.sleep(2)                                 # the new server is up 2 s later, on the same port
    server.start()
    wait_for_state(page, 'page', 'active', timeout=5)   # no click, no reload
    page.wait_for_function("document.querySelector('#sse-element-page').innerText === 'page open, version one'")
    assert 'disconnected' not in [s['state'] for s in page.evaluate('window.__states')]
    assert _opened(server) == 1


def test_ctrl_c_stops_pages_and_they_leave_the_server_alone(server, open_page, watch):
    watch.allow(*NETWORK_ERRORS)
    page = open_page(server.url, init_script=RECORD_STATES)
    wait_for_state(page, 'page', 'active')
    server.signal(signal.SIGINT)
    assert server.wait_exit(5)
    wait_for_state(page, 'page', 'disconnected', timeout=2)
    assert page.evaluate('window.__states.at(-1).reason') == 'shutdown'
    server.start()                                # even with a server right back on the same port...
    time.sleep(6)
    assert _opened(server) == 0                   # ...no page asks for 6 s
    assert indicator_state(page, 'page') == 'disconnected'
