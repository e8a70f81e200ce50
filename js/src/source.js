/* ManagedSource: what htmx-ext-sse gets instead of an EventSource for a monitored element: a View of the element's
 * Connection (connection.js).
 *
 * It looks like an EventSource to the extension and stays the same object for the element's whole life, while the
 * Connection owns the reconnect timing: it never reports CLOSED while it retries (no extension retry), and listeners
 * the extension registered stay on the ManagedSource, so they survive every reconnect. */
import { Connection } from './connection.js';
import { StatusView } from './indicator.js';
import { readyStateOf } from './phase.js';

export class ManagedSource extends EventTarget {
  constructor(url, owner, cfg, page) {
    super();
    this.url = url;
    this.withCredentials = true;
    this.onopen = this.onerror = this.onmessage = null;
    this.forwarded = new Set(['message']);   // types listeners asked for
    this.connection = new Connection(url, owner, cfg, page, { views: [new StatusView(cfg), this] });
    this.connection.begin();
  }

  get readyState() { return readyStateOf(this.connection.phase); }

  addEventListener(type, listener, options) {
    super.addEventListener(type, listener, options);
    if (type === 'open' || type === 'error') return;   // dispatched by notified(), not by the stream
    this.forwarded.add(type);
    this.connection.listen(type);
  }

  close() { this.connection.close(); }   // by htmx-ext-sse (element removed, sse-close) or by the application

  /* What its Connection tells it (View) */
  notified(type, cause) {  // 'open' or 'error': htmx:sseOpen, htmx:sseError (`cause`: the browser's event, for its handler)
    const handler = type === 'open' ? this.onopen : this.onerror;
    if (handler) handler(cause || new Event(type));
    this.dispatchEvent(new Event(type));
  }

  arrived(type, data, lastEventId, origin) {
    if (!this.forwarded.has(type)) return;
    const copy = new MessageEvent(type, { data, lastEventId, origin });
    if (type === 'message' && this.onmessage) this.onmessage(copy);
    this.dispatchEvent(copy);
  }
}
