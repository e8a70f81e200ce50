/* A monitored htmx 4 element as hx-sse 4.0.1 reads it (node_modules/htmx4/dist/ext/hx-sse.js): its hx-sse attributes,
 * when it connects, the swap of an unnamed message, its htmx:sse:* events, and its stream's request headers. Where
 * the runtime reads it differently on purpose, the difference is listed in htmx4_view.js.
 *
 * `hx` is {htmx, api}: htmx 4, and the internal API it gives its extensions (the extension's init(api)). */

/* hx-sse:connect or hx-sse:close, as htmx reads it (its metaCharacter), or in the other spelling (FastHTML's htmx 4
 * pages write hx-sse-connect: a page with the default ':' that has them is read all the same) */
export function sseAttribute({ api }, el, name) {
  return api.attributeValue(el, 'hx-sse:' + name) ?? el.getAttribute('hx-sse:' + name) ?? el.getAttribute('hx-sse-' + name);
}

/* One of hx-sse's events on the element; false if a listener cancelled it (preventDefault(), or detail.cancelled) */
export function fire({ api }, el, name, detail) { return api.triggerHtmxEvent(el, name, detail) !== false && !detail.cancelled; }

const REQUESTS = ['hx-get', 'hx-post', 'hx-put', 'hx-patch', 'hx-delete', 'hx-action'];

/* When the element connects: as hx-sse, on its hx-trigger (by default at once), unless the element makes requests of
 * its own, whose trigger that is (SSEElement's refetch: an hx-get on sse-monitor:reset) */
export function connectTrigger({ api }, el) {
  const own = REQUESTS.some((name) => api.attributeValue(el, name) != null);
  return (!own && api.attributeValue(el, 'hx-trigger')) || 'load';
}

/* Swap an unnamed message into the element, as hx-sse swaps it with its request's context: the element's hx-target,
 * hx-swap, hx-select and hx-select-oob, never an empty swap (an OOB-only message leaves the target as it is) */
export function swap({ htmx, api }, el, text) {
  const style = api.attributeValue(el, 'hx-swap') ?? htmx.config.defaultSwap;
  return htmx.swap({ sourceElement: el, text, target: api.attributeValue(el, 'hx-target'),
                     swap: style.includes('swapEmpty') ? style : style + ' swapEmpty:false',
                     select: api.attributeValue(el, 'hx-select'), selectOOB: api.attributeValue(el, 'hx-select-oob'),
                     transition: htmx.config.transitions });
}

/* Request headers go to the page's origin only: to another one they would need a CORS preflight, and tell it the
 * page's URL */
function sameOrigin(url) { return new URL(url, location.href).origin === location.origin; }

/* htmx's own request headers: its requests say HX-Request, and where the page is */
function htmxHeaders() { return { 'HX-Request': 'true', 'HX-Current-URL': location.href }; }

/* The request headers of a stream on this page (its hub connections too) */
export function pageHeaders(url) { return sameOrigin(url) ? htmxHeaders() : {}; }

/* The request headers of the element's stream: htmx's, and the element's hx-headers (with js:, a promise of them) */
export function requestHeaders({ api }, el, url) {
  if (!sameOrigin(url)) return {};
  const headers = htmxHeaders();
  const own = api.getAttributeObject(el, 'hx-headers', (obj) => {
    for (const name in obj) headers[name] = String(obj[name]);
  });
  return Promise.resolve(own).then(() => headers);
}
