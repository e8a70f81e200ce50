"""The connection monitor in real Chromium against a real uvicorn server (tests/apps/monitor_app.py).

Timing checks use generous margins over the behaviour under test (the machines are noisy), never absolute
speed targets."""
import json, time, urllib.request
from urllib.parse import quote
import pytest
from fasthtml.common import to_xml
from harness import COUNT_STREAMS, NETWORK_ERRORS, hide, indicator_state, visible_text, wait_for_state, wait_until
from sse_monitor import SSEConnectionConfig, create_connection_status_indicators

pytestmark = pytest.mark.usefixtures('htmx')   # every test on htmx 2 and on htmx 4


# Installed before any page script: records state events, EventSource constructions and the listeners added
# to document and window, so tests can count what the runtime does.
INSTRUMENT = COUNT_STREAMS + '''
window.__states = [];
document.addEventListener('sse-monitor:state', (e) => window.__states.push(Object.assign({t: Date.now()}, e.detail)));
// Every indicator the status containers showed, as the user saw it: the state and the container's HTML, recorded
// once the page is parsed and then at every change.
window.__shown = [];
document.addEventListener('DOMContentLoaded', () => {
  const last = new Map();
  const record = () => {
    for (const box of document.querySelectorAll('[id^="sse-status-"]')) {
      if (last.get(box) === box.innerHTML) continue;
      last.set(box, box.innerHTML);
      const state = box.querySelector('[data-sse-state]')?.dataset.sseState ?? null;
      window.__shown.push({id: box.id.slice('sse-status-'.length), state, html: box.innerHTML, t: Date.now()});
    }
  };
  record();
  new MutationObserver(record).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
});
window.__listeners = {};
const addEventListener = EventTarget.prototype.addEventListener;
EventTarget.prototype.addEventListener = function (type, listener, options) {
  if (this === document || this === window) window.__listeners[type] = (window.__listeners[type] || 0) + 1;
  return addEventListener.call(this, type, listener, options);
};
'''

QUICK = dict(reconnect_delay=200, max_backoff_multiplier=5, max_reconnect_attempts=20)  # cap: 1 s


def _json(url): return json.loads(urllib.request.urlopen(url, timeout=5).read())

def stats(server, cid='a'): return _json(f'{server.url}/stats').get(cid, {'connections': [], 'open': 0})

def server_pid(server) -> int: return _json(f'{server.url}/stats')['pid']

def control(server, cid, action, **params):
    query = '&'.join(f'{k}={v}' for k, v in params.items())
    urllib.request.urlopen(f'{server.url}/control/{cid}/{action}?{query}', timeout=5).read()

def page_url(server, path='/', cfg=None, **params):
    query = {'cfg': json.dumps(cfg or {}), **params}
    return f'{server.url}{path}?' + '&'.join(f'{k}={quote(str(v))}' for k, v in query.items())

def state_of(page, cid='a'): return indicator_state(page, cid)

def wait_state(page, state, cid='a', timeout=5.0) -> float: return wait_for_state(page, cid, state, timeout)

def states(page, cid='a'): return [s for s in page.evaluate('window.__states') if s['connectionId'] == cid]

def shown(page, cid='a'): return [s for s in page.evaluate('window.__shown') if s['id'] == cid]

def assert_shown_as_python_renders(page, cid, indicators=None):
    "Every indicator the page showed for `cid` is exactly the HTML Python renders for that state"
    indicators = indicators or create_connection_status_indicators()
    seen = shown(page, cid)
    assert seen, 'nothing recorded'
    for s in seen: assert s['html'].strip() == to_xml(indicators[s['state']]).strip(), s
    return [s['state'] for s in seen]

def wait_text(page, cid, text, timeout=5.0):
    "Wait until the SSE element of `cid` shows `text` (content swapped in from its stream)"
    page.wait_for_function('([id, t]) => document.getElementById(`sse-element-${id}`)?.innerText === t',
                           arg=[cid, text], timeout=timeout * 1000)


@pytest.fixture
def server(serve): return serve('monitor_app:app')

@pytest.fixture
def monitor(server, open_page):
    "Open a monitored page; returns the Playwright page"
    def open_(path='/', cfg=None, **params):
        return open_page(page_url(server, path, cfg, **params), init_script=INSTRUMENT)
    return open_


def test_live_only_once_the_server_opened_the_stream(server, monitor):
    "Never Live too early: the server answers 500 ms after the request arrives, and Live follows the answer"
    page = monitor(delay=500)
    wait_state(page, 'active')
    arrived = stats(server)['connections'][0]
    live = next(s['t'] for s in shown(page) if s['state'] == 'active') / 1000
    # (2 ms of slack: the page's Date.now() truncates to the millisecond)
    assert arrived + 0.5 - 0.002 <= live < arrived + 0.5 + 2, live - arrived
    assert next(s['t'] for s in states(page) if s['state'] == 'active') / 1000 >= arrived + 0.5 - 0.002
    assert visible_text(page, '#sse-status-a') == 'Live'
    # Every indicator the runtime showed (patched in place) is exactly the one Python renders for that state.
    assert assert_shown_as_python_renders(page, 'a') == ['reconnecting', 'active']


def test_kill_then_restart_on_the_same_port(server, monitor, watch):
    watch.allow(*NETWORK_ERRORS)
    page = monitor(cfg=QUICK)
    wait_state(page, 'active')
    wait_text(page, 'a', f'a connection 1 ({server_pid(server)})')
    server.kill()
    page.wait_for_function("document.querySelector('#sse-status-a [data-sse-state]').dataset.sseState !== 'active'", timeout=3000)
    assert state_of(page) in ('reconnecting', 'error')
    time.sleep(1.5)
    server.restart()
    cap = QUICK['reconnect_delay'] * QUICK['max_backoff_multiplier'] / 1000
    wait_state(page, 'active', timeout=cap + 2)
    wait_text(page, 'a', f'a connection 1 ({server_pid(server)})')   # content from the new server process
    time.sleep(0.5)
    assert len(stats(server)['connections']) == 1 and stats(server)['open'] == 1   # one reconnection, no duplicate
    # The attempts kept to the 200 ms grid: none waited longer than one gap
    retries = [s for s in states(page) if s['delay'] is not None]
    assert retries and all(0 <= s['delay'] <= QUICK['reconnect_delay'] for s in retries), retries


def test_attempt_limit_then_silence_then_click_to_retry(server, monitor, watch):
    watch.allow(*NETWORK_ERRORS)
    cfg = dict(reconnect_delay=300, max_backoff_multiplier=4, fast_retry_for=700, max_reconnect_attempts=7)
    page = monitor(cfg=cfg, slot=0.5, delay=150)   # the hello puts the page mid-gap; every answer takes 150 ms
    wait_state(page, 'active')
    control(server, 'a', 'refuse', n=1000)
    control(server, 'a', 'drop')
    wait_state(page, 'error')   # the server answers, but not with a stream
    wait_state(page, 'disconnected', timeout=10)
    times = stats(server)['connections'][1:]   # the attempts after the loss
    # The attempts really kept to the grid, measured on the server: 300 ms apart until 700 ms into the outage (at 150,
    # 450, 750 ms), then doubling to the 1200 ms cap. The grid is anchored to the loss: the 150 ms each refusal takes
    # does not add up from one attempt to the next. After its 7 attempts (the 7th at 4.95 s) it goes on as long as the
    # reference pattern would try with these numbers, 300 + 600 + 5 * 1200 = 6900 ms: an 8th at 6.15 s, a 9th at 7.35 s.
    planned = [0, 300, 600, 1200, 2400, 3600, 4800, 6000, 7200]
    assert len(times) == len(planned), times
    offsets = [(t - times[0]) * 1000 for t in times]
    # (100 ms of slack for a busy 2-core machine: a timer fired 60.2 ms late once; a grid that drifted would be 150 ms
    # later at every attempt)
    late = [o - at for o, at in zip(offsets, planned)]
    assert max(late) - min(late) < 100, offsets
    # Each gap is the delay the runtime reported for that attempt, plus the refusal it followed; every attempt said how
    # many the outage would have
    retries = [s for s in states(page) if s['delay'] is not None]
    delays = {s['attempt']: s['delay'] for s in retries}
    assert sorted(delays) == list(range(1, len(planned) + 1)), delays
    assert {s['maxAttempts'] for s in retries} == {len(planned)}, retries
    for attempt, gap in enumerate((b - a for a, b in zip(times, times[1:])), start=2):
        assert delays[attempt] / 1000 + 0.15 - 0.005 <= gap <= delays[attempt] / 1000 + 0.15 + 0.1, (attempt, gap, delays[attempt])
    assert states(page)[-1]['reason'] == 'attempts'
    after_loss = [s['state'] for s in states(page)][2:]
    assert 'active' not in after_loss and 'active' not in [s['state'] for s in shown(page)][2:]   # never Live while refused
    time.sleep(3)
    assert len(stats(server)['connections']) == 1 + len(times)   # gave up: nothing reaches the server
    control(server, 'a', 'refuse', n=0)
    page.click('#sse-status-a')                               # the documented way to start again
    wait_state(page, 'active')
    assert len(stats(server)['connections']) == 2 + len(times)
    # Every state the user saw, patched in place by the runtime, is exactly what Python renders for it.
    assert set(assert_shown_as_python_renders(page, 'a')) == {'reconnecting', 'error', 'disconnected', 'active'}


def test_a_204_says_stop_on_htmx4(server, monitor, watch):
    # The standard's way for a server to end a stream for good: HTTP 204 No Content. A FetchSource tells it from a failure;
    # Chromium's EventSource (htmx 2) does not say why it failed, so there a 204 is a refusal like any other, retried.
    if not server.htmx4: pytest.skip('an EventSource does not say the status it was refused with')
    watch.allow(*NETWORK_ERRORS)
    page = monitor(cfg=QUICK)
    wait_state(page, 'active')
    control(server, 'a', 'refuse', n=1000, code=204)
    control(server, 'a', 'drop')
    wait_state(page, 'disconnected')
    time.sleep(1.5)   # QUICK would have tried again twice by now
    assert len(stats(server)['connections']) == 2
    assert states(page)[-1]['state'] == 'disconnected' and states(page)[-1]['reason'] == 'no-content', states(page)
    seen = [s['state'] for s in states(page)]
    assert 'active' not in seen[seen.index('active') + 1:], seen   # never shown Live by an answer that is no stream
    control(server, 'a', 'refuse', n=0)
    page.click('#sse-status-a')   # a click starts again, as after any end
    wait_state(page, 'active')


def test_default_schedule_finds_a_server_that_is_back_after_25s(server, monitor, watch):
    watch.allow(*NETWORK_ERRORS)
    page = monitor(cfg=dict(log_to_console=False))   # SSEConnectionConfig's defaults otherwise
    wait_state(page, 'active')
    server.kill()
    time.sleep(25)
    assert state_of(page) == 'reconnecting'
    server.restart()
    wait_state(page, 'active', timeout=SSEConnectionConfig().reconnect_delay / 1000 + 2)   # one gap, and a margin
    attempts = max(s['attempt'] for s in states(page))
    assert attempts < SSEConnectionConfig().max_reconnect_attempts


def test_server_goodbye_close_event_and_oob_swap(server, monitor, open_page, watch):
    "close event on a helper-built element and on a hand-written one (no sse-close), and the OOB shutdown swap"
    helper = monitor(ids='a,oob')
    hand = open_page(page_url(server, '/handwritten'), init_script=INSTRUMENT)
    for page, cid in ((helper, 'a'), (helper, 'oob'), (hand, 'hand')): wait_state(page, 'active', cid)
    control(server, 'a', 'close')
    control(server, 'hand', 'close')
    control(server, 'oob', 'oob')
    for page, cid in ((helper, 'a'), (helper, 'oob'), (hand, 'hand')): wait_state(page, 'disconnected', cid, timeout=1)
    assert states(helper, 'a')[-1]['reason'] == 'test-close'
    assert states(hand, 'hand')[-1]['reason'] == 'test-close'
    assert helper.inner_text('#sse-element-oob') == 'oob stream ended'
    counts = {cid: len(stats(server, cid)['connections']) for cid in ('a', 'oob', 'hand')}
    time.sleep(10)
    assert {cid: len(stats(server, cid)['connections']) for cid in counts} == counts == {'a': 1, 'oob': 1, 'hand': 1}
    assert helper.evaluate('window.__eventSources') == 2 and hand.evaluate('window.__eventSources') == 1
    # The hand-written monitor swaps whole indicators (SSEConnectionMonitorScript): exactly Python's, state by state.
    assert assert_shown_as_python_renders(hand, 'hand') == ['reconnecting', 'active', 'disconnected']


def test_hidden_tab_closes_after_grace_and_visible_reconnects(server, monitor):
    page = monitor(cfg=dict(hidden_grace=500))
    wait_state(page, 'active')
    for cycle in range(3):
        hide(page)
        time.sleep(0.2)
        assert stats(server)['open'] == 1            # still within the grace period
        wait_until(lambda: stats(server)['open'] == 0, timeout=3)
        assert state_of(page) == 'disconnected'
        hide(page, False)
        wait_state(page, 'active', timeout=1)         # at once, no backoff
        time.sleep(0.3)
        assert stats(server)['open'] == 1, cycle
    hide(page); time.sleep(0.1); hide(page, False)      # back before the grace period ends: nothing happens
    time.sleep(1)
    assert stats(server)['open'] == 1 and len(stats(server)['connections']) == 4


def test_hidden_tab_that_goes_offline_and_online_still_closes_after_grace(server, monitor, watch):
    "Regression: coming back online in a hidden tab reconnected and then kept the stream open for good"
    watch.allow(*NETWORK_ERRORS)
    page = monitor(cfg=dict(hidden_grace=1000))
    wait_state(page, 'active')
    hide(page)
    page.context.set_offline(True)
    wait_state(page, 'disconnected')
    page.context.set_offline(False)
    wait_state(page, 'active')   # back online: reconnects, but the tab is still hidden...
    wait_until(lambda: stats(server)['open'] == 0, timeout=3)   # ...so the grace period applies again
    assert state_of(page) == 'disconnected' and states(page)[-1]['reason'] == 'hidden'


def test_invalid_monitor_configurations_do_not_stop_other_streams(server, monitor, watch):
    "Regression: one unparsable <script data-sse-monitor> made createEventSource throw for every element"
    watch.allow('sse-monitor: ignoring an invalid monitor configuration JSHandle@node')
    page = monitor(junk=1)
    wait_state(page, 'active')
    assert sum('invalid monitor configuration' in text for text, _ in watch.console_errors) == 3


def test_hidden_tab_keeps_its_stream_without_monitor_visibility(server, monitor):
    page = monitor(cfg=dict(hidden_grace=200, monitor_visibility=False))
    wait_state(page, 'active')
    hide(page)
    time.sleep(1.5)
    assert stats(server)['open'] == 1 and state_of(page) == 'active'


def test_offline_stops_retrying(server, monitor, watch):
    watch.allow(*NETWORK_ERRORS)
    page = monitor(cfg=QUICK)
    wait_state(page, 'active')
    page.context.set_offline(True)
    wait_state(page, 'disconnected', timeout=1)
    assert states(page)[-1]['reason'] == 'offline'
    created = page.evaluate('window.__eventSources')
    control(server, 'a', 'drop')   # the stream ends while offline: with QUICK's 200 ms grid, a retry would be due at once
    time.sleep(2)
    assert page.evaluate('window.__eventSources') == created   # no attempts while offline
    page.context.set_offline(False)
    wait_state(page, 'active', timeout=1)


def test_online_again_reconnects_at_once_and_once(server, monitor, watch):
    "Back online: Live within 1 s, where the next scheduled attempt would be 3 s away, with exactly one new connection"
    watch.allow(*NETWORK_ERRORS)
    page = monitor(cfg=dict(reconnect_delay=3000, max_backoff_multiplier=1), slot=0.99)
    wait_state(page, 'active')
    page.context.set_offline(True)
    wait_state(page, 'disconnected', timeout=1)
    connections = len(stats(server)['connections'])
    page.context.set_offline(False)
    wait_state(page, 'active', timeout=1)
    time.sleep(3.5)   # longer than a scheduled retry would take: a second connection would show by now
    assert len(stats(server)['connections']) == connections + 1 and stats(server)['open'] == 1


def test_offline_without_monitor_network_keeps_trying(server, monitor, watch):
    watch.allow(*NETWORK_ERRORS)
    page = monitor(cfg=dict(QUICK, monitor_network=False))
    wait_state(page, 'active')
    page.context.set_offline(True)
    created = page.evaluate('window.__eventSources')
    control(server, 'a', 'drop')   # an offline browser keeps its open stream: end it, so that it must reconnect
    time.sleep(3)
    assert page.evaluate('window.__eventSources') > created + 1
    page.context.set_offline(False)


@pytest.mark.parametrize('heartbeat_event, beat', [('heartbeat', 'heartbeat'), ('ping', 'ping'), ('heartbeat', 'message')],
                         ids=['heartbeats', 'custom-heartbeats', 'messages'])
def test_a_healthy_stream_feeds_the_watchdog(server, monitor, heartbeat_event, beat):
    "Heartbeats under the configured name, or messages, every 150 ms keep a 600 ms watchdog quiet for 2 s"
    page = monitor(cfg=dict(QUICK, heartbeat_timeout=600, heartbeat_event=heartbeat_event), tick=150, beat=beat)
    wait_state(page, 'active')
    time.sleep(2)
    assert len(stats(server)['connections']) == 1 and stats(server)['open'] == 1
    assert [s['state'] for s in states(page)] == ['reconnecting', 'active'], states(page)


def test_heartbeat_watchdog_reconnects_a_silent_stream(server, monitor):
    page = monitor(cfg=dict(QUICK, heartbeat_timeout=1000), tick=200)
    wait_state(page, 'active')
    control(server, 'a', 'silence')
    wait_until(lambda: len(stats(server)['connections']) == 2, timeout=1 + 1 + 1)   # timeout + first delay + margin
    wait_state(page, 'active')
    wait_text(page, 'a', f'a connection 2 ({server_pid(server)})')   # content flows on the new connection
    assert any(s['reason'] == 'silent' for s in states(page))


def test_silent_stream_is_kept_without_heartbeat_timeout(server, monitor):
    page = monitor(cfg=QUICK, tick=200)
    wait_state(page, 'active')
    control(server, 'a', 'silence')
    time.sleep(2.5)
    assert len(stats(server)['connections']) == 1 and state_of(page) == 'active'


def test_heartbeat_event_name_is_configurable(server, monitor):
    "Events under another name do not feed the watchdog: the server's `heartbeat` events do not count for `ping`"
    if server.htmx4: pytest.skip("htmx 4 makes every named event a DOM event the page reads: each one feeds the watchdog")
    page = monitor(cfg=dict(QUICK, heartbeat_timeout=1000, heartbeat_event='ping'), tick=200)
    wait_state(page, 'active')
    wait_until(lambda: len(stats(server)['connections']) == 2, timeout=3)
    assert any(s['reason'] == 'silent' for s in states(page))


HTMX4_EVENTS = """
window.__events = [];
for (const type of ['tock', 'then', 'open', 'error'])
  addEventListener(type, e => window.__events.push([type, e.target.id, e.detail && e.detail.data,
                                                    document.getElementById('sse-element-a')?.innerText]));
"""

def test_named_events_become_dom_events_on_htmx4(server, open_page, watch):
    """As hx-sse does: a named event of the stream is a DOM event on the element, with its data, after the swaps the
    stream sent before it; a stream of named events alone keeps the watchdog fed; the connection's own open is no event"""
    if not server.htmx4: pytest.skip('htmx-ext-sse (htmx 2) swaps named events it is told to; it makes no DOM events of them')
    page = open_page(page_url(server, cfg=dict(QUICK, heartbeat_timeout=500), beat='tock', tick=100, then='then'),
                     init_script=INSTRUMENT + HTMX4_EVENTS)
    wait_until(lambda: sum(e[0] == 'tock' for e in page.evaluate('window.__events')) >= 12, what='twelve tocks', timeout=4)
    events = page.evaluate('window.__events')
    connected = f'a connection 1 ({server_pid(server)})'
    assert events[0] == ['then', 'sse-element-a', 'right after', connected]   # the swap of the same write came first
    assert {(t, target) for t, target, *_ in events[1:]} == {('tock', 'sse-element-a')}   # no 'open' or 'error' events
    assert all(data.isdigit() for _, _, data, _ in events[1:]), events
    assert len(stats(server)['connections']) == 1 and not any(s['reason'] == 'silent' for s in states(page))


HX_SSE_EVENTS = """
window.__sse = [];   // [name, t, reason or event, data] of each htmx:sse:* event, as hx-sse's listeners would see them
for (const name of ['before:connection', 'after:connection', 'before:message', 'after:message', 'error', 'close'])
  document.addEventListener(('htmx:sse:' + name).replaceAll(':', '-'), (e) => {   // FastHTML's metaCharacter: '-'
    const message = e.detail.message || {};
    window.__sse.push([name, performance.now(), e.detail.reason ?? message.event ?? null, message.data ?? null]);
    if (name === 'before:message' && message.event === 'then') e.detail.cancelled = true;   // as hx-sse's docs show
    if (name === 'before:message' && message.event === 'tock' && message.data === '1')     // holds the stream back
      e.detail.waitUntil(new Promise((done) => setTimeout(done, 300)));
    if (name === 'before:message' && window.__hold)                                         // holds every message
      e.detail.waitUntil(new Promise((done) => setTimeout(done, window.__hold)));
    if (name === 'before:connection' && (window.__cancel || localStorage.getItem('cancel-next'))) {
      localStorage.removeItem('cancel-next');   // (a tab that opens next cancels, once)
      e.preventDefault();
    }
  });
"""

def test_hx_sse_events_and_request_headers_on_htmx4(server, open_page, watch):
    """A monitored element fires hx-sse's events, as hx-sse would: a cancelled message is neither swapped nor
    dispatched, waitUntil holds the stream back in order, a lost stream is an error and then a new connection, the
    server's close event closes it; its requests carry HX-Request, HX-Current-URL and the element's hx-headers"""
    if not server.htmx4: pytest.skip('htmx:sse:* events are hx-sse\'s (htmx 4)')
    watch.allow(*NETWORK_ERRORS)
    url = page_url(server, cfg=QUICK, beat='tock', tick=100, then='then', headers='{"X-Test": "kept"}')
    page = open_page(url, init_script=INSTRUMENT + HTMX4_EVENTS + HX_SSE_EVENTS)
    wait_until(lambda: sum(e[0] == 'tock' for e in page.evaluate('window.__events')) >= 3, what='three tocks', timeout=4)
    control(server, 'a', 'drop')
    wait_until(lambda: len(stats(server)['connections']) == 2, timeout=3)
    wait_state(page, 'active')
    page.evaluate('window.__hold = 150')   # the messages queue up behind their listeners: the close comes after them
    time.sleep(0.5)
    control(server, 'a', 'close')
    wait_state(page, 'disconnected', timeout=2)
    page.wait_for_function("window.__sse.some(([name]) => name === 'close')", timeout=5000)
    page.click('#replace-a')   # htmx cleans the ended element up (hx-sse's cleanup, too, runs first on this page)
    page.wait_for_selector('text=a replaced')
    sse = page.evaluate('window.__sse')
    names = [n for n, *_ in sse if n.endswith('connection') or n in ('error', 'close')]
    assert names == ['before:connection', 'after:connection', 'error', 'before:connection', 'after:connection', 'close'], names
    assert sse[-1][:1] + sse[-1][2:3] == ['close', 'server'], sse[-4:]   # the monitor's reason, after every message before it
    assert [r for n, _, r, _ in sse[-3:-1]] == ['close', 'close'] and sse[-4][0] == 'after:message'   # the close event's own
    assert [e[0] for e in page.evaluate('window.__events')].count('then') == 0   # cancelled: no DOM event
    assert ['after:message', 'then'] not in [[n, r] for n, _, r, _ in sse]
    held = next(t for n, t, r, d in sse if n == 'before:message' and (r, d) == ('tock', '1'))
    after = [(t, d) for n, t, r, d in sse if n == 'after:message' and r == 'tock']
    assert after[0][1] == '1' and after[0][0] >= held + 300, after[:2]   # held 300 ms, and the next tock waited for it
    assert [d for _, d in after][:3] == ['1', '2', '3']
    swapped = [d for n, _, r, d in sse if n == 'after:message' and r == '']
    assert len(swapped) == 2 and all('a connection' in d for d in swapped)   # the unnamed message of each connection
    expected = {'hx-request': 'true', 'hx-current-url': url, 'x-test': 'kept'}
    assert stats(server)['headers'] == [expected, expected]


CONNECTION_FIELDS = """
window.__fields = [];   // what a listener of hx-sse's events reads of detail.connection
for (const name of ['after:connection', 'after:message'])
  document.addEventListener(('htmx:sse:' + name).replaceAll(':', '-'), (e) => {
    const c = e.detail.connection;
    window.__fields.push([name, c.url, c.readyState, typeof c.lastEventId, typeof c.attempt]);
  });
"""

def test_hx_sse_events_say_where_the_connection_is_on_htmx4(server, open_page, watch):
    """Regression (found in the runtime redesign's review): detail.connection of an htmx:sse:* event is the element's
    view of its connection, and a listener written for hx-sse reads its url, readyState, lastEventId and attempt there
    (they read undefined once the view no longer was the connection)"""
    if not server.htmx4: pytest.skip('htmx:sse:* events are hx-sse\'s (htmx 4)')
    page = open_page(page_url(server, cfg=QUICK, beat='tock', tick=100), init_script=CONNECTION_FIELDS)
    wait_until(lambda: any(f[0] == 'after:message' for f in page.evaluate('window.__fields')), what='a message', timeout=4)
    fields = page.evaluate('window.__fields')
    opened = next(f for f in fields if f[0] == 'after:connection')
    assert '/' in opened[1] and opened[2:] == [1, 'string', 'number'], opened
    assert all(f[2:] == [1, 'string', 'number'] for f in fields if f[0] == 'after:message'), fields


def test_hx_sse_events_in_every_tab_on_htmx4(server, open_tabs, open_page, watch):
    """A tab that follows another's connection fires htmx:sse:before:connection too, and cancelling it there closes only
    that tab's element; an unshared element's hx-on handlers hear its first before:connection (htmx processed it first)
    and, when htmx swaps it out, its close (while it is still there)"""
    if not server.htmx4: pytest.skip('htmx:sse:* events are hx-sse\'s (htmx 4)')
    first, = open_tabs(page_url(server), 1, init_script=INSTRUMENT + HX_SSE_EVENTS)
    wait_state(first, 'active')
    second = watch.attach(first.context.new_page())
    second.goto(page_url(server))
    wait_state(second, 'active')
    assert [n for n, *_ in second.evaluate('window.__sse') if n.endswith('connection')] == ['before:connection', 'after:connection']
    first.evaluate("localStorage.setItem('cancel-next', '1')")
    third = watch.attach(first.context.new_page())
    third.goto(page_url(server))
    third.wait_for_function("window.__sse.some(([name]) => name === 'close')", timeout=5000)
    assert [(n, r) for n, _, r, _ in third.evaluate('window.__sse')] == [('before:connection', None), ('close', 'cancelled')]
    wait_state(third, 'disconnected')
    assert [state_of(tab) for tab in (first, second)] == ['active', 'active'] and len(stats(server)['connections']) == 1
    alone = open_page(page_url(server, '/', dict(share=False), on='window.__heard = (window.__heard || 0) + 1',
                               on_close='window.__closed = (window.__closed || []).concat([reason])'))
    wait_state(alone, 'active')
    assert alone.evaluate('window.__heard') == 1
    alone.click('#replace-a')
    alone.wait_for_selector('text=a replaced')
    assert alone.evaluate('window.__closed') == ['cleanup']


def test_every_tab_announces_the_end_on_htmx4(server, open_tabs, watch):
    "When the tab that holds a stream gives up, each tab's element announces its end (htmx:sse:close, 'attempts')"
    if not server.htmx4: pytest.skip('htmx:sse:* events are hx-sse\'s (htmx 4)')
    watch.allow(*NETWORK_ERRORS)
    tabs = open_tabs(page_url(server, cfg=dict(QUICK, max_reconnect_attempts=2)), 2, init_script=INSTRUMENT + HX_SSE_EVENTS)
    for tab in tabs: wait_state(tab, 'active')
    control(server, 'a', 'refuse', n=1000)
    control(server, 'a', 'drop')
    for tab in tabs:
        tab.wait_for_function("window.__sse.some(([name]) => name === 'close')", timeout=8000)
        assert [r for n, _, r, _ in tab.evaluate('window.__sse') if n == 'close'] == ['attempts']


def test_every_tab_says_how_many_attempts_the_outage_has(server, open_tabs, watch):
    """The tab that holds a shared stream and the tab that follows it say the same attempt of the same total
    (maxAttempts), and that total is what the schedule makes: more than max_reconnect_attempts, since it goes on until
    the reference pattern would stop"""
    watch.allow(*NETWORK_ERRORS)
    cfg = dict(QUICK, max_reconnect_attempts=2)   # the reference pattern tries 200 and 600 ms after the loss
    tabs = open_tabs(page_url(server, cfg=cfg, slot=0.5), 2, init_script=INSTRUMENT)   # the grid: 100, 300, 500, 700 ms
    for tab in tabs: wait_state(tab, 'active')
    control(server, 'a', 'refuse', n=1000)
    control(server, 'a', 'drop')
    for tab in tabs: wait_state(tab, 'disconnected')
    assert len(stats(server)['connections']) == 1 + 4
    for tab in tabs:
        retries = [(s['attempt'], s['maxAttempts']) for s in states(tab) if s['delay'] is not None]
        assert sorted({a for a, _ in retries}) == [1, 2, 3, 4] and {m for _, m in retries} == {4}, retries
        end = states(tab)[-1]
        assert (end['state'], end['reason'], end['attempt'], end['maxAttempts']) == ('disconnected', 'attempts', 4, 4), end
    assert {s['maxAttempts'] for tab in tabs for s in states(tab) if s['state'] == 'active'} == {None}


def test_hx_trigger_says_when_to_connect_on_htmx4(server, open_page, watch):
    """As with hx-sse, an element with hx-trigger="click" connects on its first click, not before; a cancelled
    htmx:sse:before:connection closes it (reason 'cancelled') with no request, and the next click connects"""
    if not server.htmx4: pytest.skip('htmx-ext-sse (htmx 2) connects at once, whatever hx-trigger says')
    page = open_page(page_url(server, trigger='click'), init_script=INSTRUMENT + HX_SSE_EVENTS)
    page.wait_for_load_state()
    time.sleep(1)
    assert stats(server)['connections'] == [] and page.evaluate('window.__sse') == []
    page.evaluate('window.__cancel = true')
    page.click('#sse-element-a')
    wait_until(lambda: [n for n, *_ in page.evaluate('window.__sse')] == ['before:connection', 'close'], timeout=2)
    assert page.evaluate('window.__sse')[-1][2] == 'cancelled'
    page.evaluate('window.__cancel = false')
    page.click('#sse-element-a')
    wait_state(page, 'active')
    assert len(stats(server)['connections']) == 1 and page.inner_text('#sse-element-a').startswith('a connection 1')


def test_custom_swap_event_content_after_a_reconnect(server, monitor, watch):
    "An element swapping `news` events gets them on its first connection and again after a reconnect"
    if server.htmx4: pytest.skip('htmx 4 swaps unnamed messages only: its named events become DOM events')
    watch.allow(*NETWORK_ERRORS)
    page = monitor(cfg=QUICK, swap='news')
    wait_text(page, 'a', f'a connection 1 ({server_pid(server)})')
    control(server, 'a', 'drop')
    wait_text(page, 'a', f'a connection 2 ({server_pid(server)})')
    assert state_of(page) == 'active'


def test_close_event_name_is_configurable(server, open_page, watch):
    """With close_event='bye', a `close` event is just an event (when the stream then ends, the monitor reconnects),
    and a `bye` event closes the stream for good"""
    watch.allow(*NETWORK_ERRORS)
    page = open_page(page_url(server, '/handwritten', dict(QUICK, close_event='bye')), init_script=INSTRUMENT)
    wait_state(page, 'active', 'hand')
    control(server, 'hand', 'close')
    wait_until(lambda: len(stats(server, 'hand')['connections']) == 2, timeout=3)
    wait_state(page, 'active', 'hand')
    assert 'disconnected' not in [s['state'] for s in states(page, 'hand')]
    control(server, 'hand', 'close', event='bye')
    wait_state(page, 'disconnected', 'hand', timeout=1)
    assert states(page, 'hand')[-1]['reason'] == 'test-close'
    time.sleep(1.5)   # more than QUICK's cap: a reconnect would have come
    assert len(stats(server, 'hand')['connections']) == 2 and stats(server, 'hand')['open'] == 0


def test_no_ghost_connection_after_swap_removal_or_boosted_navigation(server, monitor, watch):
    watch.allow(*NETWORK_ERRORS)
    cfg = dict(reconnect_delay=3000, max_backoff_multiplier=1)
    page = monitor(ids='a,b,c', cfg=cfg, slot=0.99)   # every first retry is due 2.97 s after its loss
    for cid in 'abc': wait_state(page, 'active', cid)
    listeners = page.evaluate('window.__listeners')
    def lose(cid):
        "The stream of `cid` ends and cannot come back: a retry is scheduled"
        control(server, cid, 'refuse', n=1000)
        control(server, cid, 'drop')
        wait_until(lambda: any(s['delay'] for s in states(page, cid)))
    lose('a')   # a: swapped out by htmx while a retry is scheduled
    page.click('#replace-a')
    page.wait_for_selector('text=a replaced')
    lose('c')   # c: removed from the DOM by plain JavaScript (htmx cleans nothing up) while a retry is scheduled
    page.evaluate("document.getElementById('box-c').remove()")
    lose('b')   # b: the page is left through hx-boost while a retry is scheduled
    page.click('#go-other')
    page.wait_for_selector('text=No monitors here.')
    time.sleep(cfg['reconnect_delay'] / 1000 + 1)
    # Exact counts: the first connection of each, and not one attempt more (a ghost would be a second)
    assert {cid: len(stats(server, cid)['connections']) for cid in 'abc'} == {'a': 1, 'b': 1, 'c': 1}
    # Back and forth with hx-boost: one stream per monitor, and no listener is added twice.
    for cid in 'abc': control(server, cid, 'refuse', n=0)
    for _ in range(3):
        page.click('#go-back')
        for cid in 'abc': wait_state(page, 'active', cid)
        page.click('#go-other')
        page.wait_for_selector('text=No monitors here.')
    page.click('#go-back')
    for cid in 'abc': wait_state(page, 'active', cid)
    time.sleep(0.5)
    assert [stats(server, cid)['open'] for cid in 'abc'] == [1, 1, 1]
    assert page.evaluate('window.__listeners') == listeners


def test_two_monitors_are_independent_and_share_one_runtime(server, monitor, watch):
    watch.allow(*NETWORK_ERRORS)
    page = monitor(ids='a,b', cfg=QUICK)
    wait_state(page, 'active', 'a')
    wait_state(page, 'active', 'b')
    assert page.locator('script[data-sse-monitor-runtime]').count() == 1
    assert page.content().count('sse-monitor runtime') == 1
    control(server, 'a', 'refuse', n=1000)
    control(server, 'a', 'drop')
    wait_state(page, 'error', 'a')
    time.sleep(1)
    assert state_of(page, 'b') == 'active' and stats(server, 'b')['open'] == 1
    assert all(s['state'] == 'active' for s in states(page, 'b')[1:])


HOSTILE = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"> "dq" \'sq\' `bt` ${1+1}'

def test_hostile_labels_and_indicators_stay_text(server, open_page, watch):
    watch.allow(*NETWORK_ERRORS)
    page = open_page(page_url(server, '/hostile', label=HOSTILE), init_script=INSTRUMENT)
    wait_state(page, 'active', 'labels')
    wait_state(page, 'active', 'custom')
    assert visible_text(page, '#sse-status-labels') == f'active {HOSTILE}'
    assert page.inner_text('#sse-status-custom .custom') == HOSTILE
    assert page.evaluate('window.__pwned') is None
    assert page.locator('#sse-status-labels img, #sse-status-custom img').count() == 0


@pytest.mark.parametrize('log', [True, False])
def test_log_to_console(server, monitor, watch, log):
    watch.allow(*NETWORK_ERRORS)
    page = monitor(cfg=dict(QUICK, log_to_console=log))
    wait_state(page, 'active')
    server.kill()
    wait_state(page, 'reconnecting')
    server.restart()
    wait_state(page, 'active')
    ours = [m for m in watch.messages if '[sse-monitor' in m]
    assert bool(ours) == log, watch.messages
