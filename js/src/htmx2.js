/* htmx 2 with htmx-ext-sse: the extension creates every EventSource through htmx.createEventSource(url), a hook it
 * looks up on every (re)connect. For a monitored element the runtime hands out a ManagedSource instead. */
import { ManagedSource } from './source.js';
import { configWhere } from './config.js';
import { SCOPE_HEADER } from './protocol.js';

function sseUrl(el) { return el.getAttribute('sse-connect') || el.getAttribute('data-sse-connect'); }

/* The source htmx-ext-sse keeps for an element (in htmx's internal data), if any */
export function sourceOf(el) { return el && el['htmx-internal-data'] && el['htmx-internal-data'].sseEventSource; }

/* The Connection of a monitored element, if the runtime streams for it */
export function connectionOf(el) { const source = sourceOf(el); return source instanceof ManagedSource ? source.connection : null; }

/* Own htmx.createEventSource; `problem(cfg, message)` reports a monitored element that got no connection.
 * Returns a function that gives the factory back. */
export function installHtmx2(htmx, page, problem) {
  let processing = null;  // the element htmx processes right now: htmx-ext-sse opens its source next
  const plain = htmx.createEventSource;
  const own = (url) => {
    // The monitored element being opened: the one htmx has just processed, if it has that URL and no source yet
    // (htmx clears it on every (re)init), and a configuration.
    const el = processing;
    processing = null;
    const cfg = el && el.id && sseUrl(el) === url && !sourceOf(el) && configWhere('element_id', el.id);
    if (cfg) return new ManagedSource(url, el, cfg, page);
    return plain ? plain(url) : new EventSource(url, { withCredentials: true });
  };
  htmx.createEventSource = own;
  const onProcessed = (event) => {
    const el = processing = event.target;
    const cfg = el.id && sseUrl(el) && configWhere('element_id', el.id);
    // htmx-ext-sse acts on this same event, right after the DOM listeners: once htmx is done, the element has a source
    if (cfg) queueMicrotask(() => {
      if (el.isConnected && !sourceOf(el)) {
        problem(cfg, 'no EventSource was opened for #' + el.id + ': is htmx-ext-sse loaded, and hx-ext="sse" on the ' +
                     'element or one of its parents?');
      }
    });
  };
  // An htmx response says whose the browser's cookies are now (share_between_tabs): read before it is swapped in
  const onResponse = (event) => {
    const xhr = event.detail && event.detail.xhr, said = xhr && xhr.getResponseHeader(SCOPE_HEADER);
    if (typeof said === 'string') page.hear(said);
  };
  document.addEventListener('htmx:afterProcessNode', onProcessed, true);
  document.addEventListener('htmx:beforeOnLoad', onResponse, true);
  return () => {
    if (htmx.createEventSource === own) htmx.createEventSource = plain;
    document.removeEventListener('htmx:afterProcessNode', onProcessed, true);
    document.removeEventListener('htmx:beforeOnLoad', onResponse, true);
  };
}
