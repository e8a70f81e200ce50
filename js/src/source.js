/* ManagedSource: what htmx-ext-sse gets instead of an EventSource for a monitored element.
 *
 * It looks like an EventSource to the extension and stays the same object for the element's whole life, while it
 * owns the reconnect timing: when the real EventSource fails, it closes it at once (no browser retry), never reports
 * CLOSED while it retries (no extension retry), and opens a new one when its Schedule says so. Listeners the
 * extension registered stay on the ManagedSource, so they survive every reconnect.
 *
 * A shared stream (cfg.share, the default) is open in one tab of the browser only (see share.js): there the
 * ManagedSource leads, connects and relays every event and state; in the other tabs it follows, and shows what the
 * leader relays as if it came from a connection of its own. Only tabs of one share scope (whose the page is, as the
 * server said: the same session) share a stream, and the leader relays nothing until its stream's hello says that
 * scope too: a connection made with another session's cookies is kept to its own tab. */
import { Schedule, restartPlan } from './schedule.js';
import { render } from './indicator.js';
import { Relay, streamKey } from './share.js';
import { shareScope, userOf } from './config.js';
import { CLOSED, COMING_BACK, HELLO_EVENT, Kind, MAX_TIMER, OWN_IDS, RESET_DOM_EVENT, RESET_EVENT, STATE_EVENT } from './protocol.js';
import { Phase, indicatorState, readyStateOf, stopped } from './phase.js';

/* The stream's URL, carrying the last event id (EventSource sends it as a header only on its own retries) */
export function withLastId(url, lastEventId) {
  if (!lastEventId) return url;
  const hash = url.indexOf('#'), base = hash < 0 ? url : url.slice(0, hash);
  return base + (base.includes('?') ? '&' : '?') + 'last_event_id=' + encodeURIComponent(lastEventId) +
         (hash < 0 ? '' : url.slice(hash));
}

/* The share scope a stream's hello says it is for, or null */
function helloScope(data) {
  try { return shareScope(JSON.parse(data).scope); } catch (e) { return null; }
}

/* The JSON of a close or reset event, such as {"reason": "shutdown"}, with `fallback` as reason when it has none */
function reasonData(data, fallback) {
  try {
    const parsed = JSON.parse(data);
    return parsed && typeof parsed === 'object' ? Object.assign({ reason: fallback }, parsed) : { reason: fallback };
  } catch (e) { return { reason: fallback }; }
}

export class ManagedSource extends EventTarget {
  constructor(url, owner, cfg, page, lastEventId = '') {
    super();
    this.url = url;
    this.withCredentials = true;
    this.onopen = this.onerror = this.onmessage = null;
    this.owner = owner;       // the element with sse-connect
    this.cfg = cfg;
    this.page = page;         // the page's sources and slot
    this.attempt = 0;         // reconnect attempts since the stream was last open
    this.schedule = null;     // the attempts of the current outage, and when it began (performance.now())
    this.lostAt = 0;
    this.real = null;         // the current browser EventSource, if any
    this.lastEventId = lastEventId;   // the id of the last event received: every reconnect asks for what came after it
    this.timers = {};         // retry, watchdog, grace
    this.phase = null;        // where the connection is (phase.js)
    this.why = null;          // why it is PAUSED ('hidden', 'offline') or ENDED ('attempts', 'server', 'closed', 'session')
    this.reloading = false;   // the server said it is reloading; true until the stream is back
    this.shown = {};          // what the phase's last announcement said: {attempt, maxAttempts, delay, reason}
    this.shownState = null;   // ...and the indicator's state it showed
    this.relay = null;        // the tabs that share this stream, while this source is one of them; or its page's hub
                              // connection, which it follows (bundle.js)
    this.unbundled = false;   // the page's hub connection cannot carry this stream: it has a connection of its own
    this.verified = false;    // as leader: this connection's hello said that scope (until then nothing is relayed)
    this.keptHere = false;    // its connection did not say it is for the page's scope: not shared
    this.typesTold = false;   // a 'types' message to the leader is on its way
    this.current = new Map(); // as leader: the hello, and the last event of each type without an id, since the connection
                              // opened (what a connection of its own would have started with)
    this.heardTypes = new Set();   // as follower: the types relayed to it so far (a joining tab's catch-up skips them)
    this.restartWanted = false;    // as follower: a restart was asked for, and the tab that gets the stream does it
    this.ownIds = [];         // as leader: the ids of the last events of its own connection
    this.shownIds = new Set();   // as a leader that lost the stream: those ids, not to be shown twice when relayed
    this.box = cfg.status_id ? document.getElementById(cfg.status_id) : null;  // the status container, if the page has one
    this.forwarded = new Set(['message']);                                                 // types listeners asked for
    this.types = new Set(['message', HELLO_EVENT, RESET_EVENT, cfg.close_event, cfg.heartbeat_event]);  // types read
    this.onEvent = this.onEvent.bind(this);
    page.adopt(this);
    this.enter(Phase.CONNECTING);
    this.start();
  }

  get readyState() { return readyStateOf(this.phase); }   // (EventSource API)
  get state() { return indicatorState(this.phase); }       // what its indicator shows
  get live() { return this.shownState === 'active'; }      // whether the page shows it Live (what a reconnect asks)

  /* This source shares its stream and does not hold it: another tab does (and this one shows what it relays), or none
   * yet (this tab may be waiting for it) */
  get following() { return this.relay !== null && !this.relay.leading; }

  /* Whether this stream is shared between the tabs of its scope: asked for, the browser can, nothing keeps it to this
   * tab, and its monitor was rendered for the cookies the browser has now (not a part kept in the browser's cache, nor
   * one made for the session before a login) */
  shares() {
    if (!this.cfg.share || this.keptHere || !this.shareable() || this.page.cannotShare()) return false;
    if (this.cfg.scope) return this.cfg.scope === this.page.know();
    return this.page.know() ? false : this.page.unscoped();   // (a monitor rendered for no one: in a published event)
  }

  shareable() { return true; }   // (an htmx 4 element with request headers of its own is not)

  /* Whether this tab should hold the stream when no other does */
  wantsLead() { return !(this.cfg.monitor_visibility && document.visibilityState === 'hidden'); }

  /* EventSource API, as htmx-ext-sse uses it */
  addEventListener(type, listener, options) {
    super.addEventListener(type, listener, options);
    if (type === 'open' || type === 'error') return;   // dispatched by opened() and failed(), not by the stream
    this.forwarded.add(type);
    if (this.types.has(type)) return;
    this.listen(type);
    if (this.relay && !this.typesTold) {   // the leader must read it too: tell it once htmx-ext-sse added them all
      this.typesTold = true;
      queueMicrotask(() => { this.typesTold = false; this.tellTypes(); });
    }
  }

  close() {  // by htmx-ext-sse (element removed, sse-close) or by the application
    this.page.release(this);
    if (this.relay) this.relay.close();   // a tab that asks for the stream takes it over
    this.relay = null;
    if (this.phase !== Phase.ENDED) this.halt('closed');
  }

  /* Connection life cycle */
  start() {  // connect, or follow the page's hub connection, or join the tabs that share the stream (lead() connects)
    if (!this.relay) this.relay = this.page.bundles.join(this);
    if (this.relay && this.relay.local) { /* the page's hub connection streams for it */ }
    else if (this.shares()) {
      if (!this.relay) this.relay = new Relay(streamKey(this.url, this.cfg.scope), this);
      if (this.relay.leading) this.connect();
      else this.relay.want(this.wantsLead());
    } else this.connect();
    if (!this.wantsLead()) this.hidden();
  }

  connect() {
    this.clear('retry');
    if (!this.owner.isConnected) return this.close();   // removed during backoff: no ghost connection
    if (this.following) return;                         // the leader connects
    if (this.cfg.monitor_network && navigator.onLine === false) return this.pause('offline');
    this.current.clear();
    this.openStream();
  }

  /* This tab's connection: an EventSource, or a FetchSource on an htmx 4 page (it also hands out every event: '*');
   * `options` for the FetchSource, such as its `headers` */
  openStream(options = {}) {
    const Source = this.page.Source, defaults = { withCredentials: this.withCredentials, headers: this.page.headers };
    const real = this.real = this.page.counted(new Source(this.streamUrl(), Object.assign(defaults, options)));
    this.verified = false;
    for (const type of Source.wildcard ? ['*'] : this.types) real.addEventListener(type, this.onEvent);
    real.addEventListener('open', () => this.opened(real));
    real.addEventListener('error', (event) => this.failed(real, event));
  }

  streamUrl() { return withLastId(this.url, this.lastEventId); }   // what the next connection asks for

  listen(type) {  // read events of this type from the stream
    if (this.types.has(type)) return;
    this.types.add(type);
    if (this.real && !this.page.Source.wildcard) this.real.addEventListener(type, this.onEvent);
  }

  opened(real) {
    if (real !== this.real) return;
    if (this.reloading && this.cfg.reload_page) return location.reload();  // show the new code
    this.reloading = false;
    this.attempt = 0;
    this.schedule = null;
    this.enter(Phase.OPEN);
    this.alive();
    this.notify('open');
  }

  failed(real, event) {
    if (real !== this.real) return;
    const refused = real.readyState === CLOSED;  // the server answered, but not with a stream (HTTP error)
    this.drop();
    if (this.phase === Phase.OPEN) this.enter(Phase.CONNECTING, {}, false);   // (announced with the retry below)
    if (this.relay) this.relay.post({ kind: Kind.ERROR });
    this.notify('error', event);                 // htmx:sseError; closes us if the element has gone
    if (stopped(this.phase) || this.real) return;   // (or a handler restarted it: it connected again already)
    if (real.status === 204) return this.halt('server', 'no-content');   // (a FetchSource's: an EventSource cannot tell)
    this.retry(refused ? Phase.REFUSED : Phase.WAITING, refused ? 'refused' : 'lost');
  }

  notify(type, cause) {  // 'open' or 'error', to htmx-ext-sse; `cause`: the browser's event, for the handler
    const handler = type === 'open' ? this.onopen : this.onerror;
    if (handler) handler(cause || new Event(type));
    this.dispatchEvent(new Event(type));
  }

  onEvent(event) {
    if (event.target !== this.real) return;
    if (!this.owner.isConnected) return this.close();
    const { type, data, lastEventId } = event;
    const said = type === HELLO_EVENT && helloScope(data);   // (a stream that says nothing of whose it is: anyone's)
    if (said && !this.madeFor(said)) return this.stop('its stream came back for another user');
    if (lastEventId && this.ownIds.push(lastEventId) > OWN_IDS) this.ownIds.shift();
    if (this.relay) this.relayEvent(type, data, lastEventId);
    this.received(type, data, lastEventId, event.origin);
  }

  /* As the tab that holds a shared stream: pass an event on to the other tabs of its scope, once the stream's hello said
   * it is for that scope (the first event of a stream of sse-monitor's); a stream that says another, or nothing, is
   * kept to this tab */
  relayEvent(type, data, lastEventId) {
    if (!this.verified) {
      const said = type === HELLO_EVENT ? helloScope(data) : null;
      if (said !== this.cfg.scope) return this.keepHere(said ? 'its hello says another session (the cookies changed since the page was made)'
                                                         : 'it does not say whose it is (no hello with a share scope)');
      this.verified = true;
    }
    this.relay.post({ kind: Kind.EVENT, type, data, id: lastEventId });
    if (type === HELLO_EVENT || (!lastEventId && !this.monitorOnly(type))) this.current.set(type, data);
  }

  /* Whether `scope` (a hello's, or the browser's cookies') names the user this element was made for (an element made
   * for no one is anyone's) */
  madeFor(scope) { return !this.cfg.scope || userOf(scope) === userOf(this.cfg.scope); }

  stop(why) {  // this element was made for another user (a login or a logout since): what comes now is not for it
    console.warn('sse-monitor: ' + this.cfg.connection_id + ' stops: ' + why + ' than it was made for (a login or a ' +
                 'logout since the page was made): reload the page');
    this.halt('session');
  }

  keepHere(why) {  // this tab's connection is not for its tabs' scope: it stays this tab's alone, and another tab leads
    this.log('not shared with the other tabs: ' + why);
    this.keptHere = true;
    const relay = this.relay;
    this.relay = null;
    relay.close();
  }

  /* This tab logged in or out (page.hear): the stream leaves the tabs it shared with. An element made for another user
   * than the browser's now stops (its page shows that user's things); one made for the same user starts again through
   * the server (its cookies changed), as this tab's own */
  sessionChanged(now) {
    if (this.relay && this.relay.local) return;   // (an element of a page stream: its connection does it)
    if (this.relay) this.relay.close();
    this.relay = null;
    if (this.phase === Phase.ENDED) return;
    if (!this.madeFor(now)) return this.stop('the browser is logged in to another user');
    this.restart('session');
  }

  handle(type, data, lastEventId) {}   // every event of the stream, for the element (htmx4.js)

  monitorOnly(type) {  // an event for the monitor rather than the page
    const cfg = this.cfg;
    return type === HELLO_EVENT || type === RESET_EVENT || type === cfg.close_event || type === cfg.heartbeat_event;
  }

  /* An event of the stream: from this tab's own connection, or relayed by the tab that holds it */
  received(type, data, lastEventId, origin = location.origin) {
    if (lastEventId) this.lastEventId = lastEventId;
    if (type === this.cfg.close_event) {
      const reason = reasonData(data, 'server');
      // The server is restarting or reloading: it will be back, so come back then. Not forwarded, since
      // htmx-ext-sse (or hx-sse:close) would close the source for good.
      if (COMING_BACK.includes(reason.reason)) return this.comeBack(reason);
      this.handle(type, data, lastEventId);   // the element gets the close event before the stream's end
      this.halt('server', reason.reason);
    } else {
      if (type === HELLO_EVENT) this.page.hello(data);
      if (type === RESET_EVENT) this.reset(data);
      this.alive();
      this.handle(type, data, lastEventId);
    }
    if (this.forwarded.has(type)) {
      const copy = new MessageEvent(type, { data, lastEventId, origin });
      if (type === 'message' && this.onmessage) this.onmessage(copy);
      this.dispatchEvent(copy);
    }
  }

  reset(data) {  // the hub no longer has the events this page missed: the element should fetch its content afresh
    const reason = reasonData(data, 'unknown').reason;
    this.log('reset (' + reason + '): the events since the last id are gone');
    this.owner.dispatchEvent(new CustomEvent(RESET_DOM_EVENT, { bubbles: true,
      detail: { connectionId: this.cfg.connection_id, reason, lastEventId: this.lastEventId } }));
  }

  comeBack(data) {  // a planned restart or reload: try again when the server said it would be back
    this.reloading = data.reason === 'reload';   // reload_page: every tab reloads once the stream is back
    if (this.following) return;   // the leader comes back, and says so
    this.drop();
    this.schedule = null;
    this.retry(Phase.WAITING, data.reason, restartPlan(data, this.page.slot));
  }

  /* Schedule the next attempt of this outage (a new outage when none is going on), or give up; `phase`: WAITING, or
   * REFUSED after an answer that was not a stream */
  retry(phase, reason, plan) {
    if (!this.schedule) {
      this.schedule = new Schedule(this.cfg, plan || { slot: this.page.slot });
      this.lostAt = performance.now();
    }
    const next = this.schedule.next();
    if (!next) return this.halt('attempts');
    this.attempt = next.attempt;
    const delay = Math.min(MAX_TIMER, Math.max(0, Math.round(this.lostAt + next.at - performance.now())));
    this.enter(phase, { delay, reason });
    this.timers.retry = setTimeout(() => this.connect(), delay);
  }

  alive() {  // the stream just spoke: restart the heartbeat watchdog
    if (!(this.cfg.heartbeat_timeout > 0) || this.following) return;
    this.clear('watchdog');
    this.timers.watchdog = setTimeout(() => {
      this.log('no event for ' + this.cfg.heartbeat_timeout + ' ms: the stream is dead');
      this.drop();
      this.retry(Phase.WAITING, 'silent');
    }, this.cfg.heartbeat_timeout);
  }

  /* Stop for good (until restart): gave up, told to by the server, or closed */
  halt(why, reason) {
    this.stopAll();
    // htmx closes sources while it swaps their element out, before the old content leaves the page: wait until the
    // swap is done, then show it only if this connection's container is still there (an OOB shutdown swap), not
    // when a whole new page (hx-boost) replaced it.
    const closed = why === 'closed';
    this.enter(Phase.ENDED, { why, reason: reason || why }, !closed);
    if (closed) queueMicrotask(() => { if (this.box && this.box.isConnected) this.announce(); });
  }

  /* Stop until the tab is visible or the network is back */
  pause(why) {
    this.stopAll();
    this.enter(Phase.PAUSED, { why, reason: why });
  }

  /* Try again now, from a clean slate (a click, the tab shown, the network back); a follower asks the leader to */
  restart(reason = 'resume') {
    if (!this.owner.isConnected) return false;
    if (this.following) {
      this.restartWanted = true;   // the leader restarts, or this tab when it gets the stream
      this.relay.ask({ kind: Kind.RESTART });
      return true;
    }
    this.stopAll();
    this.page.adopt(this);
    this.schedule = null;
    this.attempt = 0;
    this.enter(Phase.CONNECTING, { reason });
    this.start();   // e.g. online again in a hidden tab: closes again after hidden_grace
    if (this.following) {   // the tab that holds the stream restarts it, or this one does when it gets it
      this.restartWanted = true;
      this.relay.ask({ kind: Kind.RESTART });
    }
    return true;
  }

  hidden() {  // a hidden tab stops asking for the stream; after hidden_grace it closes it, or leaves it to a visible tab
    this.clear('grace');
    if (this.following) return this.relay.want(false);
    this.timers.grace = setTimeout(() => {
      if (this.phase !== Phase.ENDED) this.pause('hidden');
      if (this.relay) this.relay.resign();
    }, this.cfg.hidden_grace);
  }

  visible() {
    this.clear('grace');
    if (this.relay) this.relay.want(true);   // a tab that shows the stream holds it, unless another does
    const { phase, why } = this;
    if ((phase === Phase.ENDED && why === 'attempts') || (phase === Phase.PAUSED && why === 'hidden' && !this.relay)) this.restart();
  }

  offline() {  // the browser lost the network: stop trying until it is back (the leader does, for every tab)
    if (this.cfg.monitor_network && !stopped(this.phase) && !this.following) this.pause('offline');
  }

  online() { if (this.phase === Phase.PAUSED && this.why === 'offline' && !this.following) this.restart(); }

  /* Sharing the stream with the other tabs (share.js calls these) */
  lead() {  // this tab holds the stream now: connect, unless it has ended (a restart, asked by any tab, connects)
    if (this.phase !== Phase.ENDED || this.restartWanted) {
      this.restartWanted = false;
      this.schedule = null;
      this.attempt = 0;
      if (stopped(this.phase)) this.enter(Phase.CONNECTING, { reason: 'resume' });
      this.connect();
    }
    this.tell();
    if (!this.wantsLead()) this.hidden();   // it was asked for while the tab was shown
  }

  demote() {  // another tab took the stream (this one was silent): close this tab's connection, follow, ask again
    this.drop();
    this.clear('retry');
    this.schedule = null;                   // its outage, if any, is the new leader's to count now
    this.shownIds = new Set(this.ownIds);   // the new leader may relay some of them again
    this.ownIds = [];
    if (this.wantsLead()) this.relay.want(true);
  }

  alone(why) {  // the page's hub connection cannot carry this stream: a connection of its own
    console.warn('sse-monitor: ' + why + ': ' + this.cfg.connection_id + ' gets a connection of its own');
    this.unbundled = true;
    this.relay.close();
    this.relay = null;
    this.schedule = null;
    this.start();
  }

  unshared(error) {  // the browser refused this tab the lock: a connection of its own
    this.page.refused(error);
    this.relay.close();
    this.relay = null;
    if (!stopped(this.phase)) this.connect();
  }

  follow(message) {  // what the leader relays
    if (!this.owner.isConnected) return this.close();
    if (message.kind === Kind.LEAD) this.tellTypes();
    else if (message.kind === Kind.EVENT) {
      this.heardTypes.add(message.type);
      if (this.shownIds.delete(message.id)) return;   // shown already, from this tab's connection before it lost the stream
      this.received(message.type, message.data, message.id);
    } else if (message.kind === Kind.CURRENT) {
      for (const { type, data } of message.events) if (!this.heardTypes.has(type)) this.received(type, data, '');
      if (!this.lastEventId && message.last) this.lastEventId = message.last;   // where it stands, should it take over
    }
    else if (message.kind === Kind.STATE) this.mirror(message);
    else if (message.kind === Kind.ERROR) {
      if (this.phase === Phase.OPEN) this.enter(Phase.CONNECTING, {}, false);   // (the leader's state tells the rest)
      this.notify('error');
    }
  }

  request(message) {  // what a follower asks of this tab, the leader
    if (!this.owner.isConnected) return this.close();   // its element is gone: leave the stream to the others
    if (message.kind === Kind.HELLO) {   // a tab joins: what it would have got from a connection of its own
      this.tell();
      const events = Array.from(this.current, ([type, data]) => ({ type, data }));
      if ((events.length || this.lastEventId) && !message.again) {
        this.relay.post({ kind: Kind.CURRENT, for: message.by, events, last: this.lastEventId });
      }
    }
    else if (message.kind === Kind.RESTART) this.live ? this.tell() : this.restart();
    else if (message.kind === Kind.TYPES && Array.isArray(message.types)) for (const type of message.types) this.listen(String(type));
  }

  silent() {  // this hidden tab's leader went quiet (closed, hidden or frozen): nothing streams to this tab now
    if (this.cfg.monitor_visibility && this.phase !== Phase.ENDED && !(this.phase === Phase.PAUSED && this.why === 'hidden')) this.pause('hidden');
  }

  tell() {  // as leader: the state, to every follower
    if (this.relay) this.relay.post(this.stateMessage());
  }

  stateMessage() {
    return Object.assign({ kind: Kind.STATE, phase: this.phase, why: this.why }, this.shown);
  }

  tellTypes() {  // as follower: the event types this source reads, to the leader
    if (this.following) this.relay.ask({ kind: Kind.TYPES, types: Array.from(this.types) });
  }

  mirror(message) {  // show the leader's phase as this source's own
    const { phase, why = null, attempt, maxAttempts = null, delay, reason } = message;
    const opened = phase === Phase.OPEN && this.phase !== Phase.OPEN;
    if (opened && this.reloading && this.cfg.reload_page) return location.reload();   // show the new code
    if (opened) this.reloading = false;
    if (phase !== Phase.ENDED) this.restartWanted = false;
    this.attempt = attempt;
    const s = this.shown;
    if (phase !== this.phase || why !== this.why || s.maxAttempts !== maxAttempts || s.delay !== delay || s.reason !== reason ||
        s.attempt !== attempt) {
      this.enter(phase, { why, maxAttempts, delay, reason });
    }
    if (opened) this.notify('open');
  }

  drop() {  // close this tab's EventSource, if any
    this.clear('watchdog');
    if (this.real) this.real.close();
    this.real = null;
  }

  stopAll() {
    this.drop();
    for (const name of Object.keys(this.timers)) this.clear(name);
  }

  clear(name) {
    clearTimeout(this.timers[name]);
    delete this.timers[name];
  }

  /* The one way the phase changes. `detail`: why (PAUSED, ENDED), reason, delay (ms until the next attempt) and
   * maxAttempts (how many attempts this outage makes if none succeeds: not max_reconnect_attempts, which the schedule
   * may exceed to cover its reference window), for the state event. `announce`: show it now (on the indicator, to the
   * other tabs, as a DOM event), or later with announce() */
  enter(phase, { why = null, reason = null, delay = null, maxAttempts = this.schedule ? this.schedule.total : null } = {}, announce = true) {
    this.phase = phase;
    this.why = why;
    this.shown = { attempt: this.attempt, maxAttempts, delay, reason };
    if (announce) this.announce();
  }

  announce() {
    const state = indicatorState(this.phase), changed = state !== this.shownState;
    this.shownState = state;
    if (this.relay && this.relay.leading) this.tell();
    this.show(Object.assign({ connectionId: this.cfg.connection_id, state }, this.shown), changed);
  }

  show(detail, changed) {  // on the indicator, in the console, and as a DOM event
    const cfg = this.cfg, state = detail.state;
    if (!(this.box && this.box.isConnected)) this.box = document.getElementById(cfg.status_id);
    const box = this.box;
    if (box && changed) render(box, cfg.indicators, state);
    this.log(state + (detail.reason ? ' (' + detail.reason + ')' : '') +
             (detail.delay !== null ? ', attempt ' + detail.attempt + (detail.maxAttempts !== null ? ' of ' + detail.maxAttempts : '') +
                                      ' in ' + detail.delay + ' ms' : ''));
    (box || document).dispatchEvent(new CustomEvent(STATE_EVENT, { bubbles: true, detail }));
  }

  log(message) {
    if (this.cfg.log_to_console) console.info('[sse-monitor ' + this.cfg.connection_id + '] ' + message);
  }
}
