/* Connection: a monitored element's stream, as the page sees it. Its Stream (stream.js) connects, unless a carrier
 * brings the stream from a connection another holds: the tab that holds it (tabs.js), or the page's hub connection
 * (bundle.js). It decides what the page makes of what comes: the server's close event ends the stream or brings it back
 * when the server said it would be (arrival.js), a hello for another user stops it (session.js), a hidden tab lets it
 * go after hidden_grace, an offline one pauses it (presence.js). Views subscribe to it and show it; each hook is optional:
 *
 * @typedef {object} View   what shows a connection: its indicator (indicator.js), htmx-ext-sse's EventSource
 *                          (source.js), an htmx 4 element (htmx4_view.js), a Bundle (for its page stream)
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
import { Stream } from './stream.js';
import { log } from './indicator.js';
import { TabShare, helloScope } from './tabs.js';
import { HELLO_EVENT } from './protocol.js';
import { Phase, indicatorState, stopped } from './phase.js';
import { Presence } from './presence.js';
import { arrive } from './arrival.js';
import { madeFor, stopForOther } from './session.js';
import { delivered } from './mirror.js';

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
    this.presence = new Presence(this);   // what it does while the tab is hidden or the browser offline
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
    if (!this.presence.wanted) this.presence.hidden();
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
    if (stopped(this.phase) && !this.following) this.presence.clear();   // (its own end, not the holder's it shows)
    if (announce) this.announce();
    this.tell('phased', from);
  }

  received(type, data, lastEventId, origin) {  // an event of this tab's own connection
    if (!this.owner.isConnected) return this.close();
    const said = type === HELLO_EVENT && helloScope(data);   // (a stream that says nothing of whose it is: anyone's)
    if (said && !madeFor(this.cfg, said)) return stopForOther(this, 'its stream came back for another user');
    if (this.carrier) this.carrier.heard(type, data, lastEventId);
    this.arrived(type, data, lastEventId, origin);
  }

  /* What its carrier delivers from the connection another holds: an event, its state, or its failure */
  carried(message) {
    if (!this.owner.isConnected) return this.close();
    delivered(this, message);   // (mirror.js)
  }

  notify(type, cause) { this.tell('notified', type, cause); }  // 'open' or 'error', to the views; `cause`: the browser's event

  keepHere(why) {  // this tab's connection is not for its tabs' scope: it stays this tab's alone, and another tab leads
    this.log('not shared with the other tabs: ' + why);
    this.keptHere = true;
    this.dropCarrier();
  }

  /* An event of the stream, from this tab's own connection or from its carrier, on the page (arrival.js) */
  arrived(type, data, lastEventId, origin = location.origin) { arrive(this, type, data, lastEventId, origin); }

  tell(hook, ...args) { for (const view of this.views) if (view[hook]) view[hook](...args); }

  /* Stop for good (until restart): told to by the server, or closed */
  halt(why, reason) {
    // htmx closes sources while it swaps their element out, before the old content leaves the page: wait until the
    // swap is done, then show it only if this connection's container is still there (an OOB shutdown swap), not
    // when a whole new page (hx-boost) replaced it.
    const closed = why === 'closed';
    this.presence.clear();
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
    this.presence.clear();
    this.page.adopt(this);
    this.stream.restart(reason);
    this.start();   // e.g. online again in a hidden tab: closes again after hidden_grace
    if (this.following) this.carrier.restart();   // the tab that holds the stream restarts it, or this one when it gets it
    return true;
  }

  alone(why) {  // the page's hub connection cannot carry this stream: a connection of its own
    console.warn('sse-monitor: ' + why + ': ' + this.cfg.connection_id + ' gets a connection of its own');
    this.unbundled = true;
    this.dropCarrier();
    this.stream.outage = null;
    this.start();
  }

  announce() {  // show the phase: on the indicator, to the other tabs, as a DOM event
    const state = indicatorState(this.phase), changed = state !== this.shownState;
    this.shownState = state;
    if (this.carrier) this.carrier.phased();
    this.tell('shown', Object.assign({ connectionId: this.cfg.connection_id, state }, this.stream.shown), changed);
  }

  log(message) { log(this.cfg, message); }
}
