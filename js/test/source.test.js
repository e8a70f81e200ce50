// A monitored stream's connection (ManagedSource, source.js) in one tab: when it connects, retries and gives up, its
// watchdog and the server's close reasons. A fake EventSource the test drives, node's mock timers, no browser.
// Run with `node --test js/test/`.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import './protocol_values.js';   // the values Python sends the runtime
import { ManagedSource } from '../src/source.js';
import { FakeSource, element, fakeDocument, fakePage, mockClock } from '../support/fakes.js';

// The schedule of the example in schedule.js: attempts 500, 1500, 2500, 3500, 5500, 9500, ... ms after the loss
const CFG = { connection_id: 'a', status_id: 'sse-status-a', element_id: 'sse-element-a', scope: null, share: false,
              close_event: 'close', heartbeat_event: 'heartbeat', reconnect_delay: 1000, max_backoff_multiplier: 4,
              fast_retry_for: 3000, jitter: 0, max_reconnect_attempts: 8, give_up_after: 0, heartbeat_timeout: 0,
              hidden_grace: 5000, monitor_visibility: true, monitor_network: true, reload_page: false,
              log_to_console: false, indicators: {} };

let tick, doc;
beforeEach((t) => {
  tick = mockClock(t);
  doc = fakeDocument();
  FakeSource.made = [];
  globalThis.navigator = { onLine: true };
});

function stream(changes = {}) { return new ManagedSource('/feed', element(), Object.assign({}, CFG, changes), fakePage()); }
const shown = () => doc.states.map((s) => s.state + (s.reason ? ' ' + s.reason : ''));
const connections = () => FakeSource.made.length;

/* The ms after now at which each new connection is made, over `ms`; each fails as `fail` says */
function attempts(ms, fail = (s) => s.fail(0)) {
  const at = [], started = performance.now();
  let seen = connections();
  for (let done = 0; done < ms; done += 10) {
    tick(10);
    while (seen < connections()) { at.push(performance.now() - started); fail(FakeSource.made[seen++]); }
  }
  return at;
}

test('Live only once the stream opened; the connection asks for the events after the last id', () => {
  const source = stream();
  assert.deepEqual(shown(), ['reconnecting']);
  FakeSource.last().open();
  assert.deepEqual(shown(), ['reconnecting', 'active']);
  assert.equal(source.readyState, 1);
  FakeSource.last().send('message', '<p>1</p>', 'e.7');
  FakeSource.last().fail(0);
  tick(500);
  assert.equal(FakeSource.last().url, '/feed?last_event_id=e.7');
});

test('a lost stream tries again at its places on the grid, then gives up: Disconnected (attempts)', () => {
  const source = stream();
  FakeSource.last().open();
  FakeSource.last().fail(0);   // lost
  assert.deepEqual(attempts(40_000), [500, 1500, 2500, 3500, 5500, 9500, 13500, 17500, 21500, 25500, 29500]);
  assert.equal(doc.states.at(-1).state, 'disconnected');
  assert.equal(doc.states.at(-1).reason, 'attempts');
  assert.equal(source.readyState, 2);
  assert.deepEqual(new Set(doc.states.filter((s) => s.delay !== null).map((s) => s.maxAttempts)), new Set([11]));
});

test('a refusal (an answer that is not a stream) shows Error (refused), and keeps to the grid', () => {
  stream();
  FakeSource.last().fail(2);   // the server answered, not with a stream: CLOSED
  assert.equal(doc.states.at(-1).state, 'error');
  assert.equal(doc.states.at(-1).reason, 'refused');
  assert.deepEqual(attempts(4000, (s) => s.fail(2)), [500, 1500, 2500, 3500]);
});

test('a 204 says stop: Disconnected (no-content), and no more attempts', () => {
  const source = stream();
  FakeSource.last().fail(2, 204);
  assert.deepEqual(shown().at(-1), 'disconnected no-content');
  assert.deepEqual(attempts(10_000), []);
  assert.equal(source.readyState, 2);
});

test('a stream silent for heartbeat_timeout is taken for dead and tried again (silent); its events feed the watchdog', () => {
  stream({ heartbeat_timeout: 3000 });
  FakeSource.last().open();
  for (let i = 0; i < 5; i++) { tick(2000); FakeSource.last().send('heartbeat', ''); }
  assert.equal(connections(), 1);
  tick(3000);
  assert.ok(FakeSource.made[0].closed);
  assert.equal(shown().at(-1), 'reconnecting silent');
  tick(500);
  assert.equal(connections(), 2);
});

test("the server's close event: a shutdown ends the stream, a restart brings it back at the server's hint", () => {
  const ended = stream();
  FakeSource.last().open();
  FakeSource.last().send('close', '{"reason":"shutdown"}');
  assert.equal(shown().at(-1), 'disconnected shutdown');
  assert.equal(ended.readyState, 2);
  assert.deepEqual(attempts(10_000), []);

  doc.states.length = 0;
  stream();
  FakeSource.last().open();
  FakeSource.last().send('close', '{"reason":"restart","retry":2000,"spread":1000}');   // back 2 s from now, spread 1 s
  assert.equal(shown().at(-1), 'reconnecting restart');
  assert.deepEqual(attempts(3000).slice(0, 1), [2500]);   // the slot (0.5) places it in the spread
});

test('a hidden tab closes its stream after hidden_grace, and connects again once shown', () => {
  const source = stream();
  FakeSource.last().open();
  source.connection.presence.hidden();
  tick(4990);
  assert.ok(!FakeSource.last().closed);
  tick(10);
  assert.ok(FakeSource.last().closed);
  assert.equal(shown().at(-1), 'disconnected hidden');
  source.connection.presence.visible();
  assert.equal(connections(), 2);
  FakeSource.last().open();
  assert.equal(shown().at(-1), 'active');
});

test('offline stops trying; online again connects at once, once', () => {
  const source = stream();
  FakeSource.last().open();
  FakeSource.last().fail(0);
  navigator.onLine = false;
  source.connection.presence.offline();
  assert.equal(shown().at(-1), 'disconnected offline');
  assert.deepEqual(attempts(10_000), []);
  navigator.onLine = true;
  source.connection.presence.online();
  source.connection.presence.online();
  assert.equal(connections(), 2);
});

test('a restart asked while a failure is being told (sseMonitor.reconnect in an htmx:sseError handler) makes one connection', () => {
  const source = stream();
  FakeSource.last().fail(2);   // refused: retrying
  tick(500);                   // attempt 1
  let asked = 0;
  source.addEventListener('error', () => { if (!source.connection.live && !asked++) source.connection.restart(); });
  FakeSource.last().fail(2);   // attempt 1 refused too: the handler restarts
  tick(5000);
  const open = FakeSource.made.filter((s) => !s.closed);
  assert.equal(asked, 1);
  assert.equal(open.length, 1, `${open.length} connections left open`);
});

test('while a lost stream is being told, it still shows Live: a reconnect then is not needed (it retries at once)', () => {
  const source = stream();
  FakeSource.last().open();
  const seen = [];
  source.addEventListener('error', () => seen.push([source.connection.live, source.readyState]));
  FakeSource.last().fail(0);
  assert.deepEqual(seen, [[true, 0]]);
  assert.equal(source.connection.live, false);
});

test('a hello for another user stops the stream (a login since the page was made); one for the same user goes on', (t) => {
  t.mock.method(console, 'warn', () => {});
  const mine = 'useraaaaaaaa.cookies11111', hello = (scope) => JSON.stringify({ slot: 0.5, scope });
  stream({ scope: 'useraaaaaaaa.cookies00000' });
  FakeSource.last().open();
  FakeSource.last().send('sse-monitor', hello(mine));                        // the same user, other cookies
  assert.equal(doc.states.at(-1).state, 'active');
  FakeSource.last().send('sse-monitor', hello('userbbbbbbbb.cookies11111'));   // another user
  assert.deepEqual([doc.states.at(-1).state, doc.states.at(-1).reason], ['disconnected', 'session']);
  assert.equal(FakeSource.last().closed, true);
  tick(60_000);
  assert.equal(connections(), 1);                                            // and it does not try again
});
