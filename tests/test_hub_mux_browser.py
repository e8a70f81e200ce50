"""One connection per page: the SSEHub elements of a page share one stream (the hub's page stream), in real Chromium
against a real uvicorn (tests/apps/hub_app.py's /widgets page; the server counts the hub's subscribers)."""
import signal, time
import pytest
from harness import NETWORK_ERRORS, indicator_state, wait_for_state, wait_until
from hub_helpers import publish, stats
from test_share_browser import INSTRUMENT, fetch_ms, holders

pytestmark = pytest.mark.usefixtures('htmx')   # every test on htmx 2 and on htmx 4

CONNECTING = "window.__connecting = 0; addEventListener('htmx-sse-before-connection', () => window.__connecting++);"
STATES = "window.__states = []; addEventListener('sse-monitor:state', e => window.__states.push(e.detail));"


def shown(tab, name:str) -> list[int]:
    "The data-k of every event widget `name` appended, in page order"
    return tab.eval_on_selector_all(f'#sse-element-{name} p[data-k]', 'ps => ps.map(p => Number(p.dataset.k))')


def wait_all_shown(tab, names, n:int, timeout:float=10):
    "Wait until every widget of `names` shows at least `n` events"
    tab.wait_for_function("([names, n]) => names.every(w => document.querySelectorAll(`#sse-element-${w} p[data-k]`).length >= n)",
                          arg=[list(names), n], timeout=timeout * 1000)


def publish_to_each(server, names, n:int, start:int=0):
    for name in names: publish(server, name, n=n, start=start)


def test_ten_hub_widgets_use_one_connection(serve, open_page):
    "Each widget is Live and shows its own topic's events, and only those, in order; the page holds one EventSource"
    server = serve('hub_app:asgi')
    names = [f'w{i}' for i in range(10)]
    page = open_page(f'{server.url}/widgets?n=10', init_script=INSTRUMENT + CONNECTING)
    for name in names: wait_for_state(page, name, 'active')
    assert page.evaluate('window.__eventSources') == 1
    assert stats(server)['subscribers'] == 1
    for k in range(3): publish_to_each(server, names, 1, start=k)   # interleaved: w0 0, w1 0, ..., w0 1, ...
    wait_all_shown(page, names, 3)
    time.sleep(0.2)
    assert [shown(page, name) for name in names] == [[0, 1, 2]] * 10
    assert fetch_ms(page, '/latest') < 1000
    assert page.evaluate('window.__warnings') == []   # 10 streams, 1 connection: nothing to warn about
    if server.htmx4:   # as with hx-sse: each element announces its connection, and the request says HX-Request (the
        # page stream's, which the app's handler sees when it is asked about each URL)
        assert page.evaluate('window.__connecting') == 10
        assert set(stats(server)['hx_requests']) == {'true'}


def test_a_widget_added_later_joins_the_connection_and_nothing_is_lost(serve, open_page):
    "The page stream is opened again for the new set of streams, from the last id: the others miss nothing"
    server = serve('hub_app:asgi')
    page = open_page(f'{server.url}/widgets?n=2', init_script=INSTRUMENT)
    held = []   # the request of the new page stream, held back until events were published without a stream to take them
    page.route(lambda url: 'sse-monitor/hub' in url and 'w2' in url, lambda route: held.append(route))
    for name in ('w0', 'w1'): wait_for_state(page, name, 'active')
    publish_to_each(server, ['w0', 'w1'], 2)
    wait_all_shown(page, ['w0', 'w1'], 2)
    page.click('#add')
    for _ in range(100):
        if held: break
        page.wait_for_timeout(50)
    wait_until(lambda: stats(server)['subscribers'] == 0, what='the first page stream to close')
    publish_to_each(server, ['w0', 'w1', 'w2'], 2, start=2)   # no page stream open now
    held[0].continue_()
    wait_for_state(page, 'w2', 'active')
    wait_all_shown(page, ['w0', 'w1'], 4)
    publish_to_each(server, ['w0', 'w1', 'w2'], 1, start=4)
    wait_all_shown(page, ['w0', 'w1'], 5)
    time.sleep(0.2)
    assert shown(page, 'w0') == shown(page, 'w1') == [0, 1, 2, 3, 4]
    assert shown(page, 'w2') == [4]   # new to the page, it starts live, as a stream of its own would (no id, no history)
    assert stats(server)['subscribers'] == 1
    assert page.evaluate('window.__eventSources') == 2   # the first page stream, then the one with w2


def test_a_restarted_hub_resets_every_widget_and_a_shutdown_ends_them_all(serve, open_page, watch):
    "Resets and the close event reach each element as if it had its own stream"
    watch.allow(*NETWORK_ERRORS)
    server = serve('hub_app:asgi')
    names = ['w0', 'w1', 'w2']
    page = open_page(f'{server.url}/widgets?n=3', init_script=STATES)
    for name in names: wait_for_state(page, name, 'active')
    publish_to_each(server, names, 1)
    wait_all_shown(page, names, 1)
    server.restart()   # an in-process hub: the new process does not know the page's last id
    for name in names: page.wait_for_selector(f'#sse-element-{name} .refetched', timeout=10_000)
    for name in names: wait_for_state(page, name, 'active')
    server.signal(signal.SIGINT)   # a shutdown: the page stream's goodbye
    for name in names: wait_for_state(page, name, 'disconnected')
    ends = page.evaluate("window.__states.filter(s => s.state === 'disconnected').map(s => [s.connectionId, s.reason])")
    assert sorted(set(map(tuple, ends))) == [(name, 'shutdown') for name in names]


def test_a_stream_the_page_stream_cannot_carry_gets_its_own_connection(serve, open_page, watch):
    "A URL that is not one of the hub's streams (a plain monitored_stream) is named in the hello: that widget connects alone"
    watch.allow('page stream /sse-monitor/hub cannot carry /plain/r0')
    server = serve('hub_app:asgi')
    page = open_page(f'{server.url}/widgets?n=2&refused=1', init_script=INSTRUMENT)
    for name in ('w0', 'w1', 'r0'): wait_for_state(page, name, 'active')
    wait_until(lambda: shown(page, 'r0') == [0], what='the plain stream event')
    assert page.evaluate('window.__eventSources') == 3   # the page stream with r0, its own, the page stream without it
    warnings = page.evaluate('window.__warnings')
    assert len(warnings) == 1 and '(not a hub stream)' in warnings[0], warnings
    publish_to_each(server, ['w0', 'w1'], 1)
    wait_all_shown(page, ['w0', 'w1'], 1)
    assert stats(server)['subscribers'] == 1


def test_a_stream_refused_for_now_is_asked_about_again_on_the_page_stream(serve, open_page):
    "A 403 may be a session being renewed: the widget waits (Reconnecting...) and the next page stream carries it"
    server = serve('hub_app:asgi')
    page = open_page(f'{server.url}/widgets?n=1&flaky=1', init_script=INSTRUMENT)
    for name in ('w0', 'f0'): wait_for_state(page, name, 'active')
    publish_to_each(server, ['w0', 'f0'], 2)
    wait_all_shown(page, ['w0', 'f0'], 2)
    assert page.evaluate('window.__eventSources') == 2   # the page stream, asked again; no connection of its own
    assert page.evaluate('window.__warnings') == []
    assert stats(server)['subscribers'] == 1


def test_a_stream_asked_about_again_ends_with_the_page_stream(serve, open_page, watch):
    """The page stream gives up (its server died) while a widget waits to be asked about again: that widget shows the end
    too, and nothing asks the server again"""
    watch.allow(*NETWORK_ERRORS)
    server = serve('hub_app:asgi')
    page = open_page(f'{server.url}/widgets?n=1&flaky=1&refuse=1000&attempts=3', init_script=INSTRUMENT + STATES)
    wait_for_state(page, 'w0', 'active')
    wait_for_state(page, 'f0', 'reconnecting')   # refused for now: to be asked about again on the next page stream
    server.kill()
    before = page.evaluate('window.__eventSources')
    wait_for_state(page, 'w0', 'disconnected', timeout=15)   # 3 attempts, and the reference window of 300 + 600 + 1200 ms
    wait_for_state(page, 'f0', 'disconnected')
    time.sleep(3)
    attempts = {s['attempt'] for s in page.evaluate('window.__states') if s['connectionId'] == 'w0' and s['delay'] is not None}
    assert page.evaluate('window.__eventSources') - before == len(attempts), attempts   # the outage's, on its schedule, only


def test_a_tab_that_opens_later_does_not_replay_what_came_before_it(serve, open_tabs, watch):
    """A tab that joins stands where the tab that holds the stream stands (not where that one's connection began): when it
    opens a page stream of its own (it adds a widget), its widgets get nothing from before the tab opened"""
    server = serve('hub_app:asgi')
    (first,) = open_tabs(f'{server.url}/widgets?n=2', 1, init_script=INSTRUMENT)
    for name in ('w0', 'w1'): wait_for_state(first, name, 'active')
    publish_to_each(server, ['w0', 'w1'], 2)
    wait_all_shown(first, ['w0', 'w1'], 2)
    later = watch.attach(first.context.new_page())
    later.goto(f'{server.url}/widgets?n=2')
    for name in ('w0', 'w1'): wait_for_state(later, name, 'active')
    later.click('#add')   # its own set of streams now: a page stream of its own, from the id it was given
    wait_for_state(later, 'w2', 'active')
    publish_to_each(server, ['w0', 'w1', 'w2'], 1, start=2)
    wait_all_shown(later, ['w0', 'w1', 'w2'], 1)
    time.sleep(0.3)
    assert [shown(later, name) for name in ('w0', 'w1', 'w2')] == [[2], [2], [2]]


def test_tabs_share_the_page_stream_and_hand_it_on(serve, open_tabs):
    "Three tabs of four hub widgets: one stream on the server; the holder closes and the others miss nothing"
    server = serve('hub_app:asgi')
    names = [f'w{i}' for i in range(4)]
    tabs = open_tabs(f'{server.url}/widgets?n=4', 3, init_script=INSTRUMENT)
    for tab in tabs:
        for name in names: wait_for_state(tab, name, 'active')
    assert stats(server)['subscribers'] == 1
    publish_to_each(server, names, 2)
    for tab in tabs: wait_all_shown(tab, names, 2)
    (holder,) = holders(tabs)
    tabs.pop(holder).close()
    publish_to_each(server, names, 2, start=2)   # while the stream changes hands
    for tab in tabs: wait_all_shown(tab, names, 4, timeout=3)
    time.sleep(0.2)
    for tab in tabs:
        assert [shown(tab, name) for name in names] == [[0, 1, 2, 3]] * 4
        assert all(indicator_state(tab, name) == 'active' for name in names)
    wait_until(lambda: stats(server)['subscribers'] == 1, what='one stream')
