"""The drop-in case, as the reference pattern documents it: headers with htmx and htmx-ext-sse only, the monitor's two
parts in the body. The runtime arrives with the first monitor and works as well as the documented setup; where
nothing can work (no htmx, no extension on htmx 2), the console and the indicator say so. Each test runs on htmx 2
and on htmx 4."""
import json, time, urllib.request
import pytest
from harness import NETWORK_ERRORS, indicator_state, wait_for_state

pytestmark = pytest.mark.usefixtures('htmx')   # every test on htmx 2 and on htmx 4

COUNT_RUNTIMES = '''() => [...document.scripts].filter(s => s.textContent.includes('sse-monitor runtime')).length'''


def _stats(server): return json.loads(urllib.request.urlopen(f'{server.url}/stats', timeout=5).read())


@pytest.fixture
def server(serve): return serve('dropin_app:app')


def test_drop_in_page_is_live_and_recovers_after_a_crash(server, open_page, watch):
    watch.allow(*NETWORK_ERRORS)
    page = open_page(server.url)
    started = time.monotonic()
    for cid in 'abc': wait_for_state(page, cid, 'active', timeout=2)
    assert time.monotonic() - started < 2
    assert page.evaluate(COUNT_RUNTIMES) == 1 and page.evaluate('typeof window.sseMonitor.reconnect') == 'function'
    page.wait_for_function("document.querySelector('#sse-element-a').innerText.startsWith('a tick')")
    server.kill()
    for cid in 'abc': wait_for_state(page, cid, 'reconnecting', timeout=2)
    server.start()
    for cid in 'abc': wait_for_state(page, cid, 'active', timeout=5)
    time.sleep(0.5)
    assert _stats(server) == {'a': 1, 'b': 1, 'c': 1}   # one reconnection each


def test_runtime_in_the_headers_too_is_installed_once(server, open_page):
    page = open_page(f'{server.url}/both')
    for cid in 'ab': wait_for_state(page, cid, 'active')
    assert page.evaluate(COUNT_RUNTIMES) == 1   # the monitors saw it in the headers and carry nothing
    assert page.locator('script[data-sse-monitor]:not([data-sse-monitor-runtime])').evaluate_all('s => s.map(e => e.textContent)') == ['', '']


def test_boosted_navigation_to_a_drop_in_page(server, open_page):
    page = open_page(f'{server.url}/start')
    page.click('#go')
    for cid in 'abc': wait_for_state(page, cid, 'active')
    assert page.evaluate(COUNT_RUNTIMES) == 1 and _stats(server) == {'a': 1, 'b': 1, 'c': 1}


def test_runtime_from_its_cacheable_url(server, open_page):
    page = open_page(f'{server.url}/cached/')
    runtime = page.locator('script[data-sse-monitor-runtime]').get_attribute('src')
    assert runtime.startswith('/_sse_monitor/sse-monitor.') and runtime.endswith('.min.js')
    for cid in 'ab': wait_for_state(page, cid, 'active')
    assert page.evaluate(COUNT_RUNTIMES) == 0   # no monitor carried it inline
    response = page.request.get(server.url + runtime)
    assert response.headers['cache-control'] == 'public, max-age=31536000, immutable'


@pytest.mark.parametrize('path, cid, missing', [('/nohtmx/', 'x', 'htmx is not loaded'), ('/noext/', 'y', 'is htmx-ext-sse loaded')])
def test_what_cannot_work_says_so(server, open_page, watch, path, cid, missing):
    if server.htmx4 and path == '/noext/': pytest.skip('on htmx 4 the runtime streams for monitored elements: they need no hx-sse (test below)')
    watch.allow(f'sse-monitor: .*{missing}.*')
    page = open_page(server.url + path)
    wait_for_state(page, cid, 'error')
    assert missing in page.get_attribute(f'#sse-status-{cid}', 'title')
    assert any(missing in text for text, _ in watch.console_errors)


def test_monitored_elements_need_no_hx_sse_on_htmx4(server, open_page):
    "On htmx 4 the runtime streams for its elements itself: a page with htmx 4 alone is Live and gets the ticks"
    if not server.htmx4: pytest.skip('on htmx 2, htmx-ext-sse opens the streams (the test above)')
    page = open_page(server.url + '/noext/')
    wait_for_state(page, 'y', 'active')
    page.wait_for_function("document.querySelector('#sse-element-y').innerText.startsWith('y tick')")


def test_a_deferred_runtime_waits_for_htmx_on_htmx4(server, open_page):
    """A runtime loaded with `defer` runs before htmx processes the page: the element connects once htmx has (its hx-on
    handler hears the first htmx:sse:before:connection)"""
    if not server.htmx4: pytest.skip('htmx:sse:* events and hx-on for them are htmx 4\'s')
    page = open_page(server.url + '/deferred/')
    wait_for_state(page, 'd', 'active')
    assert page.evaluate('window.__heard') == 1
