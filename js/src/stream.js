/* Stream: one monitored stream's connection, and nothing of the page. It owns the transport (an EventSource, or a
 * FetchSource on an htmx 4 page), when it tries again (its Schedule, on the page's slot), the heartbeat watchdog, the
 * last event id every reconnect resumes from, and its phase (phase.js), changed in one place: enter().
 *
 * A lost connection is closed at once (no browser retry) and tried again when the schedule says; an answer that is not
 * a stream (an HTTP error) is REFUSED; a 204 ends it; a stream silent for heartbeat_timeout is taken for dead. What it
 * hears and where it is, it tells its host, which decides what the page makes of it:
 *
 * @typedef {object} StreamHost  the part a Stream streams for (a Connection, connection.js)
 * @property {() => boolean} connecting   a connection is due (and the browser is online): false if none must be made
 *                                        now (the host saw to it)
 * @property {() => boolean} opening      the stream opened: false if the host will not have it (it reloads the page)
 * @property {() => void} opened          ...and is OPEN now
 * @property {(event: Event) => void} failed   the connection failed (its phase is CONNECTING, not yet announced);
 *                                             the host may restart the stream meanwhile
 * @property {(type: string, data: string, id: string, origin: string) => void} received   an event of the stream
 * @property {(from: string, announce: boolean) => void} phased   the phase changed (from `from`): to be shown now if
 *                                        `announce`, else when the host chooses
 * @property {(message: string) => void} log
 *
 * @typedef {object} StreamEnv   what a Stream uses of its page (page.js)
 * @property {Function} Source    EventSource, or FetchSource (whose `wildcard` hands out every event)
 * @property {Function} [headers] with a FetchSource: the request headers of a stream URL
 * @property {number} slot        where the page's attempts sit in the servers' reconnect grid
 * @property {(source: object) => object} counted   counts the page's open connections
 * @property {() => boolean} online   false while the browser says it has no network */
import { Schedule } from './schedule.js';
import { CLOSED, HELLO_EVENT, MAX_TIMER, RESET_EVENT } from './protocol.js';
import { Phase, stopped } from './phase.js';

/* The stream's URL, carrying the last event id (EventSource sends it as a header only on its own retries) */
export function withLastId(url, lastEventId) {
  if (!lastEventId) return url;
  const hash = url.indexOf('#'), base = hash < 0 ? url : url.slice(0, hash);
  return base + (base.includes('?') ? '&' : '?') + 'last_event_id=' + encodeURIComponent(lastEventId) +
         (hash < 0 ? '' : url.slice(hash));
}

export class Stream {
  /* `url`: the stream's; `cfg`: its monitor's configuration (config.js); `env`: its page (StreamEnv); `host`: what it
   * streams for (StreamHost); `lastEventId`: where it resumes; `address(url, lastEventId)`: each connection's URL;
   * `headers`: a FetchSource's request headers (a function of the URL), the page's by default */
  constructor(url, cfg, env, host, { lastEventId = '', address = withLastId, headers = env.headers } = {}) {
    this.url = url;
    this.cfg = cfg;
    this.env = env;
    this.host = host;
    this.transport = { address, headers };   // the URL of each connection (from the stream's and the last id), and
                                             // a FetchSource's request headers
    this.real = null;         // the current transport, if any
    this.lastEventId = lastEventId;   // the id of the last event received: every connection asks for what came after it
    this.types = new Set(['message', HELLO_EVENT, RESET_EVENT, cfg.close_event, cfg.heartbeat_event]);  // types read
    this.outage = null;       // the current outage: {schedule, since}, its attempts (Schedule) and when it began
                              // (performance.now()); null while there is none
    this.timers = {};         // retry, watchdog
    this.phase = null;        // where the connection is (phase.js)
    this.why = null;          // why it is PAUSED ('hidden', 'offline') or ENDED ('attempts', 'server', 'closed', 'session')
    this.shown = {};          // what the phase says besides: {attempt, maxAttempts, delay, reason}
  }

  get attempt() { return this.shown.attempt || 0; }   // reconnect attempts since the stream was last open

  /* Connect now, unless the browser is offline or the host says not to */
  connect() {
    this.clear('retry');
    if (this.cfg.monitor_network && !this.env.online()) return this.pause('offline');
    if (!this.host.connecting()) return;
    const { Source } = this.env, { address, headers } = this.transport;
    const real = this.real = this.env.counted(new Source(address(this.url, this.lastEventId), { withCredentials: true, headers }));
    this.onEvent = this.onEvent || ((event) => { if (event.target === this.real) this.heard(event); });
    for (const type of Source.wildcard ? ['*'] : this.types) real.addEventListener(type, this.onEvent);
    real.addEventListener('open', () => this.opened(real));
    real.addEventListener('error', (event) => this.failed(real, event));
  }

  listen(type) {  // read events of this type from the stream too
    if (this.types.has(type)) return;
    this.types.add(type);
    if (this.real && !this.env.Source.wildcard) this.real.addEventListener(type, this.onEvent);
  }

  opened(real) {
    if (real !== this.real || !this.host.opening()) return;
    this.forget();
    this.enter(Phase.OPEN);
    this.alive();
    this.host.opened();
  }

  failed(real, event) {
    if (real !== this.real) return;
    const refused = real.readyState === CLOSED;  // the server answered, but not with a stream (HTTP error)
    this.drop();
    if (this.phase === Phase.OPEN) this.enter(Phase.CONNECTING, {}, false);   // (announced with the retry below)
    this.host.failed(event);
    if (stopped(this.phase) || this.real) return;   // (or the host restarted it: it connected again already)
    if (real.status === 204) return this.halt('server', 'no-content');   // (a FetchSource's: an EventSource cannot tell)
    this.retry(refused ? Phase.REFUSED : Phase.WAITING, refused ? 'refused' : 'lost');
  }

  heard({ type, data, lastEventId, origin }) {  // an event of this connection
    if (lastEventId) this.lastEventId = lastEventId;
    this.alive();
    this.host.received(type, data, lastEventId, origin);
  }

  /* A planned restart or reload: try again when the server said it would be back (`plan`: restartPlan's) */
  comeBack(reason, plan) {
    this.drop();
    this.outage = null;
    this.retry(Phase.WAITING, reason, plan);
  }

  /* Schedule the next attempt of this outage (a new outage when none is going on), or give up; `phase`: WAITING, or
   * REFUSED after an answer that was not a stream */
  retry(phase, reason, plan) {
    if (!this.outage) this.outage = { schedule: new Schedule(this.cfg, plan || { slot: this.env.slot }), since: performance.now() };
    const next = this.outage.schedule.next();
    if (!next) return this.halt('attempts');
    const delay = Math.min(MAX_TIMER, Math.max(0, Math.round(this.outage.since + next.at - performance.now())));
    this.enter(phase, { attempt: next.attempt, delay, reason });
    this.timers.retry = setTimeout(() => this.connect(), delay);
  }

  alive() {  // the stream just spoke: restart the heartbeat watchdog
    if (!(this.cfg.heartbeat_timeout > 0)) return;
    this.clear('watchdog');
    this.timers.watchdog = setTimeout(() => {
      this.host.log('no event for ' + this.cfg.heartbeat_timeout + ' ms: the stream is dead');
      this.drop();
      this.retry(Phase.WAITING, 'silent');
    }, this.cfg.heartbeat_timeout);
  }

  /* Stop for good (until restart): gave up, told to by the server, or closed; `announce`: show it now */
  halt(why, reason, announce = true) {
    this.stop();
    this.enter(Phase.ENDED, { why, reason: reason || why }, announce);
  }

  pause(why) {  // stop until the tab is visible or the network is back
    this.stop();
    this.enter(Phase.PAUSED, { why, reason: why });
  }

  /* From a clean slate: a new outage, no attempt yet (connect() or the tab that holds the stream connects) */
  restart(reason) {
    this.stop();
    this.forget();
    this.enter(Phase.CONNECTING, { reason });
  }

  forget() {  // the outage so far counts no more: the next loss starts a new one, from attempt 1
    this.outage = null;
    this.shown = Object.assign({}, this.shown, { attempt: 0 });
  }

  drop() {  // close the transport, if any
    this.clear('watchdog');
    if (this.real) this.real.close();
    this.real = null;
  }

  stop() {
    this.drop();
    this.clear('retry');
  }

  clear(name) {
    clearTimeout(this.timers[name]);
    delete this.timers[name];
  }

  /* The one way the phase changes. `detail`: why (PAUSED, ENDED), attempt (the current one's number), reason, delay (ms
   * until the next attempt) and maxAttempts (how many attempts this outage makes if none succeeds: not
   * max_reconnect_attempts, which the schedule may exceed to cover its reference window). `announce`: whether the
   * host shows it now */
  enter(phase, { why = null, attempt = this.attempt, reason = null, delay = null,
                 maxAttempts = this.outage ? this.outage.schedule.total : null } = {}, announce = true) {
    const from = this.phase;
    this.phase = phase;
    this.why = why;
    this.shown = { attempt, maxAttempts, delay, reason };
    this.host.phased(from, announce);
  }
}
