// The tabs of a browser that share a stream (source.js with share.js): one connection, held by the leader, and what a
// tab that joins or takes over gets. ManagedSources of two "tabs" on fake Web Locks and a fake BroadcastChannel bus,
// over a fake EventSource, with mock timers. Run with `node --test js/test/`.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import './protocol_values.js';   // the values Python sends the runtime
import { ManagedSource } from '../src/source.js';
import { HELLO_EVENT, STALE } from '../src/protocol.js';
import { stateMessage } from '../src/mirror.js';
import { FakeLocks, FakeSource, channels, element, fakeDocument, fakePage, mockClock } from '../support/fakes.js';

const SCOPE = 'aaaaaaaaaaaa.bbbbbbbbbbbb';
const CFG = { connection_id: 'a', status_id: 'sse-status-a', element_id: 'sse-element-a', scope: SCOPE, share: true,
              close_event: 'close', heartbeat_event: 'heartbeat', reconnect_delay: 1000, max_backoff_multiplier: 4,
              fast_retry_for: 3000, jitter: 0, max_reconnect_attempts: 8, give_up_after: 0, heartbeat_timeout: 0,
              hidden_grace: 5000, monitor_visibility: true, monitor_network: true, reload_page: false,
              log_to_console: false, indicators: {} };
const HELLO = JSON.stringify({ slot: 0.5, scope: SCOPE });

let tick;
beforeEach((t) => {
  tick = mockClock(t);
  fakeDocument();
  FakeSource.made = [];
  globalThis.navigator = { onLine: true, locks: new FakeLocks() };
  globalThis.BroadcastChannel = channels();
});

/* `ms` pass, with the promises of lock grants settling between the timers */
async function pass(ms) {
  for (let done = 0; done < ms; done += 10) {
    tick(10);
    for (let i = 0; i < 10; i++) await Promise.resolve();
  }
}

/* A tab's element of the stream: its ManagedSource and what its listeners got */
function tab() {
  const page = fakePage({ cannotShare: () => null, know: () => SCOPE });
  const source = new ManagedSource('/feed', element(), CFG, page), got = [];
  source.addEventListener('message', (event) => got.push([event.data, event.lastEventId]));
  return { source, got };
}

test('two tabs, one connection: the follower shows what the leader reads, once its hello said the scope', async () => {
  const a = tab();
  await pass(20);
  const b = tab();
  await pass(20);
  assert.equal(FakeSource.made.length, 1);
  const stream = FakeSource.last();
  stream.open();
  stream.send(HELLO_EVENT, HELLO);
  stream.send('message', '<p>1</p>', 'e.1');
  await pass(20);
  assert.deepEqual(a.got, [['<p>1</p>', 'e.1']]);
  assert.deepEqual(b.got, [['<p>1</p>', 'e.1']]);
  assert.equal(b.source.connection.live, true);
});

test('a tab that joins later gets what a connection of its own would have started with, and where the stream stands', async () => {
  const a = tab();
  await pass(20);
  const stream = FakeSource.last();
  stream.open();
  stream.send(HELLO_EVENT, HELLO);
  stream.send('message', '<p>5</p>', 'e.5');     // an event with an id is history, replayed from the id, not content
  stream.send('message', '<p>old</p>');          // an event without one is the element's current content
  stream.send('message', '<p>now</p>');
  await pass(20);
  const b = tab();
  await pass(50);
  assert.deepEqual(b.got, [['<p>now</p>', '']]);
  assert.equal(b.source.connection.lastEventId, 'e.5');
  assert.equal(FakeSource.made.length, 1);
});

test("when the leader's tab closes, the follower connects from the last id it showed", async () => {
  const a = tab();
  await pass(20);
  const b = tab();
  await pass(20);
  FakeSource.last().open();
  FakeSource.last().send(HELLO_EVENT, HELLO);
  FakeSource.last().send('message', '<p>1</p>', 'e.1');
  await pass(20);
  a.source.close();
  await pass(20);
  assert.equal(FakeSource.made.length, 2);
  assert.equal(FakeSource.last().url, '/feed?last_event_id=e.1');
});

test('a stream whose hello says another session is kept to its tab: the other tab opens its own', async () => {
  const a = tab();
  await pass(20);
  const b = tab();
  await pass(20);
  FakeSource.last().open();
  FakeSource.last().send(HELLO_EVENT, JSON.stringify({ slot: 0.5, scope: 'aaaaaaaaaaaa.cccccccccccc' }));   // cookies changed
  FakeSource.last().send('message', '<p>for a</p>', 'e.1');
  await pass(STALE + 500);
  assert.deepEqual(b.got, []);
  assert.equal(FakeSource.made.length, 2);   // b leads now, with a connection of its own
});

test('a tab that takes over during an outage tells the attempt the page showed', async () => {
  const a = tab();
  await pass(20);
  const b = tab();
  await pass(20);
  FakeSource.last().open();
  FakeSource.last().send(HELLO_EVENT, HELLO);
  FakeSource.last().fail();          // lost: a waits for attempt 1, b shows it
  await pass(20);
  assert.equal(stateMessage(b.source.connection).attempt, 1);
  a.source.close();                         // b takes the stream over, still WAITING
  await pass(20);
  assert.equal(stateMessage(b.source.connection).phase, 'waiting');
  assert.equal(stateMessage(b.source.connection).attempt, 1); // (found in review: 0, "attempt 0 of 8 in … ms" on every other tab)
});

test("a leader demoted while its hidden_grace runs still lets the stream go when it ends, whatever the holder shows", async () => {
  const a = tab();
  await pass(20);
  const b = tab();
  await pass(20);
  FakeSource.last().open();
  FakeSource.last().send(HELLO_EVENT, HELLO);
  await pass(20);
  const mine = a.source.connection;
  mine.presence.hidden();                            // a holds the stream; its hidden_grace (5 s) runs
  mine.carrier.relay.channel.frozen = true;    // ...and its tab freezes: b takes the stream
  await pass(STALE + 1000);
  mine.carrier.relay.channel.frozen = false;
  assert.equal(mine.following, true);
  navigator.onLine = false;
  b.source.connection.presence.offline();               // the holder pauses (offline): a shows it
  await pass(100);
  assert.deepEqual([mine.phase, mine.why], ['paused', 'offline']);
  await pass(5000);                            // a's grace ends: it says it is hidden (found in review: cleared by the mirror)
  assert.deepEqual([mine.phase, mine.why], ['paused', 'hidden']);
});
