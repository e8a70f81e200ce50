"SSEHub in Chromium: a reconnect asks for what the page missed, and a reset fetches the element's content afresh."
import time
import pytest
from harness import NETWORK_ERRORS, UvicornServer, wait_for_state
from hub_helpers import publish, shown, stats, wait_shown

pytestmark = pytest.mark.usefixtures('htmx')   # every test on htmx 2 and on htmx 4

RESET_LISTENER = """addEventListener('sse-monitor:reset', e => (window.__resets = window.__resets || []).push(e.detail));"""


def test_a_reconnect_brings_exactly_what_the_page_missed(serve, redis_server, open_page, watch, tmp_path):
    "The server crashes; events are published elsewhere meanwhile; the page comes back and shows each once, in order"
    watch.allow(*NETWORK_ERRORS)
    env = {'HUB_URL': redis_server.url}
    server, elsewhere = serve('hub_app:asgi', env=env), serve('hub_app:asgi', env=env)
    page = open_page(server.url, init_script=RESET_LISTENER)
    wait_for_state(page, 'news', 'active')
    ids = publish(server, n=3)
    wait_shown(page, 3)
    server.kill()
    ids += publish(elsewhere, n=3, start=3)   # while the page's server is down
    time.sleep(0.5)
    server.start()
    wait_shown(page, 6)
    ids += publish(server, n=1, start=6)
    wait_shown(page, 7)
    time.sleep(0.3)
    assert shown(page) == list(range(7))                    # no gap, no duplicate
    assert [query for _, query in stats(server)['last_ids']] == [ids[2]]   # asked for what followed the last id it had
    assert page.evaluate('window.__resets') is None and not page.query_selector('.refetched')


def test_a_reset_fetches_the_content_afresh(serve, open_page, watch):
    "An in-process hub that restarted has none of the page's events: the page is told, and fetches its content again"
    watch.allow(*NETWORK_ERRORS)
    server = serve('hub_app:asgi')
    page = open_page(server.url, init_script=RESET_LISTENER)
    wait_for_state(page, 'news', 'active')
    ids = publish(server, n=2)
    wait_shown(page, 2)
    server.restart()
    page.wait_for_selector('#sse-element-news .refetched', timeout=10_000)
    (reset,) = page.evaluate('window.__resets')
    assert (reset['connectionId'], reset['reason']) == ('news', 'unknown')
    assert reset['lastEventId'].split('.')[0] != ids[0].split('.')[0]   # where the page stands now: the new process's epoch
    publish(server, n=1, start=2)
    wait_shown(page, 3)
    assert shown(page) == [0, 1, 2]
    assert page.eval_on_selector_all('#sse-element-news > *', "els => els.map(e => e.classList.contains('refetched') ? 'refetched' : e.dataset.k)") == \
        ['0', '1', 'refetched', '2']
