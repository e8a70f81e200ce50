// What the runtime's parts are given instead of a browser's, for the node tests in js/test (kept out of js/test, which node --test runs): a clock that the mock timers move, an
// EventSource the test drives, Web Locks and a BroadcastChannel bus between "tabs" of one process, and a page.
import { STATE_EVENT } from '../src/protocol.js';

/* Node's mock timers, with performance.now() moving with them; returns tick(ms) */
export function mockClock(t) {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  let now = 1000;
  performance.now = () => now;
  return (ms, step = 10) => {
    for (let done = 0; done < ms; done += step) { now += Math.min(step, ms - done); t.mock.timers.tick(Math.min(step, ms - done)); }
  };
}

/* An EventSource whose answers the test gives: open(), send(type, data, id), fail(readyState, status) */
export class FakeSource {
  static made = [];
  constructor(url, options) { this.url = url; this.options = options; this.readyState = 0; this.listeners = {}; FakeSource.made.push(this); }
  addEventListener(type, listener) { (this.listeners[type] ||= []).push(listener); }
  close() { this.readyState = 2; this.closed = true; }
  dispatch(event) {
    Object.defineProperty(event, 'target', { value: this });
    for (const listener of [...(this.listeners[event.type] || []), ...(event instanceof MessageEvent ? this.listeners['*'] || [] : [])]) listener(event);
  }
  open() { this.readyState = 1; this.dispatch(new Event('open')); }
  send(type, data, lastEventId = '') { this.dispatch(new MessageEvent(type, { data, lastEventId })); }
  fail(readyState = 0, status) { this.readyState = readyState; this.status = status; this.dispatch(new Event('error')); }
  static last() { return FakeSource.made.at(-1); }
}

/* Web Locks as the browser grants them: one holder per name, waiters in order, a waiter withdrawn by its signal, and
 * `steal` taking the lock from its holder (whose request then rejects) for itself, ahead of the waiters */
export class FakeLocks {
  constructor() { this.held = new Map(); this.waiting = []; }
  request(name, options, callback) {
    return new Promise((resolve, reject) => {
      const ask = { name, callback, resolve, reject };
      if (options.signal) options.signal.addEventListener('abort', () => {
        const i = this.waiting.indexOf(ask);
        if (i >= 0) { this.waiting.splice(i, 1); reject(Object.assign(new Error('aborted'), { name: 'AbortError' })); }
      });
      if (options.steal && this.held.has(name)) {
        const holder = this.held.get(name);
        this.held.delete(name);
        holder.reject(Object.assign(new Error('stolen'), { name: 'AbortError' }));
      }
      if (options.steal) this.waiting.unshift(ask);   // granted at once, before the tabs that wait
      else this.waiting.push(ask);
      this.grant(name);
    });
  }
  grant(name) {
    if (this.held.has(name)) return;
    const i = this.waiting.findIndex((ask) => ask.name === name);
    if (i < 0) return;
    const [ask] = this.waiting.splice(i, 1);
    this.held.set(name, ask);
    Promise.resolve(ask.callback({ name })).then(() => {   // released: the next waiter gets it
      if (this.held.get(name) === ask) { this.held.delete(name); ask.resolve(); this.grant(name); }
    });
  }
}

/* A BroadcastChannel class: what one tab posts reaches every other tab's channel of that name, later (a task);
 * `frozen` channels neither send nor receive (a tab the browser froze) */
export function channels() {
  const all = new Set();
  return class FakeChannel {
    constructor(name) { this.name = name; this.onmessage = null; this.frozen = false; all.add(this); }
    postMessage(data) {
      if (this.frozen) return;
      const copy = structuredClone(data);
      for (const other of all) if (other !== this && other.name === this.name && !other.frozen) {
        setTimeout(() => { if (other.onmessage && all.has(other)) other.onmessage({ data: copy }); }, 0);
      }
    }
    close() { all.delete(this); }
  };
}

/* The document and location of a page with no status containers; the state events it gets are in `document.states` */
export function fakeDocument() {
  const states = [];
  globalThis.document = { getElementById: () => null, visibilityState: 'visible', hidden: false, states,
                          dispatchEvent(event) { if (event.type === STATE_EVENT) states.push(event.detail); } };
  globalThis.location = { href: 'http://app.test/page', origin: 'http://app.test', reload() {} };
  return document;
}

/* An element on the page, and the page's Page as a ManagedSource uses it (no tabs to share with) */
export const element = () => ({ isConnected: true, dispatchEvent() {} });
export function fakePage(overrides = {}) {
  return Object.assign({ Source: FakeSource, headers: undefined, slot: 0.5, adopt() {}, release() {}, counted: (s) => s, online: () => navigator.onLine !== false,
                         hello() {}, bundles: { join: () => null }, cannotShare: () => 'no tabs here', know: () => null }, overrides);
}
