/* htmx 4 with its hx-sse extension: the extension streams with fetch and reconnects by itself, element by element, on a
 * schedule of its own (500 ms doubling to 60 s, no attempt limit, paused in background tabs). For a monitored element
 * the runtime streams instead: an HxSseView (htmx4_view.js, the view of a Connection over a FetchSource), so one stream
 * and one schedule (the monitor's), shared between tabs and on the page's hub connection like any other. It does what
 * the extension would:
 * - it connects when the element's hx-trigger fires (by default at once), with htmx's HX-Request and HX-Current-URL
 *   headers and the element's hx-headers (to the page's origin only);
 * - an unnamed message is swapped into the element (its hx-target, hx-swap, hx-select, and any hx-swap-oob), a named
 *   event becomes a DOM event on the element (detail {data, id}), in the order of the stream, and the event named by
 *   hx-sse:close closes the stream;
 * - it fires the extension's events on the element: htmx:sse:before:connection (cancelable: the stream closes) when
 *   the element asks for its stream and before each connection this tab opens for it, htmx:sse:after:connection,
 *   htmx:sse:before:message (cancelable, and detail.waitUntil(promise)), htmx:sse:after:message, htmx:sse:error and
 *   htmx:sse:close (detail.reason: 'message', 'cancelled', 'cleanup', 'removed' or 'closed'; the monitor's own:
 *   'attempts' when it gave up, 'server' on the server's close event), after the events that came before the end.
 *
 * The runtime is an htmx extension itself ('sse-monitor'): before htmx processes part of a page, it claims each
 * monitored element there (in api.htmxProp(el).sse, where hx-sse keeps its connection: hx-sse then leaves the element
 * alone, and closes the stream through it when htmx cleans the element up); it closes the stream on cleanup too, for
 * pages without hx-sse. */
import { HxSseView } from './htmx4_view.js';
import { connectTrigger, pageHeaders, sseAttribute } from './htmx4_element.js';
import { Phase } from './phase.js';
import { FetchSource } from './fetchsource.js';
import { monitorConfigs } from './config.js';
import { SCOPE_HEADER } from './protocol.js';

export function isHtmx4(htmx) { return /^4\./.test(String(htmx.version || '')); }

/* The Connection of a monitored element, if the runtime streams for it */
export function connectionOf4(el) { const record = claimOf(el); return record && record.managed && record.managed.connection; }

function claimOf(el) {  // the runtime's record in the element's hx-sse slot, if it claimed the element
  const record = el && el._htmx && el._htmx.sse;
  return record && record.monitored ? record : null;
}

/* The monitored elements in `root`, with their configurations */
function* monitoredIn(root) {
  for (const cfg of monitorConfigs()) {
    const el = document.getElementById(cfg.element_id);
    if (el && (root === el || (root.contains && root.contains(el)))) yield [el, cfg];
  }
}

/* Claim each monitored element of `root` that is a stream; `late`: htmx may have processed them before the runtime came */
function claim(hx, root, problem, late = false) {
  for (const [el, cfg] of monitoredIn(root)) {
    if (claimOf(el)) continue;
    if ((el._htmx && el._htmx.sse) || (late && el._htmx)) {   // the runtime came after htmx processed the element: hx-sse
      problem(cfg, 'htmx processed #' + el.id + ' before the runtime came, and hx-sse streams for it: load the ' +
                   'runtime in the page head (asset_headers) or with its monitor');
      continue;
    }
    const url = sseAttribute(hx, el, 'connect') || el.getAttribute('sse-connect');
    if (!url) continue;   // not a stream (yet, or any more: an OOB shutdown swapped in an inert copy)
    hx.api.htmxProp(el).sse = { monitored: true, url, cfg, managed: null, wired: false,
                                abortController: { abort: () => release(el, 'cleanup') } };   // (for hx-sse's cleanup)
  }
}

/* Connect each claimed element of `root` when its trigger fires (once htmx has processed it: its hx-on handlers hear
 * the first htmx:sse:before:connection), and again on its trigger once its stream has ended */
function wire(hx, page, root) {
  for (const [el] of monitoredIn(root)) {
    const record = claimOf(el);
    if (!record || record.wired) continue;
    record.wired = true;
    hx.api.onTrigger(el, connectTrigger(hx, el), () => {
      if (el.isConnected && claimOf(el) === record && (!record.managed || record.managed.connection.phase === Phase.ENDED)) {
        record.managed = new HxSseView(el, record.url, record.cfg, page, hx);
      }
    });
  }
}

function release(el, reason) {  // htmx cleans the element up: its stream closes; processed again later, it is claimed again
  const record = claimOf(el);
  if (record && record.managed) record.managed.close(reason);
  if (record) delete el._htmx.sse;
}

/* The extension: claim, wire and release the monitored elements as htmx processes and cleans up the page */
function extension(hx, page, problem) {
  return {
    init: (api) => { hx.api = api; },
    htmx_before_process: (root) => { claim(hx, root, problem); },
    htmx_after_process: (root) => { wire(hx, page, root); },
    htmx_before_cleanup: (el) => { release(el, 'cleanup'); },
    // a response says whose the browser's cookies are now (share_between_tabs), before it is swapped in
    htmx_after_request: (el, detail) => {
      const headers = detail.ctx && detail.ctx.response && detail.ctx.response.headers, said = headers && headers.get(SCOPE_HEADER);
      if (typeof said === 'string') page.hear(said);
    },
    // hx-sse's cleanup, when it runs first, closes a claimed element's stream through the record and then announces
    // the close itself: the stream announces its own end (once, and not again when it had ended already)
    htmx_sse_close: (el, detail) => !(detail.connection && detail.connection.monitored),
  };
}

/* Stream for the monitored elements of an htmx 4 page; `problem(cfg, message)` reports one that cannot be monitored */
export function installHtmx4(htmx, page, problem) {
  const hx = { htmx, api: null };   // (api: once htmx has initialised the extension)
  page.Source = FetchSource;
  page.headers = pageHeaders;   // the page's hub connections too
  if (htmx.registerExtension('sse-monitor', extension(hx, page, problem)) === false) {
    for (const cfg of monitorConfigs()) problem(cfg, 'htmx did not accept the sse-monitor extension: add it to htmx.config.extensions');
    return;
  }
  if (!document.body) return;
  claim(hx, document.body, problem, true);   // what is on the page already (an inline runtime, in the body)
  // Wire what htmx processed before the runtime came (it will not process it again), after htmx's own start: on
  // DOMContentLoaded when that is still to come (a `defer` runtime), else now (htmx starts on a timer then)
  const nav = performance.getEntriesByType && performance.getEntriesByType('navigation')[0];
  const wireAll = () => setTimeout(() => wire(hx, page, document.body));
  if (document.readyState === 'loading' || (nav && !nav.domContentLoadedEventStart)) document.addEventListener('DOMContentLoaded', wireAll);
  else wireAll();
}
