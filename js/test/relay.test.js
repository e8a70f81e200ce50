// Relay (share.js): which tab holds a shared stream, and how the others hear it. Tabs are Relays on one fake Web Locks
// manager and one fake BroadcastChannel bus, with node's mock timers. Run with `node --test js/test/`.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Relay } from '../src/share.js';
import { BEAT, STALE, Kind } from '../src/protocol.js';
import { FakeLocks, channels } from '../support/fakes.js';

/* What a Relay asks of its ManagedSource, recorded */
class Host {
  constructor() { this.calls = []; }
  lead() { this.calls.push('lead'); }
  demote() { this.calls.push('demote'); }
  silent() { this.calls.push('silent'); }
  unshared() { this.calls.push('unshared'); }
  follow(message) { this.calls.push(message.kind === Kind.LEAD ? 'follow lead' : 'follow ' + message.kind); this.last = message; }
  request(message) { this.calls.push('request ' + message.kind); this.asked = message; }
  had(call) { return this.calls.includes(call); }
}

let locks, Channel, clock;
beforeEach((t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  globalThis.document = { hidden: false };
  locks = new FakeLocks();
  Channel = channels();
  clock = 0;
});

/* A tab of the stream */
function tab() {
  const host = new Host(), relay = new Relay('sse-monitor s /feed', host, { locks, Channel, now: () => clock });
  return { host, relay };
}
/* `ms` pass: the mock timers run, `now` moves with them, and the lock grants between them */
async function pass(t, ms) {
  for (let done = 0; done < ms; done += 10) {
    clock += 10;
    t.mock.timers.tick(10);
    for (let i = 0; i < 5; i++) await Promise.resolve();   // let lock grants and their callbacks run
  }
}

test('the first tab that asks for the stream leads; the next follows and hears what the leader posts', async (t) => {
  const a = tab(), b = tab();
  a.relay.want(true);
  await pass(t, 20);
  b.relay.want(true);
  await pass(t, 20);
  assert.deepEqual(a.host.calls.filter((c) => c === 'lead'), ['lead']);
  assert.ok(!b.host.had('lead'));
  a.relay.post({ kind: Kind.EVENT, type: 'message', data: '<p>1</p>', id: 'e.1' });
  await pass(t, 20);
  assert.equal(b.host.last.data, '<p>1</p>');
  assert.ok(b.host.had('follow lead'));   // it heard a leader, and told the host so (to say what it needs)
});

test("a follower's request reaches the leader alone, and an answer `for` it reaches that follower alone", async (t) => {
  const a = tab(), b = tab(), c = tab();
  a.relay.want(true);
  await pass(t, 20);
  b.relay.want(true); c.relay.want(true);
  await pass(t, 20);
  b.relay.ask({ kind: Kind.RESTART });
  await pass(t, 20);
  assert.ok(a.host.had('request restart') && !c.host.had('request restart'));
  a.relay.post({ kind: Kind.CURRENT, for: a.host.asked.by, events: [] });
  await pass(t, 20);
  assert.ok(b.host.had('follow current') && !c.host.had('follow current'));
});

test('when the leader closes, a follower that asks for the stream leads', async (t) => {
  const a = tab(), b = tab();
  a.relay.want(true);
  await pass(t, 20);
  b.relay.want(true);
  await pass(t, 20);
  a.relay.close();
  await pass(t, 20);
  assert.ok(b.host.had('lead'));
});

test('a leader that stops beating (a frozen tab) is replaced by a visible follower after STALE, and is demoted', async (t) => {
  const a = tab(), b = tab();
  a.relay.want(true);
  await pass(t, 20);
  b.relay.want(true);
  await pass(t, 20);
  a.relay.channel.frozen = true;
  await pass(t, STALE - 2 * BEAT);
  assert.ok(!b.host.had('lead'), 'took over while the leader could still be beating');
  await pass(t, 2 * BEAT + BEAT + BEAT + 50);   // (its next tick, then up to a beat more: see the next test)
  assert.ok(b.host.had('lead'), b.host.calls.join(', '));
  assert.ok(a.host.had('demote'));
});

test('a follower that does not ask for the stream (a hidden tab) says once that its leader went silent', async (t) => {
  const a = tab(), b = tab();
  a.relay.want(true);
  b.relay.want(false);
  await pass(t, 2 * BEAT);   // b heard a beat: it knows its leader
  a.relay.channel.frozen = true;
  await pass(t, 3 * STALE);
  assert.deepEqual(b.host.calls.filter((c) => c === 'silent'), ['silent']);
  assert.ok(!b.host.had('lead'));
});

test('a visible follower does not take the stream from a leader whose beats say its tab is hidden (throttled timers)', async (t) => {
  const a = tab(), b = tab();
  a.relay.want(true);
  await pass(t, 20);
  b.relay.want(true);
  await pass(t, 20);
  a.relay.post({ kind: Kind.BEAT, hidden: true });   // a hidden leader leaves the stream by itself after hidden_grace
  a.relay.channel.frozen = true;
  await pass(t, 3 * STALE);
  assert.ok(!b.host.had('lead'));
});

test("a follower whose own tab stalled waits for the beats queued meanwhile, instead of taking the stream", async (t) => {
  const a = tab(), b = tab();
  a.relay.want(true);
  await pass(t, 20);
  b.relay.want(true);
  await pass(t, 2 * BEAT);
  clock += 3 * STALE;   // nothing ran for 3 s (a busy main thread, a laptop that slept): the clock moved on alone,
  a.relay.channel.frozen = true;   // and the first tick of the follower's watch comes before the beats queued for it
  await pass(t, BEAT + 20);
  a.relay.channel.frozen = false;
  await pass(t, 2 * BEAT);
  assert.ok(!b.host.had('lead'), b.host.calls.join(', '));
});

test('of two visible followers that find the leader silent in the same beat, one takes the stream, once', async (t) => {
  const host = () => new Host(), at = (r) => () => r;   // their takeovers come 10% and 60% of a beat after they noticed
  const a = tab(), b = { host: host() }, c = { host: host() };
  b.relay = new Relay('sse-monitor s /feed', b.host, { locks, Channel, now: () => clock, random: at(0.1) });
  c.relay = new Relay('sse-monitor s /feed', c.host, { locks, Channel, now: () => clock, random: at(0.6) });
  a.relay.want(true);
  await pass(t, 20);
  b.relay.want(true); c.relay.want(true);
  await pass(t, 20);
  a.relay.channel.frozen = true;
  await pass(t, 3 * STALE);
  assert.deepEqual([b.host.calls.filter((x) => x === 'lead').length, c.host.calls.filter((x) => x === 'lead').length], [1, 0],
                   `b: ${b.host.calls.join(', ')}; c: ${c.host.calls.join(', ')}`);
  assert.ok(!b.host.had('demote'));
});
