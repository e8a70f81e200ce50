/* The page's monitored sources, the page's slot, whose the browser's cookies are (a share scope), and what the page
 * as a whole tells them: the tab is hidden or shown, the network is gone or back, this tab logged in or out. It also says,
 * once, what the user cannot see: that the streams cannot be shared between tabs here, or that the page holds as many
 * EventSources as the browser has connections to the host. */
import { sharingUnavailable, scopeSaid } from './share.js';
import { Bundles } from './bundle.js';
import { sessionChanged } from './session.js';
import { CONNECTIONS_PER_HOST, SCOPE_META } from './protocol.js';

/* What the document says of whose it is (share_between_tabs puts it in the head of every page): [scope, when], or
 * [null, null] */
function documentScope() {
  const meta = document.querySelector('meta[name="' + SCOPE_META + '"]');
  return meta ? scopeSaid(meta.content) : [null, null];
}

function notShared(reason) {  // said once a page: its tabs share no stream
  console.warn('sse-monitor: streams are not shared between tabs here (' + reason + '): each tab opens its own connections');
}

export class Page {
  constructor(random = Math.random) {
    this.sources = new Set();   // Connections whose element may still be on the page
    this.slot = random();       // where this page's attempts sit in the servers' reconnect grid, until a server says
    this.unshared = undefined;  // why streams cannot be shared between tabs here (null: they can), once asked
    this.current = undefined;   // whose the browser's cookies are, as far as the page knows (a share scope): the
                                // document's, as the server rendered it (its <meta name="sse-monitor-scope">, read when
                                // first needed: it may come after the runtime), then what its htmx answers said
    this.since = undefined;     // when the request that said so came (the server's clock); null: the document did not say
    this.unscopedSaid = false;  // that streams are not shared without a scope was said
    this.open = 0;              // EventSources this page holds open
    this.warned = false;        // the connection limit was pointed out
    this.bundles = new Bundles(this);   // the page's connections to SSEHub page streams
    this.Source = window.EventSource;   // what its connections are (FetchSource on an htmx 4 page)
    this.headers = undefined;           // with a FetchSource: a function that gives the request headers of a stream URL
  }

  /* Why this page cannot share streams with other tabs, or null; said once in the console */
  cannotShare() {
    if (this.unshared === undefined) this.unshare(sharingUnavailable());
    return this.unshared;
  }

  /* A monitor rendered without a share scope (the server does not say whose its pages are): said once; false */
  unscoped() {
    if (!this.unscopedSaid) {
      this.unscopedSaid = true;
      notShared('the server did not say whose this page is: share_between_tabs(app) on the server turns sharing on');
    }
    return false;
  }

  /* Whose the browser's cookies are, as far as the page knows */
  know() {
    if (this.since === undefined) [this.current, this.since] = documentScope();
    return this.current;
  }

  /* An htmx response said (its SCOPE_HEADER) the share scope of the cookies it answered with (`now`: a login or a
   * logout in between changes them), and when its request came (`at`). One to a request that came after what the page
   * knows says whose the cookies are now (a login or a logout by this tab, one a redirect followed, one in another
   * tab); an older one (an answer that arrives late, or one kept in the browser's cache) says nothing new. */
  hear(header) {
    const [now, at] = scopeSaid(header);
    this.know();
    if (this.since === null || !(at > this.since)) return;   // (a document that did not say: no answer is newer than it)
    this.since = at;
    if (now === this.current) return;
    this.current = now;
    for (const source of Array.from(this.live())) sessionChanged(source, now);
  }

  /* The browser refused a lock (an opaque origin, such as a sandboxed iframe): no sharing on this page from now on */
  refused(error) { if (!this.unshared) this.unshare('the browser refused a Web Lock: ' + (error && error.name || error)); }

  unshare(reason) {  // null: sharing works
    this.unshared = reason;
    if (reason) notShared(reason);
  }

  /* Count an EventSource of this page until it is closed, and warn when they fill the browser's connections */
  counted(source) {
    const close = source.close;
    let open = true;
    source.close = () => {
      if (open) this.open -= 1;
      open = false;
      close.call(source);
    };
    this.open += 1;
    if (this.open >= CONNECTIONS_PER_HOST && !this.warned && httpOne()) {
      this.warned = true;
      console.warn('sse-monitor: this page holds ' + this.open + ' EventSources over HTTP/1.1, and a browser opens at ' +
                   'most ' + CONNECTIONS_PER_HOST + ' connections to a host: every other request to it (a click, a page) ' +
                   'now waits for one to close. Share streams (SSEHub topics on one stream, share=True between tabs), or ' +
                   'serve the app over HTTP/2.');
    }
    return source;
  }

  adopt(source) {  // a new or restarted source; an element re-processed by htmx closes its previous one
    for (const other of this.sources) if (other !== source && other.owner === source.owner) other.close();
    this.sources.add(source);
  }

  release(source) { this.sources.delete(source); }

  online() { return navigator.onLine !== false; }   // (StreamEnv) false while the browser says it has no network

  /* The slot a server handed out in its hello event ({"slot": 0.38}): all of this page's streams use it */
  hello(data) {
    try {
      const slot = JSON.parse(data).slot;
      if (Number.isFinite(slot) && slot >= 0 && slot < 1) this.slot = slot;
    } catch (e) { /* not ours to judge: ignore */ }
  }

  * live() {  // sources whose element is still on the page
    for (const source of this.sources) {
      if (source.owner.isConnected) yield source;
      else source.close();
    }
  }

  /* React to the tab and the network; returns a function that stops listening */
  listen() {
    const onVisibility = () => {
      const hidden = document.visibilityState === 'hidden';
      for (const source of this.live()) if (source.cfg.monitor_visibility) hidden ? source.presence.hidden() : source.presence.visible();
    };
    const onOffline = () => { for (const source of this.live()) source.presence.offline(); };
    const onOnline = () => { for (const source of this.live()) source.presence.online(); };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
    };
  }
}

/* Whether this page came over HTTP/1.1 (its connections to the host are few), as far as the browser says */
function httpOne() {
  const entry = performance.getEntriesByType && performance.getEntriesByType('navigation')[0];
  return Boolean(entry && entry.nextHopProtocol === 'http/1.1');
}
