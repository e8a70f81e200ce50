/* The page's monitored sources, the page's slot, whose the page is (its share scope), and what the page as a whole
 * tells them: the tab is hidden or shown, the network is gone or back, the browser's session changed. It also says,
 * once, what the user cannot see: that the streams cannot be shared between tabs here, or that the page holds as many
 * EventSources as the browser has connections to the host. */
import { sharingUnavailable } from './share.js';
import { userOf } from './config.js';
import { Bundles } from './bundle.js';

export const CONNECTIONS_PER_HOST = 6;   // HTTP/1.1 connections a browser opens to one host (Chromium, Firefox)

export class Page {
  constructor(random = Math.random) {
    this.sources = new Set();   // ManagedSources whose element may still be on the page
    this.slot = random();       // where this page's attempts sit in the servers' reconnect grid, until a server says
    this.unshared = undefined;  // why streams cannot be shared between tabs here (null: they can), once asked
    this.scope = undefined;     // whose the page is, as its monitors were rendered for (a share scope), the only scope it
                                // shares streams in; null when the server did not say, or the session changed since
    this.heard = undefined;     // the last scope the server said for this page (a monitor's render, or an htmx response)
    this.user = undefined;      // after a change: the user the page's first connection since said (its own streams show
                                // only that user's)
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
    if (this.unshared || this.scope) return this.unshared;
    if (!this.unscopedSaid) {
      this.unscopedSaid = true;
      console.warn('sse-monitor: streams are not shared between tabs here (' + (this.heard === undefined ?
        'the server did not say whose this page is: share_between_tabs(app) on the server turns sharing on' :
        'the session changed since this page was made') + '): each tab opens its own connections');
    }
    return 'no share scope';
  }

  /* A monitor's configuration says whose it was rendered for. The first says it for the page, unless an htmx response
   * said another before; one that says another than the last word is a change (a partial or a page of history rendered
   * for another session) */
  meet(scope) {
    if (this.scope === undefined && (this.heard === undefined || this.heard === scope)) this.scope = this.heard = scope;
    else if (scope !== this.heard) this.changed(scope);
  }

  /* An htmx response of this page's said the scope of the cookies its request was sent with: never a scope to share in
   * (it may have been sent before a login, or kept in the browser's cache), only a change when it is another */
  hear(scope) {
    if (this.heard === undefined) this.heard = scope;   // no monitor yet: the first one must agree with it to share
    else if (scope !== this.heard) this.changed(scope);
  }

  /* The session changed since the page was made (a login or a logout without a page load): its streams leave the tabs
   * they shared with, and start again, each through the server with the browser's cookies, as their own until the page
   * is reloaded. (Other tabs keep the connections they have: their pages are the old session's, and so were the
   * cookies those were made with.) */
  changed(scope) {
    this.heard = scope;
    this.scope = null;
    this.user = undefined;
    for (const source of Array.from(this.live())) source.sessionChanged();
  }

  /* Whether a connection's hello names another user than the one this page is for: the one it was made for, or after a
   * change, the one its first connection since named */
  otherUser(said) {
    if (!said) return false;   // (a stream that says nothing of whose it is: not shared, see ManagedSource.relayEvent)
    if (this.scope) return userOf(said) !== userOf(this.scope);
    if (this.scope === null && this.heard !== undefined && this.user === undefined) this.user = userOf(said);
    return this.user !== undefined && userOf(said) !== this.user;
  }

  /* The browser refused a lock (an opaque origin, such as a sandboxed iframe): no sharing on this page from now on */
  refused(error) { if (!this.unshared) this.unshare('the browser refused a Web Lock: ' + (error && error.name || error)); }

  unshare(reason) {  // null: sharing works
    this.unshared = reason;
    if (reason) console.warn('sse-monitor: streams are not shared between tabs here (' + reason + '): each tab opens its ' +
                             'own connections');
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
      for (const source of this.live()) if (source.cfg.monitor_visibility) hidden ? source.hidden() : source.visible();
    };
    const onOffline = () => { for (const source of this.live()) source.offline(); };
    const onOnline = () => { for (const source of this.live()) source.online(); };
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
