/* Bundles: the SSEHub streams of a page on one connection.
 *
 * A page with ten hub widgets would hold ten EventSources, more than the six HTTP/1.1 connections a browser opens to a
 * host. Elements made with SSEElement(..., hub=hub) name their hub's page stream (data-sse-hub: the path that
 * hub.multiplex added to the app), and the runtime opens one connection there for all of them, with `s=` naming each
 * element's own stream URL. The server asks the app what each URL serves (the app's own handler decides the topics)
 * and sends each event once, as a `message` whose first data line names its topic and event name ("news message"); its
 * hello says which topics each URL carries.
 *
 * That connection is a HubConnection: a ManagedSource like any other, with its schedule, its watchdog, its last id and
 * its sharing between tabs. Each element keeps its own ManagedSource, which follows the page's connection as a follower
 * tab follows its leader: it shows the connection's state and gets its own topics' events (through its sse-swap), the
 * resets and the close event; a reconnect asked of it restarts the connection. */
import { ManagedSource, HELLO_EVENT, RESET_EVENT } from './source.js';

export const MAX_STREAMS = 32;   // streams one connection carries (the server's limit too); more get their own

/* The page stream at `path` that carries `urls`: sorted, so that every tab that shows them names the same stream */
export function pageStreamUrl(path, urls) {
  return path + '?' + urls.slice().sort().map((url) => 's=' + encodeURIComponent(url)).join('&');
}

/* A `message` of a page stream: its topic, its event name and its own data */
export function untag(data) {
  const cut = data.indexOf('\n'), head = cut < 0 ? data : data.slice(0, cut), space = head.indexOf(' ');
  return { topic: head.slice(0, space), type: head.slice(space + 1), data: cut < 0 ? '' : data.slice(cut + 1) };
}

/* What the connection does, the same for every stream of a bundle (not how each shows it) */
function timing(cfg) {
  const { connection_id, status_id, element_id, indicators, ...rest } = cfg;
  return JSON.stringify(rest);
}

/* The page's bundles, by page stream and timing */
export class Bundles {
  constructor(page) {
    this.page = page;
    this.all = new Map();
  }

  /* Put `source` on its page's connection: the relay it follows, or null when it has a connection of its own (not a
   * hub element, another origin, a full bundle, or a stream the page stream cannot carry) */
  join(source) {
    const path = source.owner.dataset && source.owner.dataset.sseHub;
    if (!path || source.unbundled) return null;
    const url = new URL(source.url, location.href);
    if (url.origin !== location.origin) return null;
    const key = path + ' ' + timing(source.cfg);
    let bundle = this.all.get(key);
    if (!bundle) {
      bundle = new Bundle(path, source.cfg, this.page, () => { if (this.all.get(key) === bundle) this.all.delete(key); });
      this.all.set(key, bundle);
    }
    return bundle.join(source, url.pathname + url.search);
  }
}

class Bundle {
  constructor(path, cfg, page, gone) {
    this.path = path;
    this.page = page;
    this.gone = gone;           // called once it has no stream left
    this.cfg = Object.assign({}, cfg, { connection_id: 'hub ' + path, status_id: null, element_id: null });
    this.views = new Map();     // each element's ManagedSource -> its stream URL
    this.topics = new Map();    // stream URL -> the Set of its topics, as the connection's hello said
    this.source = null;         // the HubConnection
    this.timer = null;          // a change of streams, applied once the page's elements are all processed
  }

  get isConnected() { return this.views.size > 0; }   // as the HubConnection's owner: while it has streams

  join(view, url) {
    if (!this.views.has(view) && this.views.size >= MAX_STREAMS) return null;
    this.views.set(view, url);
    this.changed();
    const source = this.source;   // already on the connection (an element swapped for a copy): its state, once it listens
    if (source && source.urls.includes(url)) queueMicrotask(() => { if (this.source === source) view.follow(source.stateMessage()); });
    return { local: true, leading: null, want() {}, post() {}, resign() {}, ask: (message) => this.ask(message),
             close: () => this.leave(view) };
  }

  leave(view) {
    if (this.views.delete(view)) this.changed();
  }

  ask(message) {  // from an element: a reconnect restarts the connection, unless it is live
    if (message.kind === 'restart' && this.source && this.source.state !== 'active') this.source.restart();
  }

  changed() {
    if (this.timer === null) this.timer = setTimeout(() => { this.timer = null; this.connect(); }, 0);
  }

  /* A connection for the streams the page shows now, from the last id of the one before (nothing missed meanwhile) */
  connect() {
    const urls = Array.from(new Set(this.views.values())).sort(), old = this.source;
    if (old && old.urls.join('\n') === urls.join('\n')) return;
    this.source = null;   // the old one's end is not shown on the elements
    if (old) old.close();
    if (!urls.length) return this.gone();
    const source = new HubConnection(pageStreamUrl(this.path, urls), this, this.cfg, this.page, old ? old.lastEventId : '');
    source.urls = urls;
    this.source = source;
  }

  /* An event of the connection (its own, or relayed by the tab that holds it), to the elements it is for */
  deliver(source, type, data, id) {
    if (source !== this.source) return;
    if (type === 'message') {
      const event = untag(data);
      for (const [view, url] of Array.from(this.views)) {
        const topics = this.topics.get(url);
        if (topics && topics.has(event.topic)) view.follow({ kind: 'event', type: event.type, data: event.data, id });
      }
    } else if (type === HELLO_EVENT) this.hello(source, data);
    else if (type === RESET_EVENT || type === this.cfg.close_event) {
      for (const view of Array.from(this.views.keys())) view.follow({ kind: 'event', type, data, id });
    }
  }

  /* The hello says what each stream carries, in the order of the URL; one it cannot carry gets a connection of its own */
  hello(source, data) {
    let streams = null;
    try { streams = JSON.parse(data).streams; } catch (e) { /* not a page stream's hello */ }
    if (!Array.isArray(streams)) return;
    source.urls.forEach((url, i) => {
      if (Array.isArray(streams[i])) return this.topics.set(url, new Set(streams[i]));
      this.topics.delete(url);
      for (const [view, u] of Array.from(this.views)) {
        if (u === url) view.alone('the page stream ' + this.path + ' cannot carry ' + url + ' (' + streams[i] + ')');
      }
    });
  }

  tellAll(message) {  // the connection's state or error, to every element
    for (const view of Array.from(this.views.keys())) view.follow(message);
  }
}

/* The page's connection to a page stream; its owner is the Bundle */
class HubConnection extends ManagedSource {
  received(type, data, lastEventId, origin) {
    this.owner.deliver(this, type, data, lastEventId);   // before its own reading of a close event ends it
    super.received(type, data, lastEventId, origin);
  }

  reset() {}   // each element shows its own (the reset went to all of them)


  show() {  // its state is shown by the elements, as their own
    if (this.owner.source === this) this.owner.tellAll(this.stateMessage());
  }

  notify(type) {
    if (type === 'error' && this.owner.source === this) this.owner.tellAll({ kind: 'error' });
  }
}
