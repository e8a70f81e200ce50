/* A monitored htmx 4 element: the View (connection.js) that does with its Connection's stream what hx-sse would
 * (htmx4_element.js reads the element as hx-sse does). `hx` is {htmx, api}: htmx 4, and the API it gives extensions.
 *
 * Where it differs from hx-sse 4.0.1, on purpose (each is a test in js/test/htmx4_view.test.js):
 * 1. The schedule is the monitor's (reconnect_delay, backoff, jitter, max_reconnect_attempts, give_up_after), not
 *    hx-sse's 500 ms doubling to 60 s without limit; a `retry:` field does not change it (the close event's retry does).
 * 2. htmx:sse:before:connection comes before each connection this tab opens, the first one too, so a listener can
 *    cancel it before any request (hx-sse asks first once the response is in); none while another tab holds it.
 * 3. htmx:sse:close says why the monitor ended it too: 'attempts' when it gave up, 'server' on the server's close event
 *    (after the events that came before it); 'closed' when the application closed it (hx-sse's 'ended').
 * 4. Its events are handled in the order of the stream, each after the swaps and waitUntil promises of those before
 *    it, while the stream goes on (hx-sse stops reading until a message is handled): the queue is the page's.
 * 5. Its request headers are HX-Request, HX-Current-URL and its hx-headers, to the page's origin only; hx-config's
 *    sse options are not read (its SSEConnectionConfig is). */
import { Connection } from './connection.js';
import { StatusView } from './indicator.js';
import { Phase, readyStateOf } from './phase.js';
import { fire, requestHeaders, sseAttribute, swap } from './htmx4_element.js';

const ENDS_AFTER_ITS_EVENTS = ['attempts', 'server'];   // close reasons announced after the events before the end

export class HxSseView {
  constructor(el, url, cfg, page, hx) {
    this.el = el;
    this.hx = hx;
    this.announced = false;   // its next connection was announced already (htmx:sse:before:connection)
    this.dropping = false;    // an event closed the stream (hx-sse:close): the messages after it are dropped
    this.queue = Promise.resolve();   // the events being handled, in order
    this.closeReason = null;  // why the page closed it: 'cleanup', 'message', 'cancelled' (or the element was removed)
    this.connection = new Connection(url, el, cfg, page, {
      views: [new StatusView(cfg), this], transport: { headers: (url) => requestHeaders(hx, el, url) },
      shareable: () => hx.api.attributeValue(el, 'hx-headers') == null });   // (headers of its own may differ per tab)
    this.connection.begin();
  }

  /* What a listener of hx-sse's events reads of detail.connection (as hx-sse's connection) */
  get url() { return this.connection.url; }
  get lastEventId() { return this.connection.lastEventId; }
  get attempt() { return this.connection.stream.attempt; }
  get readyState() { return readyStateOf(this.connection.phase); }

  fire(name, detail = {}) {  // one of hx-sse's events, its detail.connection this view; false if a listener cancelled it
    detail.connection = this;
    return fire(this.hx, this.el, name, detail);
  }

  beforeConnection() {  // announce a connection; false if a listener cancelled it
    return this.fire('htmx:sse:before:connection', { cancelled: false });
  }

  starting() {  // the element asks for its stream (its trigger, a reconnect after the end): its own connection, or a share
    if (!this.beforeConnection()) return this.cancel();
    this.dropping = false;
    this.announced = true;   // its first connection, whichever tab makes it, was announced just now
    return true;
  }

  connecting() {  // a connection of this tab's: the first one (announced by starting), a reconnect, or a takeover
    const announced = this.announced;
    this.announced = false;
    return announced || this.beforeConnection() || this.cancel();
  }

  cancel() {
    this.close('cancelled');
    return false;
  }

  notified(type) {
    if (type === 'open') this.announced = false;   // (opened by another tab: a takeover later is a new connection)
    this.fire(type === 'open' ? 'htmx:sse:after:connection' : 'htmx:sse:error');
  }

  /* Run `task` after the ones before it (an event waits for the swaps of the events before it, and its listeners'
   * waitUntil); a `message` task is dropped once the stream was closed by an event before it (hx-sse:close) */
  later(task, message = false) {
    this.queue = this.queue.then(() => {
      if (!message || !this.dropping) return task();
    }).catch((e) => console.error('sse-monitor: an event of #' + this.el.id + ' failed', e));
  }

  heard(type, data, id) {
    this.later(() => this.handle({ data, event: type === 'message' ? '' : type, id }), true);
  }

  async handle(message) {  // one event, as hx-sse handles it: a DOM event or a swap, between its two htmx:sse:* events
    const { el, hx } = this;
    if (!el.isConnected) return;   // cleaned up meanwhile (an hx-boost navigation): nothing lands in the new page
    const waits = [], detail = { message, cancelled: false, waitUntil: (promise) => waits.push(Promise.resolve(promise)) };
    const go = this.fire('htmx:sse:before:message', detail);
    await Promise.all(waits);
    if (!go || detail.cancelled) return;
    if (message.event) hx.htmx.trigger(el, message.event, { data: message.data, id: message.id });
    else await swap(hx, el, message.data);
    this.fire('htmx:sse:after:message', { message });
    if (message.event && message.event === sseAttribute(hx, el, 'close')) {
      this.dropping = true;   // as hx-sse: nothing after it
      this.close('message');
    }
  }

  close(reason) {  // by htmx's cleanup, the hx-sse:close event, a cancelled connection, or the monitor
    this.closeReason = reason;
    this.connection.close();
  }

  phased(from) {  // the stream ended: here (closed, gave up, the server said), or in the tab that holds it
    const { phase, why } = this.connection;
    if (from === Phase.ENDED || phase !== Phase.ENDED) return;
    const closed = this.closeReason || (this.el.isConnected ? 'closed' : 'removed');
    this.closeReason = null;
    this.ends(why === 'closed' ? closed : why);
  }

  /* Announce the stream's end: closed by the page (htmx's cleanup, hx-sse:close, a cancelled connection) at once, while
   * the element is still there and has its listeners; ended by the server or the monitor after the events before it */
  ends(reason) {
    const announce = () => { this.fire('htmx:sse:close', { reason }); };
    if (ENDS_AFTER_ITS_EVENTS.includes(reason)) this.later(announce);
    else announce();
  }
}
