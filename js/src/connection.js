/* Connection: a monitored element's stream, as the page sees it. Its Stream (stream.js) connects, unless a carrier
 * brings the stream from a connection another holds: the tab that holds it (tabs.js), or the page's hub connection
 * (bundle.js). It decides what the page makes of what comes: the server's close event ends the stream or brings it back
 * when the server said it would be, a hello for another user stops it, a hidden tab lets it go after hidden_grace, an
 * offline one pauses it. Views subscribe to it and show it; each hook is optional:
 *
 * @typedef {object} View   what shows a connection: its indicator (indicator.js), htmx-ext-sse's EventSource
 *                          (source.js), an htmx 4 element (htmx4.js), a Bundle (for its page stream)
 * @property {() => boolean} starting     the element asks for its stream: false if the view cancelled it (and closed it)
 * @property {() => boolean} connecting   this tab is about to connect: false if the view cancelled it (and closed it)
 * @property {(detail: object, changed: boolean) => void} shown   a phase was announced: the detail of the state event,
 *                                        {connectionId, state, attempt, maxAttempts, delay, reason}; `changed`: a new state
 * @property {(from: string) => void} phased   the phase changed (announced or not)
 * @property {(type: string, data: string, id: string) => void} heard   an event for the element, before the monitor acts
 *                                        on it (a close event before the stream ends); not a close that says the server
 *                                        comes back
 * @property {(type: string, data: string, id: string, origin: string) => void} arrived   ...the same, after it
 * @property {(type: string, data: string, id: string) => void} returning   a close event that says the server comes
 *                                        back (its reason: reload, restart, slow), before the connection acts on it
 * @property {(type: 'open' | 'error', cause?: Event) => void} notified   the stream opened, or failed
 * @property {() => boolean} stillShown   the view is still on the page (a close by the page is shown then) */
import { restartPlan } from './schedule.js';
import { Stream } from './stream.js';
import { log } from './indicator.js';
import { TabShare, helloScope } from './tabs.js';
import { userOf } from './config.js';
import { COMING_BACK, HELLO_EVENT, Kind, RESET_DOM_EVENT, RESET_EVENT } from './protocol.js';
import { Phase, indicatorState, stopped } from './phase.js';

/* The JSON of a close or reset event, such as {"reason": "shutdown"}, with `fallback` as reason when it has none */
function reasonData(data, fallback) {
  try {
    const parsed = JSON.parse(data);
    return parsed && typeof parsed === 'object' ? Object.assign({ reason: fallback }, parsed) : { reason: fallback };
  } catch (e) { return { reason: fallback }; }
}

export class Connection {
  /* `url`: the stream's; `owner`: the element with its sse-connect (or a Bundle, for a page stream); `cfg`: its
   * monitor's configuration (config.js); `page`: the Page. Options: `views` (View, above); `lastEventId`: where it
   * resumes; `transport`: how its Stream connects, if not as a plain stream ({address, headers}, stream.js);
   * `shareable()`: whether it may be shared between tabs (an htmx 4 element with request headers of its own may not);
   * `resets`: whether its element hears of a reset (not a page stream's: each of its elements hears of its own) */
  constructor(url, owner, cfg, page, { views = [], lastEventId = '', transport = {}, shareable = () => true, resets = true } = {}) {
    this.url = url;
    this.owner = owner;
    this.cfg = cfg;
    this.page = page;         // the page's connections and slot
    this.options = { shareable, resets };
    this.views = views;
    this.stream = new Stream(url, cfg, page, this, Object.assign({ lastEventId }, transport));
    this.carrier = null;      // how it gets its stream when not by its own Stream alone: the tabs that share it
                              // (tabs.js), or the page's hub connection (bundle.js)
    this.grace = null;        // the timer after which a hidden tab lets its stream go
    this.reloading = false;   // the server said it is reloading; true until the stream is back
    this.shownState = null;   // the indicator's state the phase's last announcement showed
    this.unbundled = false;   // the page's hub connection cannot carry this stream: it has a connection of its own
    this.keptHere = false;    // its connection did not say it is for the page's scope: not shared
  }

  begin() {  // connect for the first time (once whoever made it holds it: its views may close it at once)
    this.page.adopt(this);
    this.stream.enter(Phase.CONNECTING);
    this.start();
  }

  /* Whether every view that has a say (`hook`: starting or connecting) lets the stream go on */
  allowed(hook) { return this.views.every((view) => !view[hook] || view[hook]()); }

  get phase() { return this.stream.phase; }                // where the connection is (phase.js)
  get why() { return this.stream.why; }                    // why it is PAUSED or ENDED
  get lastEventId() { return this.stream.lastEventId; }    // the id of the last event received
  get live() { return this.shownState === 'active'; }      // whether the page shows it Live (what a reconnect asks)

  /* Another holds its connection: a tab that shares it (or none yet: this tab may be waiting for it), or the page's hub
   * connection; this source shows what it relays */
  get following() { return this.carrier !== null && this.carrier.following; }

  /* Whether this stream is shared between the tabs of its scope: asked for, the browser can, nothing keeps it to this
   * tab, and its monitor was rendered for the cookies the browser has now (not a part kept in the browser's cache, nor
   * one made for the session before a login) */
  shares() {
    if (!this.cfg.share || this.keptHere || !this.options.shareable() || this.page.cannotShare()) return false;
    if (this.cfg.scope) return this.cfg.scope === this.page.know();
    return this.page.know() ? false : this.page.unscoped();   // (a monitor rendered for no one: in a published event)
  }

  /* Whether this tab should hold the stream when no other does */
  wantsLead() { return !(this.cfg.monitor_visibility && document.visibilityState === 'hidden'); }

  listen(type) {  // read events of this type from the stream too (a view asked for them)
    if (this.stream.types.has(type)) return;
    this.stream.listen(type);
    if (this.carrier) this.carrier.listen();
  }

  close() {  // by a view (htmx-ext-sse: the element removed, sse-close; htmx's cleanup), or the application
    this.page.release(this);
    this.dropCarrier();   // a tab that asks for the stream takes it over
    if (this.phase !== Phase.ENDED) this.halt('closed');
  }

  /* Connection life cycle */
  start() {  // connect, or follow the page's hub connection, or join the tabs that share the stream
    if (!this.allowed('starting')) return;   // (a view cancelled it, and closed it)
    if (!this.carrier) this.carrier = this.page.bundles.join(this) || (this.shares() ? new TabShare(this) : null);
    if (this.carrier) this.carrier.start();
    else this.stream.connect();
    if (!this.wantsLead()) this.hidden();
  }

  own() {  // the stream cannot be shared after all: a connection of its own
    this.dropCarrier();
    if (!stopped(this.phase)) this.stream.connect();
  }

  dropCarrier() {
    const carrier = this.carrier;
    this.carrier = null;
    if (carrier) carrier.close();
  }

  /* What its Stream asks of it (stream.js: StreamHost) */
  connecting() {  // a connection of this tab's is due: not once the element is gone, nor while another tab holds it
    if (!this.owner.isConnected) { this.close(); return false; }   // removed during backoff: no ghost connection
    if (this.following) return false;
    if (this.carrier) this.carrier.connecting();
    return this.allowed('connecting');
  }

  opening() {
    if (this.reloading && this.cfg.reload_page) { location.reload(); return false; }   // show the new code
    this.reloading = false;
    return true;
  }

  opened() { this.notify('open'); }

  failed(event) {
    if (this.carrier) this.carrier.failed();
    this.notify('error', event);   // htmx:sseError; its handler may close or restart it
  }

  phased(from, announce) {
    if (stopped(this.phase) && !this.following) this.clearGrace();   // (its own end, not the holder's it shows)
    if (announce) this.announce();
    for (const view of this.views) if (view.phased) view.phased(from);
  }

  received(type, data, lastEventId, origin) {  // an event of this tab's own connection
    if (!this.owner.isConnected) return this.close();
    const said = type === HELLO_EVENT && helloScope(data);   // (a stream that says nothing of whose it is: anyone's)
    if (said && !this.madeFor(said)) return this.stop('its stream came back for another user');
    if (this.carrier) this.carrier.heard(type, data, lastEventId);
    this.arrived(type, data, lastEventId, origin);
  }

  /* What its carrier delivers from the connection another holds: an event, its state, or its failure */
  carried(message) {
    if (!this.owner.isConnected) return this.close();
    if (message.kind === Kind.EVENT) {
      if (message.id) this.stream.lastEventId = message.id;
      this.arrived(message.type, message.data, message.id);
    }
    else if (message.kind === Kind.STATE) this.mirror(message);
    else if (message.kind === Kind.ERROR) {
      if (this.phase === Phase.OPEN) this.stream.enter(Phase.CONNECTING, {}, false);   // (the holder's state tells the rest)
      this.notify('error');
    }
  }

  notify(type, cause) {  // 'open' or 'error', to the views; `cause`: the browser's event
    for (const view of this.views) if (view.notified) view.notified(type, cause);
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
    this.dropCarrier();
  }

  /* This tab logged in or out (page.hear): the stream leaves the tabs it shared with. An element made for another user
   * than the browser's now stops (its page shows that user's things); one made for the same user starts again through
   * the server (its cookies changed), as this tab's own */
  sessionChanged(now) {
    if (this.carrier && this.carrier.hub) return;   // (an element of a page stream: its connection does it)
    this.dropCarrier();
    if (this.phase === Phase.ENDED) return;
    if (!this.madeFor(now)) return this.stop('the browser is logged in to another user');
    this.restart('session');
  }

  monitorOnly(type) {  // an event for the monitor rather than the page
    const cfg = this.cfg;
    return type === HELLO_EVENT || type === RESET_EVENT || type === cfg.close_event || type === cfg.heartbeat_event;
  }

  /* An event of the stream, from this tab's own connection or from its carrier, on the page */
  arrived(type, data, lastEventId, origin = location.origin) {
    if (type === this.cfg.close_event) {
      const reason = reasonData(data, 'server');
      // The server is restarting or reloading: it will be back, so come back then. Not forwarded, since
      // htmx-ext-sse (or hx-sse:close) would close the source for good.
      if (COMING_BACK.includes(reason.reason)) {
        this.tell('returning', type, data, lastEventId);
        return this.comeBack(reason);
      }
      this.tell('heard', type, data, lastEventId);   // the element gets the close event before the stream's end
      this.halt('server', reason.reason);
    } else {
      if (type === HELLO_EVENT) this.page.hello(data);
      if (type === RESET_EVENT && this.options.resets) this.reset(data);
      this.tell('heard', type, data, lastEventId);
    }
    this.tell('arrived', type, data, lastEventId, origin);   // (htmx-ext-sse: after the end, if it is one)
  }

  tell(hook, ...args) { for (const view of this.views) if (view[hook]) view[hook](...args); }

  reset(data) {  // the hub no longer has the events this page missed: the element should fetch its content afresh
    const reason = reasonData(data, 'unknown').reason;
    this.log('reset (' + reason + '): the events since the last id are gone');
    this.owner.dispatchEvent(new CustomEvent(RESET_DOM_EVENT, { bubbles: true,
      detail: { connectionId: this.cfg.connection_id, reason, lastEventId: this.lastEventId } }));
  }

  comeBack(data) {  // a planned restart or reload: try again when the server said it would be back
    this.reloading = data.reason === 'reload';   // reload_page: every tab reloads once the stream is back
    if (this.following) return;   // the holder comes back, and says so
    this.stream.comeBack(data.reason, restartPlan(data, this.page.slot));
  }

  /* Stop for good (until restart): told to by the server, or closed */
  halt(why, reason) {
    // htmx closes sources while it swaps their element out, before the old content leaves the page: wait until the
    // swap is done, then show it only if this connection's container is still there (an OOB shutdown swap), not
    // when a whole new page (hx-boost) replaced it.
    const closed = why === 'closed';
    this.clearGrace();
    this.stream.halt(why, reason, !closed);
    if (closed) queueMicrotask(() => { if (this.views.some((view) => view.stillShown && view.stillShown())) this.announce(); });
  }

  /* Try again now, from a clean slate (a click, the tab shown, the network back); a follower asks the holder to */
  restart(reason = 'resume') {
    if (!this.owner.isConnected) return false;
    if (this.following) {
      this.carrier.restart();
      return true;
    }
    this.clearGrace();
    this.page.adopt(this);
    this.stream.restart(reason);
    this.start();   // e.g. online again in a hidden tab: closes again after hidden_grace
    if (this.following) this.carrier.restart();   // the tab that holds the stream restarts it, or this one when it gets it
    return true;
  }

  hidden() {  // a hidden tab stops asking for the stream; after hidden_grace it closes it, or leaves it to a visible tab
    this.clearGrace();
    if (this.following) return this.carrier.want(false);
    this.grace = setTimeout(() => {
      if (this.phase !== Phase.ENDED) this.stream.pause('hidden');
      if (this.carrier) this.carrier.resign();
    }, this.cfg.hidden_grace);
  }

  clearGrace() {
    clearTimeout(this.grace);
    this.grace = null;
  }

  visible() {
    this.clearGrace();
    if (this.carrier) this.carrier.want(true);   // a tab that shows the stream holds it, unless another does
    const { phase, why } = this;
    if ((phase === Phase.ENDED && why === 'attempts') || (phase === Phase.PAUSED && why === 'hidden' && !this.carrier)) this.restart();
  }

  offline() {  // the browser lost the network: stop trying until it is back (the holder does, for every tab)
    if (this.cfg.monitor_network && !stopped(this.phase) && !this.following) this.stream.pause('offline');
  }

  online() { if (this.phase === Phase.PAUSED && this.why === 'offline' && !this.following) this.restart(); }

  alone(why) {  // the page's hub connection cannot carry this stream: a connection of its own
    console.warn('sse-monitor: ' + why + ': ' + this.cfg.connection_id + ' gets a connection of its own');
    this.unbundled = true;
    this.dropCarrier();
    this.stream.schedule = null;
    this.start();
  }

  stateMessage() {
    return Object.assign({ kind: Kind.STATE, phase: this.phase, why: this.why }, this.stream.shown);
  }

  mirror(message) {  // show the holder's phase as this source's own
    const { phase, why = null, attempt, maxAttempts = null, delay, reason } = message;
    const opened = phase === Phase.OPEN && this.phase !== Phase.OPEN;
    if (opened && this.reloading && this.cfg.reload_page) return location.reload();   // show the new code
    if (opened) this.reloading = false;
    const s = this.stream.shown;
    if (phase !== this.phase || why !== this.why || s.maxAttempts !== maxAttempts || s.delay !== delay || s.reason !== reason ||
        s.attempt !== attempt) {
      this.stream.enter(phase, { why, attempt, maxAttempts, delay, reason });
    }
    if (opened) this.notify('open');
  }

  announce() {  // show the phase: on the indicator, to the other tabs, as a DOM event
    const state = indicatorState(this.phase), changed = state !== this.shownState;
    this.shownState = state;
    if (this.carrier) this.carrier.phased();
    this.tell('shown', Object.assign({ connectionId: this.cfg.connection_id, state }, this.stream.shown), changed);
  }

  log(message) { log(this.cfg, message); }
}
