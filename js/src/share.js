/* Relay: one stream for every tab of a browser that shows it.
 *
 * Chromium allows 6 HTTP/1.1 connections per host, and every EventSource holds one: two tabs of a page with three
 * streams use them all, and from then on every other request of those tabs waits for ever. So the tabs of a browser
 * share each stream URL: one tab (the leader) holds the connection and passes what it receives to the others (the
 * followers), which show it as if it were their own.
 *
 * Tabs share a stream only within one share scope: whose the element is, as the server said when it rendered its
 * monitor (keyed hashes of the session and the cookies, sse_monitor.share), so that another session's tab, or a page
 * rendered before a login or a logout, never follows the connection.
 *
 * The leader is whoever holds the Web Lock named after the stream and its scope: the browser hands it on by itself when the
 * leader's tab closes or crashes, and a follower takes it (`steal`) when the leader stops beating (a frozen tab).
 * Events and states travel on a BroadcastChannel of the same name. A leader beats every BEAT ms; a visible follower
 * that heard nothing for STALE ms from a visible leader takes over (a hidden leader's timers are throttled to one a
 * second or less, and it leaves the stream by itself after hidden_grace). Only visible tabs (or every tab, for a
 * connection that ignores visibility) ask for the lock, so the stream stays open while any tab shows it and the leader
 * is not a background tab that the browser throttles.
 *
 * Why not a SharedWorker: it needs a script URL of its own on the app's origin (the runtime is often inline), and
 * Chromium on Android does not have it. Web Locks and BroadcastChannel need nothing from the app; Web Locks need a
 * secure context (https, or http on localhost): elsewhere each tab keeps a connection of its own. */
import { shareScope } from './config.js';
import { BEAT, Kind, STALE, TABS } from './protocol.js';

/* Whether this page can share streams between its tabs, and why not */
export function sharingUnavailable(nav = navigator, win = window) {
  if (typeof win.BroadcastChannel !== 'function') return 'this browser has no BroadcastChannel';
  if (win.origin === 'null') return 'the page has an opaque origin (a sandboxed iframe?)';
  if (!nav.locks || typeof nav.locks.request !== 'function') {
    return win.isSecureContext === false ? 'Web Locks need a secure context (https, or http on localhost)'
                                         : 'this browser has no Web Locks';
  }
  return null;
}

/* The name of a stream's lock and channel: the version of the tabs' messages (TABS), whose it is (the share scope the
 * server rendered the page for: the same session) and its absolute URL. Tabs of another session, or of a page rendered
 * before a login or a logout, name another stream. */
export function streamKey(url, scope, base = location.href) {
  return 'sse-monitor/' + TABS + ' ' + scope + ' ' + new URL(url, base).href;
}

/* What an htmx response's SCOPE_HEADER (or the page's SCOPE_META) says: the share scope of the cookies it answered with
 * ('-': none), and when its request came */
export function scopeSaid(header) {
  const [now, at] = header.split(' ');
  return [shareScope(now), Number(at) || 0];
}

function token() { return Math.random().toString(36).slice(2) + Date.now().toString(36); }

export class Relay {
  /* `key`: the stream's name; `host`: what the relay works for, with
   *   lead()              this tab holds the stream now: connect
   *   demote()            the lock was taken from it: drop the connection, say nothing more as leader
   *   follow(message)     the leader sent an event or a state, or a lead: a new leader, tell it what we need
   *   silent()            this tab does not ask for the stream, and its leader has been silent for STALE ms (once
   *                       per silence: when a leader speaks again, follow() gets a lead and its state)
   *   unshared(error)     the browser refused the lock (an opaque origin, such as a sandboxed iframe): go it alone
   *   request(message)    a follower asks the leader for something: {kind: hello | restart | types, by, ...}
   *                       (`by` names the follower: post({for: by, ...}) answers it alone) */
  constructor(key, host, { locks = navigator.locks, Channel = BroadcastChannel, now = () => performance.now(),
                           random = Math.random } = {}) {
    this.key = key;
    this.host = host;
    this.env = { locks, now, random };   // the browser's, unless a test gives its own
    this.channel = new Channel(key);
    this.channel.onmessage = (event) => this.received(event.data);
    this.me = token();        // this tab's name, for messages to it alone
    this.leading = null;      // this tab's term as leader: {token, release}
    this.leader = null;       // the token of the leader this tab follows
    this.heard = now();       // when that leader last spoke
    this.hiddenLeader = false;   // whether its last beat said its tab is hidden
    this.lost = false;        // its silence was reported (silent(), or this tab lost the lock): the next leader is new
    this.ticked = now();      // the watch's last tick
    this.asking = null;       // AbortController of this tab's pending lock request
    this.timer = null;        // beats (leader), or the watch for a silent leader (follower)
    this.stealing = null;     // the timer of a takeover from a silent leader
    this.ask({ kind: Kind.HELLO });
  }

  /* Ask for the lock (a visible tab), or stop asking (a hidden one); `steal` takes it from a silent leader */
  want(yes, steal = false) {
    if (!yes) return this.withdraw();
    if (this.leading || (this.asking && !steal)) return;
    this.withdraw();
    const asking = this.asking = new AbortController();
    const term = { token: token(), release: null };
    this.env.locks.request(this.key, steal ? { steal: true } : { signal: asking.signal }, () => new Promise((release) => {
      if (this.asking !== asking) return release();   // withdrawn meanwhile
      this.asking = null;
      term.release = release;
      this.leading = term;
      this.leader = term.token;
      this.post({ kind: Kind.LEAD });
      this.watch();
      this.host.lead();
    })).catch((error) => {   // withdrawn (AbortError), stolen from this tab by a follower that found it silent, or refused
      if (this.leading === term) this.stolen();
      else if (this.asking === asking) {
        this.asking = null;
        if (!error || error.name !== 'AbortError') this.host.unshared(error);
      }
    });
    this.watch();
  }

  withdraw() {
    if (this.asking) this.asking.abort();
    this.asking = null;
    this.watch();
  }

  /* Give the stream up (closed, or hidden): a tab that asks for it takes it */
  resign() {
    const term = this.leading;
    if (!term) return;
    this.leading = null;
    this.watch();
    term.release();
  }

  /* The lock was taken: this tab follows again, and must not speak as leader */
  stolen() {
    if (!this.leading) return;
    this.leading = null;
    this.leader = null;
    this.lost = true;         // the thief announced itself while this tab still thought it led: listen for it afresh
    this.watch();
    this.host.demote();
  }

  post(message) {   // as leader, to every follower (or to the one named by message.for)
    if (this.leading) this.channel.postMessage(Object.assign({ from: this.leading.token, hidden: document.hidden }, message));
  }

  ask(message) { this.channel.postMessage(Object.assign({ to: this.leader, by: this.me }, message)); }   // to the leader

  received(message) {
    if (!message || typeof message !== 'object') return;
    if ('to' in message) {   // a follower's request
      if (!this.leading || (message.to !== null && message.to !== this.leading.token)) return;
      if (message.kind === Kind.HELLO) this.post({ kind: Kind.LEAD });
      return this.host.request(message);
    }
    if (this.leading) return;   // a leader whose lock was stolen: it learns that from the lock (stolen())
    if ('for' in message && message.for !== this.me) return;   // for another follower
    const fresh = (message.kind === Kind.LEAD && message.from !== this.leader) || this.lost;
    if (message.kind === Kind.LEAD || this.lost) this.leader = message.from;
    if (message.from !== this.leader) return;   // from a leader that has been replaced
    this.heard = this.env.now();
    this.hiddenLeader = Boolean(message.hidden);
    if (fresh) {             // a leader this tab has not heard yet, or again: it tells us its state
      this.lost = false;
      this.host.follow({ kind: Kind.LEAD });
      if (message.kind !== Kind.LEAD) this.ask({ kind: Kind.HELLO, again: true });
    }
    if (message.kind !== Kind.LEAD && message.kind !== Kind.BEAT) this.host.follow(message);
  }

  /* A leader beats; a follower watches for a silent leader: it takes over if it asks for the stream, else it says so */
  watch() {
    clearInterval(this.timer);
    this.heard = this.env.now();
    if (this.leading) this.timer = setInterval(() => this.post({ kind: Kind.BEAT }), BEAT);
    else this.timer = setInterval(() => {
      const now = this.env.now(), late = now - this.ticked > 2 * BEAT;
      this.ticked = now;
      if (late) this.heard = Math.max(this.heard, now - BEAT);   // this tab was the one stalled: wait for the queued beats
      if (now - this.heard <= STALE) return;
      if (this.asking && !document.hidden && !this.hiddenLeader) this.takeOver();
      else if (!this.asking && !this.lost) { this.lost = true; this.host.silent(); }
    }, BEAT);
  }

  /* Take the stream from a silent leader, a random part of a beat from now: of the followers that found it silent in the
   * same beat, the first to take it tells the others (its lead) before they would take it from that one in turn */
  takeOver() {
    if (this.stealing) return;
    this.stealing = setTimeout(() => {
      this.stealing = null;
      if (this.asking && !this.leading && this.env.now() - this.heard > STALE) this.want(true, true);
    }, this.env.random() * BEAT);
  }

  close() {
    this.withdraw();
    this.resign();
    clearTimeout(this.stealing);
    clearInterval(this.timer);
    this.channel.close();
  }
}
