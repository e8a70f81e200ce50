"The harness itself: servers really die and come back on their port; page problems are really caught."
import urllib.request, urllib.error
import pytest
from harness import NETWORK_ERRORS, PageWatch, _accepts


def _get(url): return urllib.request.urlopen(url, timeout=5).read().decode()


def test_kill_and_restart_on_same_port(serve):
    server = serve('harness_probe:app')
    first_pid = _get(f'{server.url}/pid')
    server.kill()
    assert not _accepts(server.port)
    with pytest.raises(urllib.error.URLError): _get(f'{server.url}/pid')
    server.restart()
    assert _get(f'{server.url}/pid') != first_pid


def test_page_watch_catches_problems(serve, browser):
    server, watch = serve('harness_probe:app'), PageWatch()
    context = browser.new_context()
    page = watch.attach(context.new_page())
    page.goto(f'{server.url}/noisy')
    page.wait_for_function('document.readyState === "complete"')
    page.wait_for_timeout(300)
    context.close()
    problems = '\n'.join(watch.problems())
    assert 'console error: deliberate console error' in problems
    assert 'page error: ' in problems and 'deliberate page error' in problems
    assert 'request to a non-local host: https://example.com/tracker.js' in problems
    # Allowed console errors match whole messages; an uncaught page error is never excused.
    watch.allow('deliberate', 'Failed to load resource: net::ERR_PROXY_CONNECTION_FAILED')
    assert 'console error: deliberate console error' in '\n'.join(watch.problems())   # a fragment is not enough
    watch.allow('deliberate console error', 'deliberate page error')
    remaining = watch.problems()
    assert len(remaining) == 2 and 'deliberate page error' in remaining[0], remaining
    assert remaining[1] == 'request to a non-local host: https://example.com/tracker.js'


def test_network_errors_are_excused_only_for_streams():
    "The allowed network errors match the stream's URL: the same error for a script or a page is still a problem"
    watch = PageWatch()
    watch.allow(*NETWORK_ERRORS)
    refused = 'Failed to load resource: net::ERR_CONNECTION_REFUSED'
    watch.console_errors = [(refused, 'http://127.0.0.1:5001/stream/a?tick=300'), (refused, 'http://127.0.0.1:5001/demo/clock/stream'),
                            (refused, 'http://127.0.0.1:5001/_sse_monitor/npm/htmx.org/dist/htmx.min.js'),
                            (refused, 'http://127.0.0.1:5001/streams-overview'),
                            ('Event', 'http://127.0.0.1:5001/_sse_monitor/npm/htmx.org/dist/htmx.min.js'),
                            ('Event', 'http://127.0.0.1:5001/app.js')]
    assert watch.problems() == [f'console error: {refused} [http://127.0.0.1:5001/_sse_monitor/npm/htmx.org/dist/htmx.min.js]',
                                f'console error: {refused} [http://127.0.0.1:5001/streams-overview]',
                                'console error: Event [http://127.0.0.1:5001/app.js]']
