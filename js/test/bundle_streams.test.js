// A page's hub connection (bundle.js): one page stream for the page's hub elements, each getting its own topics'
// events. A real Bundle and HubConnection over a fake EventSource, with fake elements (views) and mock timers.
// Run with `node --test js/test/`.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import './protocol_values.js';   // the values Python sends the runtime
import { Bundle } from '../src/bundle.js';
import { HELLO_EVENT, RESET_EVENT, Kind } from '../src/protocol.js';

const CFG = { connection_id: 'w', status_id: null, element_id: null, close_event: 'close', heartbeat_event: 'heartbeat',
              reconnect_delay: 300, max_backoff_multiplier: 4, max_reconnect_attempts: 3, fast_retry_for: 0, give_up_after: 0,
              jitter: 0, heartbeat_timeout: 0, hidden_grace: 0, share: false, monitor_visibility: false, monitor_network: false,
              reload_page: false, log_to_console: false, indicators: {} };

let opened;   // the fake EventSources, in order
class FakeSource {
  constructor(url) { this.url = url; this.readyState = 0; this.listeners = {}; opened.push(this); }
  addEventListener(type, listener) { (this.listeners[type] ||= []).push(listener); }
  close() { this.readyState = 2; this.closed = true; }
  open() { this.readyState = 1; for (const l of this.listeners.open || []) l(new Event('open')); }
  send(type, data, lastEventId = '') {
    const event = new MessageEvent(type, { data, lastEventId });
    Object.defineProperty(event, 'target', { value: this });
    for (const l of this.listeners[type] || []) l(event);
  }
}

/* The page, as a ManagedSource uses it: no sharing, no other bundles */
const page = { Source: FakeSource, headers: undefined, slot: 0.5, adopt() {}, release() {}, counted: (s) => s, online: () => true, hello() {},
               bundles: { join: () => null }, cannotShare: () => 'no tabs here', know: () => null };

/* An element of the page: what its ManagedSource gets from the bundle */
class View {
  constructor() { this.got = []; this.own = null; }
  carried(message) { this.got.push(message); }
  log() {}
  alone(why) { this.own = why; }
  events() { return this.got.filter((m) => m.kind === Kind.EVENT).map((m) => [m.type, m.data, m.id]); }
  last(kind) { return this.got.filter((m) => m.kind === kind).at(-1); }
}

beforeEach((t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  globalThis.document = { getElementById: () => null, visibilityState: 'visible', hidden: false };
  globalThis.location = { href: 'http://app.test/page', origin: 'http://app.test', reload() {} };
  opened = [];
});

/* A bundle carrying `urls`, one view each, on an open page stream that said `streams` in its hello */
function carrying(t, urls, streams) {
  const bundle = new Bundle('/sse-monitor/hub', CFG, page, () => {});
  const views = urls.map((url) => { const view = new View(); bundle.join(view, url); return view; });
  t.mock.timers.tick(0);   // the bundle connects once the page's elements are all in
  const source = opened.at(-1);
  source.open();
  source.send(HELLO_EVENT, JSON.stringify({ slot: 0.5, streams }));
  return { bundle, views, source };
}

test('one connection for all the streams, named sorted in its URL', (t) => {
  const { source } = carrying(t, ['/news', '/jobs/7'], [['jobs:7'], ['news']]);
  assert.equal(opened.length, 1);
  assert.equal(source.url, '/sse-monitor/hub?s=%2Fjobs%2F7&s=%2Fnews');
});

test("each view gets its own topics' events, untagged, with their ids, in order", (t) => {
  const { views: [news, jobs], source } = carrying(t, ['/news', '/jobs/7'], [['jobs:7'], ['news']]);
  source.send('message', 'news message\n<p>1</p>', 'e.1');
  source.send('message', 'jobs:7 progress\n50', 'e.2');
  source.send('message', 'news update\n<p>2</p>\n<p>3</p>', 'e.3');
  source.send('message', 'other message\nx', 'e.4');
  assert.deepEqual(news.events(), [['message', '<p>1</p>', 'e.1'], ['update', '<p>2</p>\n<p>3</p>', 'e.3']]);
  assert.deepEqual(jobs.events(), [['progress', '50', 'e.2']]);
});

test('a reset and the close event reach every view', (t) => {
  const { views, source } = carrying(t, ['/a', '/b'], [['a'], ['b']]);
  source.send(RESET_EVENT, '{"reason":"expired"}', 'e.9');
  source.send('close', '{"reason":"shutdown"}');
  for (const view of views) assert.deepEqual(view.events(), [[RESET_EVENT, '{"reason":"expired"}', 'e.9'], ['close', '{"reason":"shutdown"}', '']]);
});

test("a stream it cannot carry for now waits, shown as refused, and is asked about again on the next page stream", (t) => {
  const { views: [a, b] } = carrying(t, ['/a', '/b'], [['a'], { final: false, reason: 403 }]);
  assert.equal(b.last(Kind.STATE).reason, 'refused');
  assert.equal(a.last(Kind.STATE).phase, 'open');
  t.mock.timers.tick(299);
  assert.equal(opened.length, 1);
  t.mock.timers.tick(1);
  assert.equal(opened.length, 2);   // the same streams, asked again
  assert.ok(opened[0].closed);
});

test('a stream that is not the hub\'s gets a connection of its own', (t) => {
  const { views: [, b] } = carrying(t, ['/a', '/b'], [['a'], { final: true, reason: 404 }]);
  assert.match(b.own, /cannot carry \/b \(404\)/);
});

test('when the page stream is lost, it alone retries, on its schedule, and its end reaches the waiting streams too', (t) => {
  const { bundle, views: [a, b], source } = carrying(t, ['/a', '/b'], [['a'], { final: false, reason: 403 }]);
  const connection = bundle.source, fail = (s) => { for (const l of s.listeners.error) l(new Event('error')); };
  fail(source);   // the server is gone: every attempt fails
  for (let ms = 0; ms < 60_000; ms += 50) {
    t.mock.timers.tick(50);
    for (const s of opened) if (!s.failed) { s.failed = true; if (s !== source) fail(s); }
  }
  assert.equal(bundle.source, connection, 'another page stream was opened to ask about /b again, off the schedule');
  for (const view of [a, b]) assert.deepEqual([view.last(Kind.STATE).phase, view.last(Kind.STATE).why], ['ended', 'attempts'],
                                              'a stream that waited still shows Reconnecting');
});
