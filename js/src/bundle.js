/* Bundles: the SSEHub streams of a page on one connection.
 *
 * A page with ten hub widgets would hold ten EventSources, more than the six HTTP/1.1 connections a browser opens to a
 * host. Elements made with SSEElement(..., hub=hub) name their hub's page stream (data-sse-hub: the path that
 * hub.multiplex added to the app), and the runtime opens one connection there for all of them, with `s=` naming each
 * element's own stream URL. The server asks the app what each URL serves (the app's own handler decides the topics)
 * and sends each event once, as a `message` whose first data line names its topic and event name ("news message"); its
 * hello says which topics each URL carries.
 *
 * That connection is a Connection like any other (connection.js), with its schedule, its watchdog, its last id and
 * its sharing between tabs; the Bundle is its view. Each element keeps its own Connection, which follows the page's
 * connection (its carrier is a Seat) as a follower tab follows its leader: it shows the connection's state and gets its
 * own topics' events (through its sse-swap), the resets and the close event; a reconnect asked of it restarts the
 * connection. */
import { Connection } from './connection.js';
import { withLastId } from './stream.js';
import { HELLO_EVENT, Kind, MAX_STREAMS, RESET_EVENT } from './protocol.js';
import { Phase, stopped } from './phase.js';
import { stateMessage } from './mirror.js';

/* The page stream at `path` that carries `urls`: sorted, so that every tab that shows them names the same stream */
export function pageStreamUrl(path, urls) {
  return path + '?' + urls.slice().sort().map((url) => 's=' + encodeURIComponent(url)).join('&');
}

/* A `message` of a page stream: its topic, its event name and its own data */
export function untag(data) {
  const cut = data.indexOf('\n'), head = cut < 0 ? data : data.slice(0, cut), space = head.indexOf(' ');
  return { topic: head.slice(0, space), type: head.slice(space + 1), data: cut < 0 ? '' : data.slice(cut + 1) };
}

/* What the connection does, the same for every stream of a bundle (not how each shows or logs it) */
function timing(cfg) {
  const { connection_id, status_id, element_id, indicators, log_to_console, ...rest } = cfg;
  return JSON.stringify(rest);
}

/* The page's bundles, by page stream and timing */
export class Bundles {
  constructor(page) {
    this.page = page;
    this.all = new Map();
  }

  /* Put `source` on its page's connection: its Seat there, or null when it has a connection of its own (not a
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

export class Bundle {
  constructor(path, cfg, page, gone) {
    this.path = path;
    this.page = page;
    this.gone = gone;           // called once it has no stream left
    this.cfg = Object.assign({}, cfg, { connection_id: 'hub ' + path, status_id: null, element_id: null });
    this.views = new Map();     // each element's Connection -> its stream URL
    this.topics = new Map();    // stream URL -> the Set of its topics, as the connection's hello said
    this.source = null;         // the page's Connection to the page stream
    this.carrying = [];         // ...the stream URLs it carries
    this.timer = null;          // a change of streams, applied once the page's elements are all processed
    this.fresh = [];            // the streams new to the page when the connection was made: they start live
    this.freshFrom = '';        // ...from the last id the page had then
    this.waiting = new Set();   // streams the server could not carry for now (a 403, a 5xx, no answer): asked again
    this.tries = 0;             // connections in a row that had to ask again
    this.again = null;          // the timer of the next one
  }

  get isConnected() { return this.views.size > 0; }   // as its Connection's owner: while it has streams

  join(view, url) {
    if (!this.views.has(view) && this.views.size >= MAX_STREAMS) return null;
    this.views.set(view, url);
    this.changed();
    const source = this.source;   // already on the connection (an element swapped for a copy): its state, once it listens
    if (source && this.carrying.includes(url) && !this.waiting.has(url)) queueMicrotask(() => { if (this.source === source) view.carried(stateMessage(source)); });
    return new Seat(this, view);
  }

  leave(view) {
    if (this.views.delete(view)) this.changed();
  }

  restart() {  // asked by an element: a reconnect restarts the connection, unless it is live
    if (this.source && !this.source.live) this.source.restart();
  }

  changed() {
    if (this.timer === null) this.timer = setTimeout(() => { this.timer = null; this.connect(); }, 0);
  }

  /* A connection for the streams the page shows now, from the last id of the one before (nothing missed meanwhile);
   * `again`: also for the same streams (to ask again about those the server could not carry) */
  connect(again = false) {
    const urls = Array.from(new Set(this.views.values())).sort(), old = this.source, before = this.carrying;
    if (old && !again && before.join('\n') === urls.join('\n')) return;
    clearTimeout(this.again);
    this.source = null;   // the old one's end is not shown on the elements
    if (old) old.close();
    if (!urls.length) return this.gone();
    this.fresh = old ? urls.filter((url) => !before.includes(url)) : [];
    this.freshFrom = old ? old.lastEventId : '';
    const view = {   // (View, connection.js): what the connection says, to the elements it carries
      heard: (type, data, id) => this.deliver(connection, type, data, id),
      returning: (type, data, id) => this.deliver(connection, type, data, id),   // (each element reloads, if it must)
      shown: () => { if (this.source === connection) this.tellAll(stateMessage(connection)); },
      notified: (type) => { if (type === 'error' && this.source === connection) this.tellAll({ kind: Kind.ERROR }); },
    };
    const connection = new Connection(pageStreamUrl(this.path, urls), this, this.cfg, this.page, {
      views: [view], lastEventId: this.freshFrom, resets: false,   // (a reset reaches every element, which shows its own)
      transport: { address: (url, lastEventId) => this.address(url, lastEventId) } });
    connection.begin();   // (its first phase is not the elements': they show the one before until it opens)
    this.source = connection;
    this.carrying = urls;
  }

  address(url, lastEventId) {  // the streams new to the page start live, until the connection has moved on from where the page was
    const address = withLastId(url, lastEventId);
    if (!this.fresh.length || lastEventId !== this.freshFrom) return address;
    return address + '&' + this.fresh.map((u) => 'fresh=' + encodeURIComponent(u)).join('&');
  }

  /* An event of the connection (its own, or relayed by the tab that holds it), to the elements it is for */
  deliver(source, type, data, id) {
    if (source !== this.source) return;
    if (type === 'message') {
      const event = untag(data);
      for (const [view, url] of Array.from(this.views)) {
        const topics = this.topics.get(url);
        if (topics && topics.has(event.topic)) view.carried({ kind: Kind.EVENT, type: event.type, data: event.data, id });
      }
    } else if (type === HELLO_EVENT) this.hello(source, data);
    else if (type === RESET_EVENT || type === this.cfg.close_event) {
      for (const view of Array.from(this.views.keys())) view.carried({ kind: Kind.EVENT, type, data, id });
    }
  }

  /* The hello says what each stream carries, in the order of the URL. One it cannot carry gets a connection of its own
   * when that is final (not a stream of this hub), or is asked about again on the reconnect schedule (a 403 while a
   * session is renewed, a server error, no answer in time), and after max_reconnect_attempts gets its own. */
  hello(source, data) {
    let streams = null;
    try { streams = JSON.parse(data).streams; } catch (e) { /* not a page stream's hello */ }
    if (!Array.isArray(streams)) return;
    const cfg = this.cfg, delay = Math.min(cfg.reconnect_delay * 2 ** this.tries, cfg.reconnect_delay * cfg.max_backoff_multiplier);
    const waited = this.waiting;
    this.waiting = new Set();
    this.carrying.forEach((url, i) => {
      const carried = streams[i], views = Array.from(this.views).filter(([, u]) => u === url).map(([view]) => view);
      if (Array.isArray(carried)) {
        this.topics.set(url, new Set(carried));
        if (waited.has(url)) for (const view of views) view.carried(stateMessage(source));
        return;
      }
      this.topics.delete(url);
      const why = 'the page stream ' + this.path + ' cannot carry ' + url + ' (' + (carried && carried.reason) + ')';
      if (carried && carried.final === false && this.tries < cfg.max_reconnect_attempts) {
        this.waiting.add(url);
        for (const view of views) {
          view.log(why + ': asking again in ' + delay + ' ms');
          view.carried({ kind: Kind.STATE, phase: Phase.WAITING, attempt: this.tries + 1, maxAttempts: cfg.max_reconnect_attempts,
                        delay, reason: 'refused' });
        }
      } else for (const view of views) view.alone(why);
    });
    this.tries = this.waiting.size ? this.tries + 1 : 0;
    if (this.waiting.size) this.again = setTimeout(() => { if (this.source === source) this.connect(true); }, delay);
  }

  tellAll(message) {  // the connection's state or error, to every element it carries; its end or pause to all of them
    if (message.kind === Kind.STATE && message.phase !== Phase.OPEN) clearTimeout(this.again);   // its reconnect asks about them all
    if (stopped(message.phase)) this.waiting.clear();
    for (const [view, url] of Array.from(this.views)) if (!this.waiting.has(url)) view.carried(message);
  }
}

/* An element's place on its page's hub connection: the carrier of its Connection (tabs.js: Carrier). The connection
 * is the Bundle's, so the element only follows: what it shows, the Bundle delivers (Connection.carried) */
class Seat {
  constructor(bundle, view) {
    this.bundle = bundle;
    this.view = view;
  }

  get following() { return true; }
  get hub() { return true; }
  start() {}
  connecting() {}
  heard() {}
  failed() {}
  phased() {}
  listen() {}
  restart() { this.bundle.restart(); }
  want() {}
  resign() {}
  close() { this.bundle.leave(this.view); }
}
