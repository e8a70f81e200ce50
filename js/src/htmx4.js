/* htmx 4 with its hx-sse extension: the extension streams with fetch and reconnects by itself, element by element, on a
 * schedule of its own (500 ms doubling to 60 s, no attempt limit, paused in background tabs). For a monitored element
 * the runtime streams instead: an HxSseView (the view of a Connection over a FetchSource, connection.js), so one stream and one schedule (the
 * monitor's), shared between tabs and on the page's hub connection like any other. It does what the extension would:
 * - it connects when the element's hx-trigger fires (by default at once), with htmx's HX-Request and HX-Current-URL
 *   headers and the element's hx-headers (to the page's origin only);
 * - an unnamed message is swapped into the element (its hx-target, hx-swap, hx-select, and any hx-swap-oob), a named
 *   event becomes a DOM event on the element (detail {data, id}), in the order of the stream, and the event named by
 *   hx-sse:close closes the stream;
 * - it fires the extension's events on the element: htmx:sse:before:connection (cancelable: the stream closes) when
 *   the element asks for its stream and before each connection this tab opens for it, htmx:sse:after:connection, htmx:sse:before:message (cancelable, and detail.waitUntil(promise)),
 *   htmx:sse:after:message, htmx:sse:error and htmx:sse:close (detail.reason: 'message', 'cancelled', 'cleanup',
 *   'removed' or 'closed'; the monitor's own: 'attempts' when it gave up, 'server' on the server's close event), after
 *   the events that came before the end.
 *
 * The runtime is an htmx extension itself ('sse-monitor'): before htmx processes part of a page, it claims each
 * monitored element there (in api.htmxProp(el).sse, where hx-sse keeps its connection: hx-sse then leaves the element
 * alone, and closes the stream through it when htmx cleans the element up); it closes the stream on cleanup too, for
 * pages without hx-sse. */
import { Connection } from './connection.js';
import { StatusView } from './indicator.js';
import { Phase, readyStateOf } from './phase.js';
import { FetchSource } from './fetchsource.js';
import { monitorConfigs } from './config.js';
import { SCOPE_HEADER } from './protocol.js';

let htmx = null, api = null;   // htmx 4, and the internal API it gives its extensions

export function isHtmx4(htmx) { return /^4\./.test(String(htmx.version || '')); }

/* hx-sse:connect or hx-sse:close, as htmx reads it (its metaCharacter), or in the other spelling (FastHTML's htmx 4
 * pages write hx-sse-connect: a page with the default ':' that has them is read all the same) */
function sseAttribute(el, name) {
  return api.attributeValue(el, 'hx-sse:' + name) ?? el.getAttribute('hx-sse:' + name) ?? el.getAttribute('hx-sse-' + name);
}

/* The Connection of a monitored element, if the runtime streams for it */
export function connectionOf4(el) { const record = claimOf(el); return record && record.managed && record.managed.connection; }

function claimOf(el) {  // the runtime's record in the element's hx-sse slot, if it claimed the element
  const record = el && el._htmx && el._htmx.sse;
  return record && record.monitored ? record : null;
}

/* One event of hx-sse's on the element; false if a listener cancelled it */
function fire(el, name, detail) { return api.triggerHtmxEvent(el, name, detail) !== false && !detail.cancelled; }

/* Request headers go to the page's origin only: to another one they would need a CORS preflight, and tell it the
 * page's URL */
function sameOrigin(url) { return new URL(url, location.href).origin === location.origin; }

/* The request headers of a stream on this page: htmx's own (its requests say HX-Request and where the page is) */
function pageHeaders(url) {
  return sameOrigin(url) ? { 'HX-Request': 'true', 'HX-Current-URL': location.href } : {};
}

/* A monitored hx-sse element: the View (connection.js) that does with its Connection's stream what hx-sse would */
class HxSseView {
  constructor(el, url, cfg, page) {
    this.el = el;
    this.announced = false;   // its next connection was announced already (htmx:sse:before:connection)
    this.dropping = false;    // an event closed the stream (hx-sse:close): the messages after it are dropped
    this.queue = Promise.resolve();   // the events being handled, in order
    this.closeReason = null;  // why the page closed it: 'cleanup', 'message', 'cancelled' (or the element was removed)
    this.connection = new Connection(url, el, cfg, page, {
      views: [new StatusView(cfg), this], transport: { headers: (url) => this.requestHeaders(url) },
      shareable: () => api.attributeValue(el, 'hx-headers') == null });   // (headers of its own may differ per tab)
    this.connection.begin();
  }

  /* What a listener of hx-sse's events reads of detail.connection (as hx-sse's connection, and as before the redesign) */
  get url() { return this.connection.url; }
  get lastEventId() { return this.connection.lastEventId; }
  get attempt() { return this.connection.stream.attempt; }
  get readyState() { return readyStateOf(this.connection.phase); }

  beforeConnection() {  // announce a connection; false if a listener cancelled it
    return fire(this.el, 'htmx:sse:before:connection', { connection: this, cancelled: false });
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

  requestHeaders(url) {  // the page's, and the element's hx-headers (maybe js:, a promise then)
    if (!sameOrigin(url)) return {};
    const headers = pageHeaders(url);
    const own = api.getAttributeObject(this.el, 'hx-headers', (obj) => {
      for (const name in obj) headers[name] = String(obj[name]);
    });
    return Promise.resolve(own).then(() => headers);
  }

  notified(type) {
    if (type === 'open') this.announced = false;   // (opened by another tab: a takeover later is a new connection)
    fire(this.el, type === 'open' ? 'htmx:sse:after:connection' : 'htmx:sse:error', { connection: this });
  }

  /* Run `task` after the ones before it (an event waits for the swaps of the events before it, and its listeners'
   * waitUntil); a `message` task is dropped once the stream was closed by an event before it (hx-sse:close) */
  later(task, message = false) {
    this.queue = this.queue.then(() => {
      if (!message || !this.dropping) return task();
    }).catch((e) => console.error('sse-monitor: an event of #' + this.el.id + ' failed', e));
  }

  heard(type, data, id) {
    const el = this.el;
    this.later(async () => {
      if (!el.isConnected) return;   // cleaned up meanwhile (an hx-boost navigation): nothing lands in the new page
      const message = { data, event: type === 'message' ? '' : type, id }, waits = [];
      const detail = { connection: this, message, cancelled: false, waitUntil: (promise) => waits.push(Promise.resolve(promise)) };
      const go = fire(el, 'htmx:sse:before:message', detail);
      await Promise.all(waits);
      if (!go || detail.cancelled) return;
      if (message.event) htmx.trigger(el, message.event, { data: message.data, id: message.id });
      else await swap(el, message.data);
      fire(el, 'htmx:sse:after:message', { connection: this, message });
      if (message.event && message.event === sseAttribute(el, 'close')) {
        this.dropping = true;   // as hx-sse: nothing after it
        this.close('message');
      }
    }, true);
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
    const announce = () => { fire(this.el, 'htmx:sse:close', { connection: this, reason }); };
    if (['attempts', 'server'].includes(reason)) this.later(announce);
    else announce();
  }
}

function swap(el, text) {
  const style = api.attributeValue(el, 'hx-swap') ?? htmx.config.defaultSwap;
  return htmx.swap({ sourceElement: el, text, target: api.attributeValue(el, 'hx-target'),
                     swap: style.includes('swapEmpty') ? style : style + ' swapEmpty:false',
                     select: api.attributeValue(el, 'hx-select'), selectOOB: api.attributeValue(el, 'hx-select-oob'),
                     transition: htmx.config.transitions });
}

const REQUESTS = ['hx-get', 'hx-post', 'hx-put', 'hx-patch', 'hx-delete', 'hx-action'];

/* When the element connects: as hx-sse, on its hx-trigger (by default at once), unless the element makes requests of
 * its own, whose trigger that is (SSEElement's refetch: an hx-get on sse-monitor:reset) */
function connectTrigger(el) {
  const own = REQUESTS.some((name) => api.attributeValue(el, name) != null);
  return (!own && api.attributeValue(el, 'hx-trigger')) || 'load';
}

/* Stream for the monitored elements of an htmx 4 page; `problem(cfg, message)` reports one that cannot be monitored */
export function installHtmx4(htmx4, page, problem) {
  htmx = htmx4;

  function claim(root, late = false) {
    for (const cfg of monitorConfigs()) {
      const el = document.getElementById(cfg.element_id);
      if (!el || !(root === el || (root.contains && root.contains(el))) || claimOf(el)) continue;
      if ((el._htmx && el._htmx.sse) || (late && el._htmx)) {   // the runtime came after htmx processed the element: hx-sse
        problem(cfg, 'htmx processed #' + el.id + ' before the runtime came, and hx-sse streams for it: load the ' +
                     'runtime in the page head (asset_headers) or with its monitor');
        continue;
      }
      const url = sseAttribute(el, 'connect') || el.getAttribute('sse-connect');
      if (!url) continue;   // not a stream (yet, or any more: an OOB shutdown swapped in an inert copy)
      api.htmxProp(el).sse = { monitored: true, url, cfg, managed: null, wired: false,
                               abortController: { abort: () => release(el, 'cleanup') } };   // (for hx-sse's cleanup)
    }
  }

  /* Connect each claimed element of `root` when its trigger fires (once htmx has processed it: its hx-on handlers
   * hear the first htmx:sse:before:connection), and again on its trigger once its stream has ended */
  function wire(root) {
    for (const cfg of monitorConfigs()) {
      const el = document.getElementById(cfg.element_id), record = claimOf(el);
      if (!record || record.wired || !(root === el || (root.contains && root.contains(el)))) continue;
      record.wired = true;
      api.onTrigger(el, connectTrigger(el), () => {
        if (el.isConnected && claimOf(el) === record && (!record.managed || record.managed.connection.phase === Phase.ENDED)) {
          record.managed = new HxSseView(el, record.url, record.cfg, page);
        }
      });
    }
  }

  function release(el, reason) {
    const record = claimOf(el);
    if (record && record.managed) record.managed.close(reason);
    if (record) delete el._htmx.sse;   // processed again later, it is claimed again
  }

  page.Source = FetchSource;
  page.headers = pageHeaders;   // the page's hub connections too
  const registered = htmx.registerExtension('sse-monitor', {
    init: (internal) => { api = internal; },
    htmx_before_process: (root) => { claim(root); },
    htmx_after_process: (root) => { wire(root); },
    htmx_before_cleanup: (el) => { release(el, 'cleanup'); },
    // a response says whose the browser's cookies are now (share_between_tabs), before it is swapped in
    htmx_after_request: (el, detail) => {
      const headers = detail.ctx && detail.ctx.response && detail.ctx.response.headers, said = headers && headers.get(SCOPE_HEADER);
      if (typeof said === 'string') page.hear(said);
    },
    // hx-sse's cleanup, when it runs first, closes a claimed element's stream through the record and then announces
    // the close itself: the stream announces its own end (once, and not again when it had ended already)
    htmx_sse_close: (el, detail) => !(detail.connection && detail.connection.monitored),
  });
  if (registered === false) {
    for (const cfg of monitorConfigs()) problem(cfg, 'htmx did not accept the sse-monitor extension: add it to htmx.config.extensions');
    return;
  }
  if (!document.body) return;
  claim(document.body, true);   // what is on the page already (an inline runtime, in the body)
  // Wire what htmx processed before the runtime came (it will not process it again), after htmx's own start: on
  // DOMContentLoaded when that is still to come (a `defer` runtime), else now (htmx starts on a timer then)
  const nav = performance.getEntriesByType && performance.getEntriesByType('navigation')[0];
  const wireAll = () => setTimeout(() => wire(document.body));
  if (document.readyState === 'loading' || (nav && !nav.domContentLoadedEventStart)) document.addEventListener('DOMContentLoaded', wireAll);
  else wireAll();
}
