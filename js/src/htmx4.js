/* htmx 4 with its hx-sse extension: the extension streams with fetch and reconnects by itself, element by element, on a
 * schedule of its own (500 ms doubling to 60 s, no attempt limit, paused in background tabs). For a monitored element
 * the runtime streams instead: a ManagedSource over a FetchSource, so one stream and one schedule (the monitor's),
 * shared between tabs and on the page's hub connection like any other. It does with each event what the extension
 * would: an unnamed message is swapped into the element (its hx-target, hx-swap, hx-select, and any hx-swap-oob), a
 * named event becomes a DOM event on the element (detail {data, id}), and the event named by hx-sse:close closes the
 * stream.
 *
 * The runtime is an htmx extension itself ('sse-monitor'): before htmx processes part of a page, it claims each
 * monitored element there (in api.htmxProp(el).sse, where hx-sse keeps its connection: hx-sse then leaves the element
 * alone, and closes the stream through it when htmx cleans the element up); it closes the stream on cleanup too, for
 * pages without hx-sse. */
import { ManagedSource } from './source.js';
import { FetchSource } from './fetchsource.js';
import { monitorConfigs } from './config.js';

export function isHtmx4(htmx) { return /^4\./.test(String(htmx.version || '')); }

/* hx-sse:connect or hx-sse:close, as htmx reads it (its metaCharacter), or in the other spelling (FastHTML's htmx 4
 * pages write hx-sse-connect: a page with the default ':' that has them is read all the same) */
function sseAttribute(api, el, name) {
  return api.attributeValue(el, 'hx-sse:' + name) ?? el.getAttribute('hx-sse:' + name) ?? el.getAttribute('hx-sse-' + name);
}

/* The ManagedSource of an element, if the runtime streams for it */
export function sourceOf4(el) { return el && el._htmx && el._htmx.sse && el._htmx.sse.managed; }

/* Stream for the monitored elements of an htmx 4 page; `problem(cfg, message)` reports one that cannot be monitored */
export function installHtmx4(htmx, page, problem) {
  let api = null;

  function claim(root, late = false) {
    for (const cfg of monitorConfigs()) {
      const el = document.getElementById(cfg.element_id);
      if (!el || !(root === el || (root.contains && root.contains(el))) || sourceOf4(el)) continue;
      if ((el._htmx && el._htmx.sse) || (late && el._htmx)) {   // the runtime came after htmx processed the element: hx-sse
        problem(cfg, 'htmx processed #' + el.id + ' before the runtime came, and hx-sse streams for it: load the ' +
                     'runtime in the page head (asset_headers) or with its monitor');
        continue;
      }
      const url = sseAttribute(api, el, 'connect') || el.getAttribute('sse-connect');
      if (!url) continue;   // not a stream (yet, or any more: an OOB shutdown swapped in an inert copy)
      const source = new ManagedSource(url, el, cfg, page);
      let queue = Promise.resolve();   // every event after the swaps before it, in the order of the stream
      source.deliver = (type, data, id) => {
        queue = queue.then(() => {
          if (!el.isConnected) return;   // cleaned up meanwhile (an hx-boost navigation): nothing lands in the new page
          if (type === 'message') return swap(el, data);
          htmx.trigger(el, type, { data, id });
          if (type === sseAttribute(api, el, 'close')) source.close();
        }).catch((e) => console.error('sse-monitor: an event of #' + el.id + ' failed', e));
      };
      api.htmxProp(el).sse = { managed: source, abortController: { abort: () => source.close() } };
    }
  }

  function swap(el, text) {
    const style = api.attributeValue(el, 'hx-swap') ?? htmx.config.defaultSwap;
    return htmx.swap({ sourceElement: el, text, target: api.attributeValue(el, 'hx-target'),
                       swap: style.includes('swapEmpty') ? style : style + ' swapEmpty:false',
                       select: api.attributeValue(el, 'hx-select'), selectOOB: api.attributeValue(el, 'hx-select-oob'),
                       transition: htmx.config.transitions });
  }

  function release(el) {  // (hx-sse, when loaded, has closed it already and removed its record)
    const source = sourceOf4(el);
    if (!source) return;
    source.close();
    delete el._htmx.sse;   // processed again later, it is claimed again
  }

  page.Source = FetchSource;
  const registered = htmx.registerExtension('sse-monitor', {
    init: (internal) => { api = internal; },
    htmx_before_process: (root) => { claim(root); },
    htmx_before_cleanup: (el) => { release(el); },
  });
  if (registered === false) {
    for (const cfg of monitorConfigs()) problem(cfg, 'htmx did not accept the sse-monitor extension: add it to htmx.config.extensions');
    return;
  }
  if (document.body) claim(document.body, true);   // what is on the page already (an inline runtime, in the body)
}
