// Stream (stream.js) alone: one connection, its schedule, its watchdog, its last id and its phase, with a host that
// records what it is told. A fake EventSource the test drives, node's mock timers, no DOM. Run with `node --test js/test/`.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import './protocol_values.js';   // the values Python sends the runtime
import { Stream } from '../src/stream.js';
import { Phase } from '../src/phase.js';
import { FakeSource, mockClock } from '../support/fakes.js';

// The schedule of the example in schedule.js: attempts 500, 1500, 2500, 3500, 5500, 9500, ... ms after the loss
const CFG = { close_event: 'close', heartbeat_event: 'heartbeat', reconnect_delay: 1000, max_backoff_multiplier: 4,
              fast_retry_for: 3000, jitter: 0, max_reconnect_attempts: 8, give_up_after: 0, heartbeat_timeout: 0,
              monitor_network: true };

/* A StreamHost that records what it is told; `answers` changes what it says */
class Host {
  constructor(answers = {}) { this.told = []; this.answers = Object.assign({ connecting: true, opening: true }, answers); }
  connecting() { this.told.push('connecting'); return this.answers.connecting; }
  opening() { return this.answers.opening; }
  opened() { this.told.push('opened'); }
  failed() { this.told.push('failed'); if (this.answers.failed) this.answers.failed(); }
  received(type, data, id) { this.told.push(['received', type, data, id]); }
  phased(from, announce) { if (announce) this.told.push(this.stream.phase + (this.stream.shown.reason ? ' ' + this.stream.shown.reason : '')); }
  log() {}
  phases() { return this.told.filter((t) => typeof t === 'string' && !['connecting', 'opened', 'failed'].includes(t)); }
}

let tick, online;
beforeEach((t) => {
  tick = mockClock(t);
  FakeSource.made = [];
  online = true;
});

function stream(changes = {}, answers = {}, lastEventId = '') {
  const host = new Host(answers);
  const env = { Source: FakeSource, headers: undefined, slot: 0.5, counted: (s) => s, online: () => online };
  const s = host.stream = new Stream('/feed', Object.assign({}, CFG, changes), env, host, { lastEventId });
  return s;
}
const connections = () => FakeSource.made.length;

test('a lost stream tries again at its slot, resuming after the last id', () => {
  const s = stream();
  s.connect();
  FakeSource.last().open();
  FakeSource.last().send('message', 'one', 'e.1');
  FakeSource.last().fail(0);
  assert.equal(s.phase, Phase.WAITING);
  tick(490); assert.equal(connections(), 1);
  tick(10);  assert.equal(connections(), 2);
  assert.equal(FakeSource.last().url, '/feed?last_event_id=e.1');
  assert.deepEqual(s.host.phases(), ['open', 'waiting lost']);   // (an attempt keeps its phase: WAITING)
});

test('the host hears the events of the current connection only, and may refuse a connection', () => {
  const s = stream({}, { connecting: false });
  s.connect();
  assert.equal(connections(), 0);
  s.host.answers.connecting = true;
  s.connect();
  const first = FakeSource.last();
  first.open();
  first.send('news', 'a', 'n.0');   // (a type nobody asked for: not read)
  s.listen('news');
  first.send('news', 'a', 'n.1');
  s.drop();
  first.send('news', 'b', 'n.2');   // (a closed transport that still speaks: not heard)
  assert.deepEqual(s.host.told.filter((t) => t[0] === 'received'), [['received', 'news', 'a', 'n.1']]);
});

test('an answer that is not a stream is REFUSED and keeps to the grid; a 204 ends it', () => {
  const s = stream();
  s.connect();
  FakeSource.last().fail(2);
  assert.equal(s.phase, Phase.REFUSED);
  tick(500);
  FakeSource.last().fail(2, 204);
  assert.equal(s.phase, Phase.ENDED);
  assert.deepEqual([s.why, s.shown.reason], ['server', 'no-content']);
  tick(10_000);
  assert.equal(connections(), 2);
});

test('the schedule runs out: ENDED (attempts), with the number of attempts it made', () => {
  const s = stream({ max_reconnect_attempts: 2, fast_retry_for: 0 });
  s.connect();
  FakeSource.last().fail(0);
  for (let i = 0; i < 20; i++) { tick(1000); if (!FakeSource.last().closed) FakeSource.last().fail(0); }
  assert.equal(s.phase, Phase.ENDED);
  assert.equal(s.why, 'attempts');
  assert.equal(connections(), 1 + s.shown.maxAttempts);
});

test('a stream silent for heartbeat_timeout is dropped and tried again (silent); every event feeds the watchdog', () => {
  const s = stream({ heartbeat_timeout: 3000 });
  s.connect();
  FakeSource.last().open();
  for (let i = 0; i < 4; i++) { tick(2000); FakeSource.last().send('heartbeat', ''); }
  tick(2990);
  assert.equal(s.phase, Phase.OPEN);
  tick(10);
  assert.ok(FakeSource.made[0].closed);
  assert.deepEqual([s.phase, s.shown.reason], [Phase.WAITING, 'silent']);
});

test('offline: PAUSED without asking the host; a restart then connects from attempt 0', () => {
  const s = stream();
  online = false;
  s.connect();
  assert.deepEqual([s.phase, s.why], [Phase.PAUSED, 'offline']);
  assert.deepEqual(s.host.told, ['paused offline']);
  online = true;
  s.restart('resume');
  assert.deepEqual([s.phase, s.attempt], [Phase.CONNECTING, 0]);
  s.connect();
  assert.equal(connections(), 1);
});

test("a planned restart comes back at the server's hint", () => {
  const s = stream();
  s.connect();
  FakeSource.last().open();
  s.comeBack('restart', { start: 2000, width: 1000, slot: 0.5 });
  assert.deepEqual([s.phase, s.shown.reason, s.shown.delay], [Phase.WAITING, 'restart', 2500]);
  tick(2490); assert.equal(connections(), 1);
  tick(10);   assert.equal(connections(), 2);
});

test('the host that restarts the stream while a failure is told leaves one connection, and no planned retry', () => {
  let s = null;
  s = stream({}, { failed: () => { s.restart('resume'); s.connect(); } });
  s.connect();
  FakeSource.last().fail(0);
  tick(10_000);
  assert.equal(FakeSource.made.filter((x) => !x.closed).length, 1);
  assert.equal(connections(), 2);
});

test('a phase change that is not announced reaches the host as such (what ManagedSource shows later)', () => {
  const s = stream();
  const seen = [];
  s.host.phased = (from, announce) => seen.push([from, s.phase, announce]);
  s.connect();
  FakeSource.last().open();
  s.halt('closed', null, false);
  assert.deepEqual(seen, [[null, Phase.OPEN, true], [Phase.OPEN, Phase.ENDED, false]]);
});

test("the host's opening() can turn the stream away: it is not OPEN", () => {
  const s = stream({}, { opening: false });
  s.enter(Phase.CONNECTING);
  s.connect();
  FakeSource.last().open();
  assert.equal(s.phase, Phase.CONNECTING);
  assert.ok(!s.host.told.includes('opened'));
});
