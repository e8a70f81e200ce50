// A monitored htmx 4 element (HxSseView, htmx4_view.js) against a fake htmx 4 and its extension API: each of the
// view's differences from hx-sse 4.0.1, listed at the top of htmx4_view.js, and what it does as hx-sse does.
// A fake EventSource the test drives, node's mock timers, a fake document. Run with `node --test js/test/`.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import './protocol_values.js';   // the values Python sends the runtime
import { HxSseView } from '../src/htmx4_view.js';
import { requestHeaders } from '../src/htmx4_element.js';
import { FakeSource, fakeDocument, fakePage, mockClock } from '../support/fakes.js';

const CFG = { connection_id: 'a', status_id: 'sse-status-a', element_id: 'sse-element-a', scope: null, share: false,
              close_event: 'close', heartbeat_event: 'heartbeat', reconnect_delay: 2000, max_backoff_multiplier: 4,
              fast_retry_for: 0, jitter: 0, max_reconnect_attempts: 8, give_up_after: 0, heartbeat_timeout: 0,
              hidden_grace: 5000, monitor_visibility: true, monitor_network: true, reload_page: false,
              log_to_console: false, indicators: {} };

/* An element with these attributes, and htmx 4 as the view uses it: its events (`seen`, as [name, what]), listeners
 * (`on`), swaps and triggered DOM events */
function fakeHtmx4(attrs = {}) {
  const seen = [], listeners = {};
  const el = { id: 'sse-element-a', isConnected: true, dispatchEvent() {}, getAttribute: (name) => attrs[name] ?? null };
  const api = {
    attributeValue: (_, name) => attrs[name] ?? null,
    triggerHtmxEvent(_, name, detail) {
      seen.push([name, name === 'htmx:sse:close' ? detail.reason : detail.message ? detail.message.data : '']);
      for (const listener of listeners[name] || []) listener(detail);
      return true;
    },
    getAttributeObject: (_, name, add) => { if (attrs[name]) add(JSON.parse(attrs[name])); },
  };
  const htmx = { config: { defaultSwap: 'innerHTML', transitions: false },
                 trigger: (_, type, detail) => seen.push(['event ' + type, detail.data]),
                 swap: async ({ text, swap }) => { seen.push(['swap', text, swap]); } };
  return { el, hx: { htmx, api }, seen, on: (name, listener) => (listeners[name] ||= []).push(listener) };
}

/* As FetchSource, htmx 4's transport: every event of the stream reaches '*' */
class FakeFetchSource extends FakeSource { static wildcard = true; }
const page = () => fakePage({ Source: FakeFetchSource });

let tick;
const settle = async () => { for (let i = 0; i < 10; i++) await Promise.resolve(); };
beforeEach((t) => {
  tick = mockClock(t);
  fakeDocument();
  FakeSource.made = [];
  globalThis.navigator = { onLine: true };
});

test("1. the schedule is the monitor's: hx-sse's 500 ms and the element's hx-config are not", () => {
  const { el, hx } = fakeHtmx4({ 'hx-config': '{"sse": {"reconnectDelay": 10}}' });
  new HxSseView(el, '/feed', CFG, page(), hx);
  FakeSource.last().open();
  FakeSource.last().fail();
  tick(990); assert.equal(FakeSource.made.length, 1);
  tick(10);  assert.equal(FakeSource.made.length, 2);   // slot 0.5 of reconnect_delay 2000: 1000 ms after the loss
});

test('1. the monitor gives up after its attempts: htmx:sse:close says attempts', async () => {
  const { el, hx, seen } = fakeHtmx4();
  new HxSseView(el, '/feed', { ...CFG, max_reconnect_attempts: 0 }, page(), hx);
  FakeSource.last().fail();
  await settle();
  assert.deepEqual(seen.at(-1), ['htmx:sse:close', 'attempts']);
  tick(60_000);
  assert.equal(FakeSource.made.length, 1);
});

test('2. htmx:sse:before:connection comes before the first request: cancelled, none is made', () => {
  const { el, hx, seen, on } = fakeHtmx4();
  on('htmx:sse:before:connection', (detail) => { detail.cancelled = true; });
  new HxSseView(el, '/feed', CFG, page(), hx);
  assert.equal(FakeSource.made.length, 0);
  assert.deepEqual(seen, [['htmx:sse:before:connection', ''], ['htmx:sse:close', 'cancelled']]);
});

test('2. ...and before each reconnect, once: the first connection is announced once', () => {
  const { el, hx, seen } = fakeHtmx4();
  new HxSseView(el, '/feed', CFG, page(), hx);
  FakeSource.last().open();
  FakeSource.last().fail();
  tick(1000);
  FakeSource.last().open();
  assert.deepEqual(seen.map(([name]) => name), ['htmx:sse:before:connection', 'htmx:sse:after:connection', 'htmx:sse:error',
                                                'htmx:sse:before:connection', 'htmx:sse:after:connection']);
});

test("3. the server's close event: htmx:sse:close says server, after the events that came before it", async () => {
  const { el, hx, seen } = fakeHtmx4();
  new HxSseView(el, '/feed', CFG, page(), hx);
  FakeSource.last().open();
  FakeSource.last().send('message', '<p>1</p>');
  FakeSource.last().send('close', '{"reason":"shutdown"}');
  await settle();
  assert.deepEqual(seen.slice(2).map(([name, what]) => name + ' ' + what),
                   ['htmx:sse:before:message <p>1</p>', 'swap <p>1</p>', 'htmx:sse:after:message <p>1</p>',
                    'htmx:sse:before:message {"reason":"shutdown"}', 'event close {"reason":"shutdown"}',
                    'htmx:sse:after:message {"reason":"shutdown"}', 'htmx:sse:close server']);
});

test('3. closed by the application: closed; the element gone: removed; by htmx: its reason', () => {
  for (const [close, reason] of [[(view) => view.connection.close(), 'closed'],
                                 [(view, el) => { el.isConnected = false; view.connection.close(); }, 'removed'],
                                 [(view) => view.close('cleanup'), 'cleanup']]) {
    const { el, hx, seen } = fakeHtmx4();
    const view = new HxSseView(el, '/feed', CFG, page(), hx);
    FakeSource.last().open();
    close(view, el);
    assert.deepEqual(seen.at(-1), ['htmx:sse:close', reason]);
  }
});

/* An element whose first message, 'a', a listener holds with waitUntil until `done()`; 'b' came after it */
async function heldFirst() {
  const { el, hx, seen, on } = fakeHtmx4();
  let release;
  on('htmx:sse:before:message', (detail) => { if (detail.message.data === 'a') detail.waitUntil(new Promise((r) => { release = r; })); });
  new HxSseView(el, '/feed', CFG, page(), hx);
  FakeSource.last().open();
  FakeSource.last().send('message', 'a');
  FakeSource.last().send('message', 'b');
  await settle();
  return { el, done: () => release(), swapped: () => seen.filter(([name]) => name === 'swap').map(([, text]) => text) };
}

test('4. events are handled in order, each after the waitUntil of those before it, while the stream goes on', async () => {
  const { done, swapped } = await heldFirst();
  assert.deepEqual(swapped(), []);
  assert.equal(FakeSource.last().closed, undefined);   // (still reading)
  done();
  await settle();
  assert.deepEqual(swapped(), ['a', 'b']);
});

test('hx-sse:close: its event closes the stream (message), after its after:message; what follows is dropped', async () => {
  const { el, hx, seen } = fakeHtmx4({ 'hx-sse:close': 'done' });
  new HxSseView(el, '/feed', CFG, page(), hx);
  FakeSource.last().open();
  FakeSource.last().send('done', 'x');
  FakeSource.last().send('message', 'late');
  await settle();
  assert.deepEqual(seen.slice(-3).map(([name]) => name), ['event done', 'htmx:sse:after:message', 'htmx:sse:close']);
  assert.deepEqual(seen.at(-1), ['htmx:sse:close', 'message']);
  assert.ok(!seen.some(([, what]) => what === 'late'));
});

test('an unnamed message never swaps empty, as hx-sse: swapEmpty:false unless the element says otherwise', async () => {
  for (const [style, sent] of [[null, 'innerHTML swapEmpty:false'], ['outerHTML swapEmpty:true', 'outerHTML swapEmpty:true']]) {
    const { el, hx, seen } = fakeHtmx4(style ? { 'hx-swap': style } : {});
    new HxSseView(el, '/feed', CFG, page(), hx);
    FakeSource.last().open();
    FakeSource.last().send('message', '');
    await settle();
    assert.deepEqual(seen.find(([name]) => name === 'swap'), ['swap', '', sent]);
  }
});

test("5. request headers: htmx's and the element's hx-headers, to the page's origin only", async () => {
  const { el, hx } = fakeHtmx4({ 'hx-headers': '{"X-Room": 7}' });
  assert.deepEqual(await requestHeaders(hx, el, '/feed'),
                   { 'HX-Request': 'true', 'HX-Current-URL': 'http://app.test/page', 'X-Room': '7' });
  assert.deepEqual(await requestHeaders(hx, el, 'https://elsewhere.test/feed'), {});
});

test('an event still queued when htmx cleans the element up lands nowhere (an hx-boost navigation)', async () => {
  const { el, done, swapped } = await heldFirst();
  el.isConnected = false;
  done();
  await settle();
  assert.deepEqual(swapped(), ['a']);
});
