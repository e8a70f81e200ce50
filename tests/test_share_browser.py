"""One connection per browser: the tabs of one browser context (one connection pool, as the tabs of a real window) share
each monitored stream, in real Chromium against a real uvicorn.

The server counts its open streams (tests/apps/monitor_app.py's /stats, tests/apps/hub_app.py's subscribers)."""
import json, time, urllib.request
from urllib.parse import quote
import pytest
from harness import COUNT_STREAMS, NETWORK_ERRORS, hide, indicator_state, wait_for_state, wait_until
from hub_helpers import publish, shown, stats as hub_stats, wait_shown

pytestmark = pytest.mark.usefixtures('htmx')   # every test on htmx 2 and on htmx 4

# Counts the EventSources each tab opens (the tab that holds a shared stream opens one), and the console lines the
# runtime writes about sharing and the connection limit.
INSTRUMENT = COUNT_STREAMS + '''
window.__warnings = [];
const warn = console.warn;
console.warn = (...args) => { window.__warnings.push(args.join(' ')); warn.apply(console, args); };
'''
NO_WEB_LOCKS = "Object.defineProperty(Navigator.prototype, 'locks', {configurable: true, get: () => undefined});"


def monitor_stats(server) -> dict: return json.loads(urllib.request.urlopen(f'{server.url}/stats', timeout=5).read())

def open_streams(server, ids) -> list[int]:
    got = monitor_stats(server)
    return [got.get(cid, {}).get('open', 0) for cid in ids]

def connections(server, cid) -> int: return len(monitor_stats(server).get(cid, {}).get('connections', ()))

def holders(tabs) -> list[int]: return [i for i, tab in enumerate(tabs) if tab.evaluate('window.__eventSources') > 0]

def fetch_ms(tab, path='/other') -> float:
    "How long an ordinary request from this tab takes (it waits for a free connection when the pool is full)"
    return tab.evaluate('async path => { const t = performance.now(); await (await fetch(path)).text(); return performance.now() - t; }', path)


@pytest.fixture
def server(serve): return serve('monitor_app:app')

@pytest.fixture
def hub_server(serve): return serve('hub_app:asgi')


def test_four_tabs_of_three_streams_hold_three_connections(server, open_tabs):
    "Without sharing, the third stream of the second tab fills Chromium's 6 connections per host and the app freezes"
    ids = ['a', 'b', 'c']
    tabs = open_tabs(f'{server.url}/?ids=a,b,c', 4, init_script=INSTRUMENT)
    for tab in tabs:
        for cid in ids: wait_for_state(tab, cid, 'active')
    assert open_streams(server, ids) == [1, 1, 1]
    assert [connections(server, cid) for cid in ids] == [1, 1, 1]
    assert len(holders(tabs)) == 1
    for tab in tabs:   # every tab shows what the stream sent when it opened, as if it had its own
        assert [tab.inner_text(f'#sse-element-{cid}').split(' (')[0] for cid in ids] == [f'{c} connection 1' for c in ids]
        assert fetch_ms(tab) < 1000
        assert tab.evaluate('window.__warnings') == []


def test_each_tab_connects_when_sharing_is_off(server, open_tabs):
    "share=False: a stream that differs per tab gets a connection per tab"
    tabs = open_tabs(f'{server.url}/?ids=a&cfg=' + quote(json.dumps({'share': False})), 2, init_script=INSTRUMENT)
    for tab in tabs: wait_for_state(tab, 'a', 'active')
    assert open_streams(server, ['a']) == [2]
    assert holders(tabs) == [0, 1]


def test_without_web_locks_each_tab_connects_and_says_why_once(server, open_tabs):
    tabs = open_tabs(f'{server.url}/?ids=a,b', 2, init_script=INSTRUMENT + NO_WEB_LOCKS)
    for tab in tabs:
        for cid in 'ab': wait_for_state(tab, cid, 'active')
    assert open_streams(server, ['a', 'b']) == [2, 2]
    for tab in tabs:
        assert tab.evaluate('window.__warnings') == [
            'sse-monitor: streams are not shared between tabs here (this browser has no Web Locks): each tab opens its own '
            'connections']


def test_six_event_sources_over_http1_are_pointed_out_once(server, open_tabs):
    five, six = open_tabs(f'{server.url}/?ids=a,b,c,d,e', 1, init_script=INSTRUMENT) + \
                open_tabs(f'{server.url}/?ids=a,b,c,d,e,f', 1, init_script=INSTRUMENT)
    for cid in 'abcde': wait_for_state(five, cid, 'active')
    wait_for_state(six, 'f', 'active')
    assert five.evaluate('window.__warnings') == []
    (warning,) = six.evaluate('window.__warnings')
    assert warning.startswith('sse-monitor: this page holds 6 EventSources over HTTP/1.1'), warning


def test_closing_the_holding_tab_hands_the_stream_on_without_gap_or_duplicate(hub_server, open_tabs):
    "The browser hands the lock of a closed tab on at once (a crashed one too: its process is gone)"
    tabs = open_tabs(hub_server.url, 3, init_script=INSTRUMENT)
    for tab in tabs: wait_for_state(tab, 'news', 'active')
    publish(hub_server, n=3)
    for tab in tabs: wait_shown(tab, 3)
    (holder,) = holders(tabs)
    tabs.pop(holder).close()
    went = time.monotonic()
    publish(hub_server, n=3, start=3)   # while the stream changes hands
    for tab in tabs: wait_shown(tab, 6, timeout=2)
    handed_on = time.monotonic() - went
    publish(hub_server, n=2, start=6)
    for tab in tabs:
        wait_shown(tab, 8)
        assert indicator_state(tab, 'news') == 'active'
    time.sleep(0.3)
    for tab in tabs: assert shown(tab) == list(range(8))
    wait_until(lambda: hub_stats(hub_server)['subscribers'] == 1, what='one stream')
    assert len(holders(tabs)) == 1
    print(f'stream handed on in {handed_on * 1000:.0f} ms')


def test_a_takeover_before_the_first_event_misses_nothing(hub_server, open_tabs):
    """No event yet: the tabs stand where the hub's hello said it was (its id, passed on to a tab that joins), so the tab
    that takes over asks for what was published after it, not only for what comes once it is subscribed"""
    tabs = open_tabs(hub_server.url, 2, init_script=INSTRUMENT)
    for tab in tabs: wait_for_state(tab, 'news', 'active')
    (holder,) = holders(tabs)
    tabs.pop(holder).close()
    publish(hub_server, n=3)   # at once, while the stream changes hands
    (tab,) = tabs
    wait_shown(tab, 3)
    time.sleep(0.2)
    assert shown(tab) == [0, 1, 2]


def test_a_tab_that_swaps_other_events_gets_them_from_a_holder_that_does_not(hub_server, open_tabs, watch):
    "The holding tab reads the event types its followers swap, though its own page swaps none of them"
    if hub_server.htmx4: pytest.skip('htmx 4 swaps unnamed messages only (and a FetchSource reads every event type)')
    (holder,) = open_tabs(hub_server.url, 1, init_script=INSTRUMENT)
    wait_for_state(holder, 'news', 'active')
    follower = watch.attach(holder.context.new_page())   # the same browser context: the same stream URL, shared
    follower.goto(f'{hub_server.url}/?swap=update')
    wait_for_state(follower, 'news', 'active')
    assert holders([holder, follower]) == [0]
    publish(hub_server, n=3, event='update')
    publish(hub_server, n=1, start=3)
    wait_shown(follower, 3)
    wait_shown(holder, 1)
    time.sleep(0.2)
    assert (shown(follower), shown(holder)) == ([0, 1, 2], [3])


def test_a_hung_holder_is_replaced_and_steps_down_when_it_wakes(hub_server, open_tabs):
    """A holder whose page stops running (a long task here; a tab the browser froze looks the same to the others) keeps
    its lock and its connection: a visible tab takes the stream from it once it stops beating. (CDP's
    Page.setWebLifecycleState does not freeze a visible page, and headless pages are all visible.)"""
    tabs = open_tabs(hub_server.url, 3, init_script=INSTRUMENT)
    for tab in tabs: wait_for_state(tab, 'news', 'active')
    publish(hub_server, n=2)
    for tab in tabs: wait_shown(tab, 2)
    (holder,) = holders(tabs)
    hung = tabs[holder]
    hung.evaluate('setTimeout(() => { const end = performance.now() + 3000; while (performance.now() < end); })')
    time.sleep(0.05)
    stuck = time.monotonic()
    publish(hub_server, n=1, start=2)
    others = [tab for tab in tabs if tab is not hung]
    for tab in others: wait_shown(tab, 3, timeout=2.5)
    taken_over = time.monotonic() - stuck
    assert hub_stats(hub_server)['subscribers'] == 2   # the hung tab still holds its connection
    assert len(holders(others)) == 1
    wait_until(lambda: hub_stats(hub_server)['subscribers'] == 1, what='the tab that woke up to close its stream')
    publish(hub_server, n=2, start=3)
    for tab in tabs: wait_shown(tab, 5)
    time.sleep(0.3)
    for tab in tabs: assert shown(tab) == list(range(5))
    print(f'hung holder replaced in {taken_over * 1000:.0f} ms')


def test_the_stream_stays_open_while_any_tab_shows_it(server, open_tabs):
    cfg = quote(json.dumps({'hidden_grace': 300}))
    tabs = open_tabs(f'{server.url}/?ids=a&cfg={cfg}', 2, init_script=INSTRUMENT)
    for tab in tabs: wait_for_state(tab, 'a', 'active')
    (holder,) = holders(tabs)
    hide(tabs[holder])                       # the holder goes to the background: the visible tab takes the stream
    wait_until(lambda: connections(server, 'a') == 2, what='the visible tab to connect')
    wait_until(lambda: open_streams(server, ['a']) == [1], what='the hidden tab to close its stream')
    for tab in tabs: wait_for_state(tab, 'a', 'active')
    hide(tabs[1 - holder])                   # no tab shows it: closed, and every tab says why
    wait_until(lambda: open_streams(server, ['a']) == [0], what='the stream to close')
    for tab in tabs: wait_for_state(tab, 'a', 'disconnected')
    hide(tabs[holder], False)                # shown again: back
    for tab in tabs: wait_for_state(tab, 'a', 'active')
    assert open_streams(server, ['a']) == [1]


def test_a_reconnect_in_any_tab_restarts_the_shared_stream(server, open_tabs):
    """The server ends the stream (a hand-written element, without sse-close): every tab shows it, and a reconnect asked
    in a tab that does not hold the stream restarts it for all"""
    tabs = open_tabs(f'{server.url}/handwritten', 2, init_script=INSTRUMENT)
    for tab in tabs: wait_for_state(tab, 'hand', 'active')
    urllib.request.urlopen(f'{server.url}/control/hand/close?event=close', timeout=5).read()
    for tab in tabs: wait_for_state(tab, 'hand', 'disconnected')
    follower = tabs[1 - holders(tabs)[0]]
    assert follower.evaluate("sseMonitor.reconnect('hand')") is True
    for tab in tabs: wait_for_state(tab, 'hand', 'active')
    assert connections(server, 'hand') == 2 and open_streams(server, ['hand']) == [1]


def test_a_tab_that_gave_up_reconnects_when_shown_again(server, open_tabs, watch):
    "Regression (review): a hidden tab that had given up stayed Disconnected when shown, since it did not hold the lock yet"
    watch.allow(*NETWORK_ERRORS)
    cfg = quote(json.dumps({'hidden_grace': 300, 'max_reconnect_attempts': 1, 'reconnect_delay': 100}))
    (tab,) = open_tabs(f'{server.url}/?ids=a&cfg={cfg}', 1, init_script=INSTRUMENT)
    wait_for_state(tab, 'a', 'active')
    urllib.request.urlopen(f'{server.url}/control/a/refuse?n=5', timeout=5).read()
    urllib.request.urlopen(f'{server.url}/control/a/drop', timeout=5).read()
    wait_for_state(tab, 'a', 'disconnected')           # gave up after its one attempt, and one more to last the reference pattern's 100 ms
    hide(tab)
    time.sleep(0.6)                                     # past hidden_grace
    urllib.request.urlopen(f'{server.url}/control/a/refuse?n=0', timeout=5).read()
    hide(tab, False)
    wait_for_state(tab, 'a', 'active')
    assert open_streams(server, ['a']) == [1]


def test_a_hidden_tab_that_found_its_leader_silent_follows_again(hub_server, open_tabs):
    "Regression (review): a hidden tab that reported its hung leader silent kept saying Disconnected once shown again"
    tabs = open_tabs(hub_server.url, 2, init_script=INSTRUMENT)
    for tab in tabs: wait_for_state(tab, 'news', 'active')
    (holder,) = holders(tabs)
    leader, other = tabs[holder], tabs[1 - holder]
    hide(other)                                         # stops asking for the stream
    leader.evaluate('setTimeout(() => { const end = performance.now() + 1600; while (performance.now() < end); })')
    wait_for_state(other, 'news', 'disconnected')       # nothing streams to it: it says so
    hide(other, False)
    wait_for_state(other, 'news', 'active')
    publish(hub_server, n=1)
    for tab in tabs: wait_shown(tab, 1)
    assert hub_stats(hub_server)['subscribers'] == 1
