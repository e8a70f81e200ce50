/* sse-monitor runtime: keeps htmx-ext-sse connections alive, honest and quiet.
 *
 * Loaded once per page (MonitorRuntime() in the page's headers). Each monitored connection has a
 * <script type="application/json" data-sse-monitor="ID"> configuration, written by
 * SSEConnectionMonitorScript; the runtime reads it when htmx-ext-sse opens that connection.
 *
 * How it works: htmx-ext-sse creates every EventSource through htmx.createEventSource(url). For a monitored
 * element the runtime hands out a ManagedSource instead: an object that looks like an EventSource to the
 * extension, stays the same object for the element's whole life, and owns the reconnect timing. When the
 * real EventSource fails, the ManagedSource closes it at once (no browser retry), never reports CLOSED
 * while it retries (no extension retry), and opens a new one on its own backoff schedule. Listeners the
 * extension registered stay on the ManagedSource, so they survive every reconnect.
 *
 * State changes update the status indicator and are announced with a DOM event:
 *   document.addEventListener('sse-monitor:state', e => e.detail)
 *   // {connectionId, state, attempt, maxAttempts, delay, reason}
 * JavaScript API: window.sseMonitor.reconnect(connectionId); clicking a status indicator does the same.
 */
(function (root) {
  'use strict';

  /* Delay in ms before reconnect attempt `attempt` (1, 2, ...): exponential from cfg.reconnect_delay, never above
   * the cap cfg.reconnect_delay * cfg.max_backoff_multiplier, plus a random share (up to cfg.jitter times the
   * nominal delay, still within the cap). Jitter only ever adds: each delay is at least the nominal one, so a
   * jittered schedule keeps trying at least as long as the un-jittered one. `random` returns [0, 1). */
  function backoffDelay(attempt, cfg, random) {
    const cap = cfg.reconnect_delay * cfg.max_backoff_multiplier;
    const nominal = Math.min(cap, cfg.reconnect_delay * 2 ** (attempt - 1));
    const highest = Math.min(cap, nominal * (1 + cfg.jitter));
    return nominal + (highest - nominal) * random();
  }

  if (typeof module === 'object' && module.exports) {  // under node (tests, benchmarks): the pure parts only
    module.exports = { backoffDelay };
    return;
  }
  if (root.sseMonitor) return;  // already loaded on this page

  const CONNECTING = 0, OPEN = 1, CLOSED = 2;
  const STATE_EVENT = 'sse-monitor:state';
  const sources = new Set();        // ManagedSources whose element may still be on the page
  const parsed = new WeakMap();     // config <script> element -> its parsed configuration
  let processing = null;            // the element htmx processes right now: htmx-ext-sse opens its source next

  const NUMBERS = ['max_reconnect_attempts', 'reconnect_delay', 'max_backoff_multiplier', 'jitter', 'hidden_grace',
                   'heartbeat_timeout'];

  /* A configuration the runtime can follow, or null (logged) for one it cannot: a broken or hand-made
   * <script data-sse-monitor> must not stop other streams from opening, nor start a 0 ms reconnect loop. */
  function checked(el) {
    try {
      const cfg = JSON.parse(el.textContent);
      if (cfg && typeof cfg.element_id === 'string' && NUMBERS.every((k) => Number.isFinite(cfg[k]) && cfg[k] >= 0)
          && cfg.indicators && (cfg.indicators.html || cfg.indicators.patch)) return cfg;
    } catch (e) { /* reported below */ }
    console.error('sse-monitor: ignoring an invalid monitor configuration', el);
    return null;
  }

  function monitorConfigs() {
    return Array.from(document.querySelectorAll('script[data-sse-monitor]'), (el) => {
      if (!parsed.has(el)) parsed.set(el, checked(el));
      return parsed.get(el);
    }).filter(Boolean);
  }

  function sseUrl(el) { return el.getAttribute('sse-connect') || el.getAttribute('data-sse-connect'); }
  function sourceOf(el) { return el && el['htmx-internal-data'] && el['htmx-internal-data'].sseEventSource; }

  /* The monitored element htmx-ext-sse is opening `url` for, with its configuration, or undefined. The element
   * htmx has just processed is the one, if it has that URL and no source yet (htmx clears it on every (re)init). */
  function monitoredOwner(url) {
    const el = processing;
    processing = null;
    if (!el || !el.id || sseUrl(el) !== url || sourceOf(el)) return;
    const cfg = monitorConfigs().find((c) => c.element_id === el.id);
    return cfg && { el, cfg };
  }

  /* Show `state` in a status container: swap in that state's indicator HTML, or patch the indicator in place
   * (the compact form SSEConnectionMonitor uses: its indicators differ only in dot classes and label). */
  function render(box, indicators, state) {
    const current = box.querySelector('[data-sse-state]');
    if (current && current.dataset.sseState === state) return;
    if (indicators.html) {
      const template = document.createElement('template');
      template.innerHTML = indicators.html[state];
      box.replaceChildren(template.content);
    } else if (current) {
      const { dot, label } = indicators.patch[state];
      current.dataset.sseState = state;
      current.firstElementChild.className = dot;
      current.lastElementChild.textContent = label;
      if (current.hasAttribute('title')) current.title = label;
    }
  }

  class ManagedSource extends EventTarget {
    constructor(url, owner, cfg) {
      super();
      this.url = url;
      this.withCredentials = true;
      this.readyState = CONNECTING;
      this.onopen = this.onerror = this.onmessage = null;
      this.owner = owner;       // the element with sse-connect
      this.cfg = cfg;
      this.attempt = 0;         // reconnect attempts since the stream was last open
      this.real = null;         // the current browser EventSource, if any
      this.timers = {};         // retry, watchdog, grace
      this.paused = null;       // 'hidden' or 'offline' while waiting for the page to come back
      this.reloading = false;   // the server said it is reloading; true until the stream is back
      this.ended = null;        // why it stopped for good: 'attempts', 'server', 'closed'
      this.state = null;
      this.box = document.getElementById(cfg.status_id);  // the status container, if the page has one
      this.forwarded = new Set(['message']);                                      // types listeners asked for
      this.types = new Set(['message', cfg.close_event, cfg.heartbeat_event]);   // types read from the stream
      this.onEvent = this.onEvent.bind(this);
      for (const other of sources) if (other.owner === owner) other.close();   // a re-processed element
      sources.add(this);
      this.setState('reconnecting');
      this.connect();
      if (cfg.monitor_visibility && document.visibilityState === 'hidden') this.hidden();
    }

    /* EventSource API, as htmx-ext-sse uses it */
    addEventListener(type, listener, options) {
      super.addEventListener(type, listener, options);
      if (type === 'open' || type === 'error') return;   // dispatched by opened() and failed(), not by the stream
      this.forwarded.add(type);
      if (!this.types.has(type)) {
        this.types.add(type);
        if (this.real) this.real.addEventListener(type, this.onEvent);
      }
    }

    close() {  // by htmx-ext-sse (element removed, sse-close) or by the application
      sources.delete(this);
      if (!this.ended) this.halt('closed');
    }

    /* Connection life cycle */
    connect() {
      this.clear('retry');
      if (!this.owner.isConnected) return this.close();   // swapped out during backoff: no ghost connection
      if (this.cfg.monitor_network && navigator.onLine === false) return this.pause('offline');
      const real = this.real = new EventSource(this.url, { withCredentials: this.withCredentials });
      for (const type of this.types) real.addEventListener(type, this.onEvent);
      real.addEventListener('open', () => this.opened(real));
      real.addEventListener('error', (event) => this.failed(real, event));
    }

    opened(real) {
      if (real !== this.real) return;
      if (this.reloading && this.cfg.reload_page) return root.location.reload();  // show the new code
      this.reloading = false;
      this.readyState = OPEN;
      this.attempt = 0;
      this.setState('active');
      this.alive();
      const event = new Event('open');
      if (this.onopen) this.onopen(event);
      this.dispatchEvent(event);
    }

    failed(real, event) {
      if (real !== this.real) return;
      const refused = real.readyState === CLOSED;  // the server answered, but not with a stream (HTTP error)
      this.drop();
      this.readyState = CONNECTING;                // never CLOSED here: htmx-ext-sse must not retry on its own
      if (this.onerror) this.onerror(event);        // htmx:sseError; closes us if the element has gone
      this.dispatchEvent(new Event('error'));
      if (!this.ended && !this.paused) this.retry(refused ? 'error' : 'reconnecting', refused ? 'refused' : 'lost');
    }

    onEvent(event) {
      if (event.target !== this.real) return;
      if (!this.owner.isConnected) return this.close();
      if (event.type === this.cfg.close_event) {
        const reason = closeReason(event.data);
        // The server is reloading (dev mode): it will be back, so reconnect. Not forwarded, since
        // htmx-ext-sse would close the source for good on an element with sse-close.
        if (reason === 'reload') return this.reloaded();
        this.halt('server', reason);
      } else this.alive();
      if (this.forwarded.has(event.type)) {
        const copy = new MessageEvent(event.type, { data: event.data, lastEventId: event.lastEventId, origin: event.origin });
        if (event.type === 'message' && this.onmessage) this.onmessage(copy);
        this.dispatchEvent(copy);
      }
    }

    reloaded() {
      this.drop();
      this.readyState = CONNECTING;
      this.reloading = true;
      this.retry('reconnecting', 'reload');
    }

    retry(state, reason) {
      if (this.attempt >= this.cfg.max_reconnect_attempts) return this.halt('attempts');
      this.attempt += 1;
      const delay = Math.round(backoffDelay(this.attempt, this.cfg, Math.random));
      this.setState(state, { delay, reason });
      this.timers.retry = setTimeout(() => this.connect(), delay);
    }

    alive() {  // the stream just spoke: restart the heartbeat watchdog
      if (!(this.cfg.heartbeat_timeout > 0)) return;
      this.clear('watchdog');
      this.timers.watchdog = setTimeout(() => {
        this.log('no event for ' + this.cfg.heartbeat_timeout + ' ms: the stream is dead');
        this.drop();
        this.readyState = CONNECTING;
        this.retry('reconnecting', 'silent');
      }, this.cfg.heartbeat_timeout);
    }

    /* Stop for good (until restart): gave up, told to by the server, or closed */
    halt(why, reason) {
      this.stopAll();
      this.readyState = CLOSED;
      this.ended = why;
      this.paused = null;
      const show = () => this.setState('disconnected', { reason: reason || why });
      // htmx closes sources while it swaps their element out, before the old content leaves the page: wait
      // until the swap is done, then show it only if this connection's container is still there (an OOB
      // shutdown swap), not when a whole new page (hx-boost) replaced it.
      if (why === 'closed') queueMicrotask(() => { if (this.box && this.box.isConnected) show(); });
      else show();
    }

    /* Stop until the tab is visible or the network is back */
    pause(why) {
      this.stopAll();
      this.readyState = CONNECTING;
      this.paused = why;
      this.setState('disconnected', { reason: why });
    }

    restart() {
      if (!this.owner.isConnected) return false;
      this.stopAll();
      sources.add(this);
      this.ended = this.paused = null;
      this.attempt = 0;
      this.readyState = CONNECTING;
      this.setState('reconnecting', { reason: 'restart' });
      this.connect();
      if (this.cfg.monitor_visibility && document.visibilityState === 'hidden') this.hidden();  // e.g. online again in a hidden tab
      return true;
    }

    hidden() {
      this.clear('grace');
      this.timers.grace = setTimeout(() => { if (!this.ended) this.pause('hidden'); }, this.cfg.hidden_grace);
    }

    visible() {
      this.clear('grace');
      if (this.paused === 'hidden' || this.ended === 'attempts') this.restart();
    }

    drop() {  // close the real EventSource, if any
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

    /* What the user and the application see */
    setState(state, extra) {
      const cfg = this.cfg;
      const detail = Object.assign({ connectionId: cfg.connection_id, state, attempt: this.attempt,
        maxAttempts: cfg.max_reconnect_attempts, delay: null, reason: null }, extra);
      const changed = state !== this.state;
      this.state = state;
      if (!(this.box && this.box.isConnected)) this.box = document.getElementById(cfg.status_id);
      const box = this.box;
      if (box && changed) render(box, cfg.indicators, state);
      this.log(state + (detail.reason ? ' (' + detail.reason + ')' : '') +
               (detail.delay !== null ? ', attempt ' + detail.attempt + ' in ' + detail.delay + ' ms' : ''));
      (box || document).dispatchEvent(new CustomEvent(STATE_EVENT, { bubbles: true, detail }));
    }

    log(message) {
      if (this.cfg.log_to_console) console.info('[sse-monitor ' + this.cfg.connection_id + '] ' + message);
    }
  }

  function closeReason(data) {  // the server's close event carries JSON such as {"reason": "shutdown"}
    try { return JSON.parse(data).reason || 'server'; } catch (e) { return 'server'; }
  }

  function* live() {  // ManagedSources whose element is still on the page
    for (const source of sources) {
      if (source.owner.isConnected) yield source;
      else source.close();
    }
  }

  /* Start trying again now (after giving up, a server close, or during backoff). False if there is nothing
   * to reconnect: no such monitored element, or it is connected already. */
  function reconnect(connectionId) {
    const cfg = monitorConfigs().find((c) => c.connection_id === connectionId);
    const source = cfg && sourceOf(document.getElementById(cfg.element_id));
    return source instanceof ManagedSource && source.state !== 'active' && source.restart();
  }

  function install() {
    const htmx = root.htmx;
    if (!htmx) return console.error('sse-monitor: htmx is not loaded; load htmx and htmx-ext-sse before the runtime');
    const plain = htmx.createEventSource || ((url) => new EventSource(url, { withCredentials: true }));
    htmx.createEventSource = (url) => {
      const owner = monitoredOwner(url);
      return owner ? new ManagedSource(url, owner.el, owner.cfg) : plain(url);
    };
    document.addEventListener('visibilitychange', () => {
      const hidden = document.visibilityState === 'hidden';
      for (const source of live()) if (source.cfg.monitor_visibility) hidden ? source.hidden() : source.visible();
    });
    root.addEventListener('offline', () => {
      for (const source of live()) if (source.cfg.monitor_network && !source.ended && !source.paused) source.pause('offline');
    });
    root.addEventListener('online', () => {
      for (const source of live()) if (source.paused === 'offline') source.restart();
    });
    document.addEventListener('htmx:afterProcessNode', (event) => { processing = event.target; }, true);
    document.addEventListener('click', (event) => {  // a click on a status indicator reconnects
      const box = event.target.closest && event.target.closest('[role="status"][id]');
      const cfg = box && monitorConfigs().find((c) => c.status_id === box.id);
      if (cfg) reconnect(cfg.connection_id);
    });
  }

  root.sseMonitor = { reconnect, backoffDelay, ManagedSource };
  if (root.htmx) install();
  else document.addEventListener('DOMContentLoaded', install);
})(typeof window === 'undefined' ? globalThis : window);
