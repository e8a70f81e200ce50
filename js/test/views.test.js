// The views of a Connection (connection.js): htmx-ext-sse's EventSource (ManagedSource, source.js), the indicator
// (StatusView, indicator.js) and any View, in the order the page needs what they are told. A fake EventSource the test
// drives, node's mock timers, a fake document. Run with `node --test js/test/`.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import './protocol_values.js';   // the values Python sends the runtime
import { Connection } from '../src/connection.js';
import { ManagedSource } from '../src/source.js';
import { StatusView } from '../src/indicator.js';
import { Phase } from '../src/phase.js';
import { FakeSource, element, fakeDocument, fakePage, mockClock } from '../support/fakes.js';

const CFG = { connection_id: 'a', status_id: 'sse-status-a', element_id: 'sse-element-a', scope: null, share: false,
              close_event: 'close', heartbeat_event: 'heartbeat', reconnect_delay: 1000, max_backoff_multiplier: 4,
              fast_retry_for: 3000, jitter: 0, max_reconnect_attempts: 8, give_up_after: 0, heartbeat_timeout: 0,
              hidden_grace: 5000, monitor_visibility: true, monitor_network: true, reload_page: false,
              log_to_console: false, indicators: {} };

let doc;
beforeEach((t) => {
  mockClock(t);
  doc = fakeDocument();
  FakeSource.made = [];
  globalThis.navigator = { onLine: true };
});

test("htmx-ext-sse hears the server's close event once the stream has ended (readyState CLOSED), a view before", () => {
  const seen = [];
  const source = new ManagedSource('/feed', element(), CFG, fakePage());
  source.connection.views.push({ heard: (type) => seen.push(['view', type, source.connection.phase]) });
  source.addEventListener('close', () => seen.push(['htmx-ext-sse', 'close', source.readyState]));
  FakeSource.last().open();
  FakeSource.last().send('close', '{"reason":"shutdown"}');
  assert.deepEqual(seen, [['view', 'close', Phase.OPEN], ['htmx-ext-sse', 'close', 2]]);
  assert.equal(source.connection.why, 'server');   // (its own sse-close then closes nothing more: the end stays the server's)
});

test('a 204 is told as an error while the stream is not CLOSED, then it ends', () => {
  const source = new ManagedSource('/feed', element(), CFG, fakePage()), states = [];
  source.addEventListener('error', () => states.push(source.readyState));
  FakeSource.last().fail(2, 204);
  assert.deepEqual(states, [0]);
  assert.equal(source.readyState, 2);
});

test('a close event that says the server comes back reaches no view: htmx-ext-sse would close for good', () => {
  const seen = [];
  const source = new ManagedSource('/feed', element(), CFG, fakePage());
  source.connection.views.push({ heard: (type) => seen.push(type) });
  source.addEventListener('close', () => seen.push('htmx-ext-sse close'));
  FakeSource.last().open();
  FakeSource.last().send('close', '{"reason":"restart","retry":1000,"spread":0}');
  assert.deepEqual(seen, []);
  assert.equal(source.connection.phase, Phase.WAITING);
});

test('a close by the page is shown once the swap is done, and only while the status container is still there', async () => {
  const box = { isConnected: true, querySelector: () => null, dispatchEvent(event) { doc.states.push(event.detail); } };
  doc.getElementById = () => box;
  for (const stays of [true, false]) {
    doc.states.length = 0;
    const connection = new Connection('/feed', element(), CFG, fakePage(), { views: [new StatusView(CFG)] });
    connection.begin();
    FakeSource.last().open();
    connection.close();
    box.isConnected = stays;   // (an OOB swap keeps the container; a new page does not)
    assert.equal(doc.states.at(-1).state, 'active');
    await Promise.resolve();
    assert.deepEqual(doc.states.map((s) => s.state).at(-1), stays ? 'disconnected' : 'active');
    box.isConnected = true;
  }
});

test('a view that cancels the start (htmx:sse:before:connection) leaves no connection', () => {
  const connection = new Connection('/feed', element(), CFG, fakePage(), {
    views: [{ starting: () => { connection.close(); return false; } }] });
  connection.begin();
  assert.equal(FakeSource.made.length, 0);
  assert.deepEqual([connection.phase, connection.why], [Phase.ENDED, 'closed']);
});
