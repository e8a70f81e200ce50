/* sse-monitor runtime: built from js/src by js/build.mjs (esbuild); edit the sources, not this file. */
(() => {
  var __defProp = Object.defineProperty;
  var __defNormalProp = (obj, key, value) => key in obj ? __defProp(obj, key, { enumerable: true, configurable: true, writable: true, value }) : obj[key] = value;
  var __publicField = (obj, key, value) => __defNormalProp(obj, typeof key !== "symbol" ? key + "" : key, value);

  // js/src/protocol.js
  var HELLO_EVENT;
  var RESET_EVENT;
  var COMING_BACK;
  var SCOPE_HEADER;
  var SCOPE_META;
  var SCOPE;
  var MAX_STREAMS;
  function useProtocol(values) {
    if (!values) return false;
    SCOPE = new RegExp("^(?:" + values.scope_pattern + ")$");
    HELLO_EVENT = values.hello_event;
    RESET_EVENT = values.reset_event;
    COMING_BACK = Object.freeze(values.coming_back);
    SCOPE_HEADER = values.scope_header;
    SCOPE_META = values.scope_meta;
    MAX_STREAMS = values.max_streams;
    return true;
  }
  var STATE_EVENT = "sse-monitor:state";
  var RESET_DOM_EVENT = "sse-monitor:reset";
  var TABS = 2;
  var Kind = Object.freeze({
    LEAD: "lead",
    BEAT: "beat",
    EVENT: "event",
    STATE: "state",
    ERROR: "error",
    CURRENT: "current",
    // leader -> followers
    HELLO: "hello",
    RESTART: "restart",
    TYPES: "types"
    // follower -> leader
  });
  var CONNECTING = 0;
  var OPEN = 1;
  var CLOSED = 2;
  var MAX_TIMER = 2 ** 31 - 1;
  var BEAT = 250;
  var STALE = 1e3;
  var OWN_IDS = 64;
  var CONNECTIONS_PER_HOST = 6;

  // js/src/config.js
  var NUMBERS = [
    "max_reconnect_attempts",
    "reconnect_delay",
    "max_backoff_multiplier",
    "jitter",
    "hidden_grace",
    "heartbeat_timeout",
    "fast_retry_for",
    "give_up_after"
  ];
  var FLAGS = ["monitor_visibility", "log_to_console", "monitor_network", "reload_page", "share"];
  var ID = /^[A-Za-z0-9_-]+$/;
  var parsed = /* @__PURE__ */ new WeakMap();
  var defaults = null;
  function loadDefaults(script) {
    try {
      const found = JSON.parse(script.dataset.sseMonitorDefaults);
      if (found && found.config && found.look && found.ids && useProtocol(found.protocol)) {
        defaults = found;
        return true;
      }
    } catch (e) {
    }
    console.error("sse-monitor: the runtime came without its defaults (data-sse-monitor-defaults: config, look, ids and protocol): load it with MonitorRuntime() or with a monitor, not by hand");
    return false;
  }
  function shareScope(value) {
    return typeof value === "string" && SCOPE.test(value) ? value : null;
  }
  function userOf(scope) {
    return scope ? scope.slice(0, scope.indexOf(".")) : null;
  }
  function checked(el) {
    try {
      const id = el.dataset.sseMonitor;
      const changes = el.dataset.sseConfig ? JSON.parse(el.dataset.sseConfig) : {};
      const cfg = Object.assign({ indicators: { patch: defaults.look } }, defaults.config, changes, {
        connection_id: id,
        status_id: defaults.ids.status.replace("{id}", id),
        element_id: defaults.ids.element.replace("{id}", id),
        scope: shareScope(el.dataset.sseScope)
      });
      if (ID.test(id) && NUMBERS.every((k) => Number.isFinite(cfg[k]) && cfg[k] >= 0) && cfg.reconnect_delay >= 50 && FLAGS.every((k) => typeof cfg[k] === "boolean") && cfg.max_backoff_multiplier >= 1 && cfg.jitter <= 1 && cfg.indicators && (cfg.indicators.html || cfg.indicators.patch)) return cfg;
    } catch (e) {
    }
    console.error("sse-monitor: ignoring an invalid monitor configuration", el);
    return null;
  }
  function monitorConfigs() {
    if (!defaults) return [];
    return Array.from(document.querySelectorAll("script[data-sse-monitor]"), (el) => {
      if (!parsed.has(el)) parsed.set(el, checked(el));
      return parsed.get(el);
    }).filter(Boolean);
  }
  function configWhere(key, value) {
    return monitorConfigs().find((c) => c[key] === value);
  }

  // js/src/share.js
  function sharingUnavailable(nav = navigator, win = window) {
    if (typeof win.BroadcastChannel !== "function") return "this browser has no BroadcastChannel";
    if (win.origin === "null") return "the page has an opaque origin (a sandboxed iframe?)";
    if (!nav.locks || typeof nav.locks.request !== "function") {
      return win.isSecureContext === false ? "Web Locks need a secure context (https, or http on localhost)" : "this browser has no Web Locks";
    }
    return null;
  }
  function streamKey(url, scope, base = location.href) {
    return "sse-monitor/" + TABS + " " + scope + " " + new URL(url, base).href;
  }
  function scopeSaid(header) {
    const [now, at] = header.split(" ");
    return [shareScope(now), Number(at) || 0];
  }
  function token() {
    return Math.random().toString(36).slice(2) + Date.now().toString(36);
  }
  var Relay = class {
    /* `key`: the stream's name; `host`: what the relay works for, with
     *   lead()              this tab holds the stream now: connect
     *   demote()            the lock was taken from it: drop the connection, say nothing more as leader
     *   follow(message)     the leader sent an event or a state, or a lead: a new leader, tell it what we need
     *   silent()            this tab does not ask for the stream, and its leader has been silent for STALE ms (once
     *                       per silence: when a leader speaks again, follow() gets a lead and its state)
     *   unshared(error)     the browser refused the lock (an opaque origin, such as a sandboxed iframe): go it alone
     *   request(message)    a follower asks the leader for something: {kind: hello | restart | types, by, ...}
     *                       (`by` names the follower: post({for: by, ...}) answers it alone) */
    constructor(key, host, {
      locks = navigator.locks,
      Channel = BroadcastChannel,
      now = () => performance.now(),
      random = Math.random
    } = {}) {
      this.key = key;
      this.host = host;
      this.env = { locks, now, random };
      this.channel = new Channel(key);
      this.channel.onmessage = (event) => this.received(event.data);
      this.me = token();
      this.leading = null;
      this.leader = null;
      this.heard = now();
      this.hiddenLeader = false;
      this.lost = false;
      this.ticked = now();
      this.asking = null;
      this.timer = null;
      this.stealing = null;
      this.ask({ kind: Kind.HELLO });
    }
    /* Ask for the lock (a visible tab), or stop asking (a hidden one); `steal` takes it from a silent leader */
    want(yes, steal = false) {
      if (!yes) return this.withdraw();
      if (this.leading || this.asking && !steal) return;
      this.withdraw();
      const asking = this.asking = new AbortController();
      const term = { token: token(), release: null };
      this.env.locks.request(this.key, steal ? { steal: true } : { signal: asking.signal }, () => new Promise((release2) => {
        if (this.asking !== asking) return release2();
        this.asking = null;
        term.release = release2;
        this.leading = term;
        this.leader = term.token;
        this.post({ kind: Kind.LEAD });
        this.watch();
        this.host.lead();
      })).catch((error) => {
        if (this.leading === term) this.stolen();
        else if (this.asking === asking) {
          this.asking = null;
          if (!error || error.name !== "AbortError") this.host.unshared(error);
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
      this.lost = true;
      this.watch();
      this.host.demote();
    }
    post(message) {
      if (this.leading) this.channel.postMessage(Object.assign({ from: this.leading.token, hidden: document.hidden }, message));
    }
    ask(message) {
      this.channel.postMessage(Object.assign({ to: this.leader, by: this.me }, message));
    }
    // to the leader
    received(message) {
      if (!message || typeof message !== "object") return;
      if ("to" in message) {
        if (!this.leading || message.to !== null && message.to !== this.leading.token) return;
        if (message.kind === Kind.HELLO) this.post({ kind: Kind.LEAD });
        return this.host.request(message);
      }
      if (this.leading) return;
      if ("for" in message && message.for !== this.me) return;
      const fresh = message.kind === Kind.LEAD && message.from !== this.leader || this.lost;
      if (message.kind === Kind.LEAD || this.lost) this.leader = message.from;
      if (message.from !== this.leader) return;
      this.heard = this.env.now();
      this.hiddenLeader = Boolean(message.hidden);
      if (fresh) {
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
        if (late) this.heard = Math.max(this.heard, now - BEAT);
        if (now - this.heard <= STALE) return;
        if (this.asking && !document.hidden && !this.hiddenLeader) this.takeOver();
        else if (!this.asking && !this.lost) {
          this.lost = true;
          this.host.silent();
        }
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
  };

  // js/src/schedule.js
  var Schedule = class {
    constructor(cfg, { start = 0, width = cfg.reconnect_delay, slot = 0 } = {}, random = Math.random) {
      this.cfg = cfg;
      this.random = random;
      this.attempt = 0;
      this.first = this.grid = start + slot * width;
      this.gap = cfg.reconnect_delay;
      this.window = referenceWindow(cfg);
      this.total = this.forecast();
    }
    /* The next attempt, {attempt, at} with `at` in ms after the loss, or null: give up */
    next() {
      const cfg = this.cfg;
      if (this.attempt >= cfg.max_reconnect_attempts && !(this.attempt > 0 && this.grid < this.window)) return null;
      if (this.attempt > 0) {
        if (this.grid >= cfg.fast_retry_for) this.gap = Math.min(cfg.reconnect_delay * cfg.max_backoff_multiplier, this.gap * 2);
        this.grid += this.gap;
      }
      const at = this.grid + this.random() * cfg.jitter * this.gap;
      if (cfg.give_up_after > 0 && at > cfg.give_up_after && this.attempt > 0) return null;
      this.attempt += 1;
      return { attempt: this.attempt, at };
    }
    /* How many attempts next() hands out in all, if none succeeds (jitter aside: it can push the last one past
     * give_up_after, and then there is one fewer) */
    forecast() {
      const cfg = this.cfg;
      if (cfg.max_reconnect_attempts === 0) return 0;
      const made = Math.max(cfg.max_reconnect_attempts, this.places(this.window, false) + 1);
      return cfg.give_up_after > 0 ? Math.min(made, Math.max(1, this.places(cfg.give_up_after, true))) : made;
    }
    /* How many of the grid's places come before `end` ms after the loss (or at it too, with `atEnd`), counted in runs of
     * equal gaps rather than one by one: max_reconnect_attempts may be a million */
    places(end, atEnd) {
      const cfg = this.cfg, cap = cfg.reconnect_delay * cfg.max_backoff_multiplier;
      const before = (place2) => place2 < end || atEnd && place2 === end;
      const run = (place2, gap2) => !before(place2) ? 0 : atEnd ? Math.floor((end - place2) / gap2) + 1 : Math.ceil((end - place2) / gap2);
      let place = this.first, gap = cfg.reconnect_delay, count = 0;
      if (place < cfg.fast_retry_for) {
        const fast = Math.ceil((cfg.fast_retry_for - place) / gap);
        count = Math.min(fast, run(place, gap));
        if (count < fast) return count;
        place += fast * gap;
      }
      for (; gap < cap; count++) {
        if (!before(place)) return count;
        gap = Math.min(cap, gap * 2);
        place += gap;
      }
      return count + run(place, cap);
    }
  };
  function referenceWindow(cfg) {
    const n = cfg.max_reconnect_attempts, cap = cfg.reconnect_delay * cfg.max_backoff_multiplier;
    let sum = 0;
    for (let i = 0, delay = cfg.reconnect_delay; i < n; i++, delay *= 2) {
      if (delay >= cap) return sum + cap * (n - i);
      sum += delay;
    }
    return sum;
  }
  function restartPlan(data, slot) {
    const ok = (v) => Number.isFinite(v) && v >= 0 && v <= 2 ** 31 - 1;
    if (!data || !ok(data.retry) || !ok(data.spread)) return null;
    return { start: data.retry, width: data.spread, slot };
  }

  // js/src/phase.js
  var Phase = Object.freeze({
    CONNECTING: "connecting",
    OPEN: "open",
    WAITING: "waiting",
    REFUSED: "refused",
    PAUSED: "paused",
    ENDED: "ended"
  });
  var SHOWN = {
    connecting: "reconnecting",
    open: "active",
    waiting: "reconnecting",
    refused: "error",
    paused: "disconnected",
    ended: "disconnected"
  };
  function indicatorState(phase) {
    return SHOWN[phase];
  }
  function readyStateOf(phase) {
    return phase === Phase.OPEN ? OPEN : phase === Phase.ENDED ? CLOSED : CONNECTING;
  }
  function stopped(phase) {
    return phase === Phase.PAUSED || phase === Phase.ENDED;
  }

  // js/src/stream.js
  function withLastId(url, lastEventId) {
    if (!lastEventId) return url;
    const hash = url.indexOf("#"), base = hash < 0 ? url : url.slice(0, hash);
    return base + (base.includes("?") ? "&" : "?") + "last_event_id=" + encodeURIComponent(lastEventId) + (hash < 0 ? "" : url.slice(hash));
  }
  var Stream = class {
    /* `url`: the stream's; `cfg`: its monitor's configuration (config.js); `env`: its page (StreamEnv); `host`: what it
     * streams for (StreamHost); `lastEventId`: where it resumes; `address(url, lastEventId)`: each connection's URL;
     * `headers`: a FetchSource's request headers (a function of the URL), the page's by default */
    constructor(url, cfg, env, host, { lastEventId = "", address = withLastId, headers = env.headers } = {}) {
      this.url = url;
      this.cfg = cfg;
      this.env = env;
      this.host = host;
      this.transport = { address, headers };
      this.real = null;
      this.lastEventId = lastEventId;
      this.types = /* @__PURE__ */ new Set(["message", HELLO_EVENT, RESET_EVENT, cfg.close_event, cfg.heartbeat_event]);
      this.outage = null;
      this.timers = {};
      this.phase = null;
      this.why = null;
      this.shown = {};
    }
    get attempt() {
      return this.shown.attempt || 0;
    }
    // reconnect attempts since the stream was last open
    /* Connect now, unless the browser is offline or the host says not to */
    connect() {
      this.clear("retry");
      if (this.cfg.monitor_network && !this.env.online()) return this.pause("offline");
      if (!this.host.connecting()) return;
      const { Source } = this.env, { address, headers } = this.transport;
      const real = this.real = this.env.counted(new Source(address(this.url, this.lastEventId), { withCredentials: true, headers }));
      this.onEvent = this.onEvent || ((event) => {
        if (event.target === this.real) this.heard(event);
      });
      for (const type of Source.wildcard ? ["*"] : this.types) real.addEventListener(type, this.onEvent);
      real.addEventListener("open", () => this.opened(real));
      real.addEventListener("error", (event) => this.failed(real, event));
    }
    listen(type) {
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
      const refused = real.readyState === CLOSED;
      this.drop();
      if (this.phase === Phase.OPEN) this.enter(Phase.CONNECTING, {}, false);
      this.host.failed(event);
      if (stopped(this.phase) || this.real) return;
      if (real.status === 204) return this.halt("server", "no-content");
      this.retry(refused ? Phase.REFUSED : Phase.WAITING, refused ? "refused" : "lost");
    }
    heard({ type, data, lastEventId, origin }) {
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
      if (!next) return this.halt("attempts");
      const delay = Math.min(MAX_TIMER, Math.max(0, Math.round(this.outage.since + next.at - performance.now())));
      this.enter(phase, { attempt: next.attempt, delay, reason });
      this.timers.retry = setTimeout(() => this.connect(), delay);
    }
    alive() {
      if (!(this.cfg.heartbeat_timeout > 0)) return;
      this.clear("watchdog");
      this.timers.watchdog = setTimeout(() => {
        this.host.log("no event for " + this.cfg.heartbeat_timeout + " ms: the stream is dead");
        this.drop();
        this.retry(Phase.WAITING, "silent");
      }, this.cfg.heartbeat_timeout);
    }
    /* Stop for good (until restart): gave up, told to by the server, or closed; `announce`: show it now */
    halt(why, reason, announce = true) {
      this.stop();
      this.enter(Phase.ENDED, { why, reason: reason || why }, announce);
    }
    pause(why) {
      this.stop();
      this.enter(Phase.PAUSED, { why, reason: why });
    }
    /* From a clean slate: a new outage, no attempt yet (connect() or the tab that holds the stream connects) */
    restart(reason) {
      this.stop();
      this.forget();
      this.enter(Phase.CONNECTING, { reason });
    }
    forget() {
      this.outage = null;
      this.shown = Object.assign({}, this.shown, { attempt: 0 });
    }
    drop() {
      this.clear("watchdog");
      if (this.real) this.real.close();
      this.real = null;
    }
    stop() {
      this.drop();
      this.clear("retry");
    }
    clear(name) {
      clearTimeout(this.timers[name]);
      delete this.timers[name];
    }
    /* The one way the phase changes. `detail`: why (PAUSED, ENDED), attempt (the current one's number), reason, delay (ms
     * until the next attempt) and maxAttempts (how many attempts this outage makes if none succeeds: not
     * max_reconnect_attempts, which the schedule may exceed to cover its reference window). `announce`: whether the
     * host shows it now */
    enter(phase, {
      why = null,
      attempt = this.attempt,
      reason = null,
      delay = null,
      maxAttempts = this.outage ? this.outage.schedule.total : null
    } = {}, announce = true) {
      const from = this.phase;
      this.phase = phase;
      this.why = why;
      this.shown = { attempt, maxAttempts, delay, reason };
      this.host.phased(from, announce);
    }
  };

  // js/src/indicator.js
  function render(box, indicators, state) {
    const current = box.querySelector("[data-sse-state]");
    if (current && current.dataset.sseState === state) return;
    if (indicators.html) {
      const template = document.createElement("template");
      template.innerHTML = indicators.html[state];
      box.replaceChildren(template.content);
    } else if (current) {
      const { dot, label } = indicators.patch[state];
      current.dataset.sseState = state;
      current.firstElementChild.className = dot;
      current.lastElementChild.textContent = label;
      if (current.hasAttribute("title")) current.title = label;
    }
  }
  function log(cfg, message) {
    if (cfg.log_to_console) console.info("[sse-monitor " + cfg.connection_id + "] " + message);
  }
  var StatusView = class {
    constructor(cfg) {
      this.cfg = cfg;
      this.box = cfg.status_id ? document.getElementById(cfg.status_id) : null;
    }
    shown(detail, changed) {
      const cfg = this.cfg, state = detail.state;
      if (!this.stillShown()) this.box = document.getElementById(cfg.status_id);
      const box = this.box;
      if (box && changed) render(box, cfg.indicators, state);
      log(cfg, state + (detail.reason ? " (" + detail.reason + ")" : "") + (detail.delay !== null ? ", attempt " + detail.attempt + (detail.maxAttempts !== null ? " of " + detail.maxAttempts : "") + " in " + detail.delay + " ms" : ""));
      (box || document).dispatchEvent(new CustomEvent(STATE_EVENT, { bubbles: true, detail }));
    }
    stillShown() {
      return Boolean(this.box && this.box.isConnected);
    }
  };

  // js/src/arrival.js
  function reasonData(data, fallback) {
    try {
      const parsed2 = JSON.parse(data);
      return parsed2 && typeof parsed2 === "object" ? Object.assign({ reason: fallback }, parsed2) : { reason: fallback };
    } catch (e) {
      return { reason: fallback };
    }
  }
  function monitorOnly(cfg, type) {
    return type === HELLO_EVENT || type === RESET_EVENT || type === cfg.close_event || type === cfg.heartbeat_event;
  }
  function arrive(connection, type, data, lastEventId, origin) {
    if (type === connection.cfg.close_event) {
      const reason = reasonData(data, "server");
      if (COMING_BACK.includes(reason.reason)) {
        connection.tell("returning", type, data, lastEventId);
        return comeBack(connection, reason);
      }
      connection.tell("heard", type, data, lastEventId);
      connection.halt("server", reason.reason);
    } else {
      if (type === HELLO_EVENT) connection.page.hello(data);
      if (type === RESET_EVENT && connection.options.resets) reset(connection, data);
      connection.tell("heard", type, data, lastEventId);
    }
    connection.tell("arrived", type, data, lastEventId, origin);
  }
  function comeBack(connection, data) {
    connection.reloading = data.reason === "reload";
    if (connection.following) return;
    connection.stream.comeBack(data.reason, restartPlan(data, connection.page.slot));
  }
  function reset(connection, data) {
    const reason = reasonData(data, "unknown").reason;
    connection.log("reset (" + reason + "): the events since the last id are gone");
    connection.owner.dispatchEvent(new CustomEvent(RESET_DOM_EVENT, {
      bubbles: true,
      detail: { connectionId: connection.cfg.connection_id, reason, lastEventId: connection.lastEventId }
    }));
  }

  // js/src/mirror.js
  function stateMessage(connection) {
    return Object.assign({ kind: Kind.STATE, phase: connection.phase, why: connection.why }, connection.stream.shown);
  }
  function delivered(connection, message) {
    if (message.kind === Kind.EVENT) {
      if (message.id) connection.stream.lastEventId = message.id;
      connection.arrived(message.type, message.data, message.id);
    } else if (message.kind === Kind.STATE) mirror(connection, message);
    else if (message.kind === Kind.ERROR) {
      if (connection.phase === Phase.OPEN) connection.stream.enter(Phase.CONNECTING, {}, false);
      connection.notify("error");
    }
  }
  function mirror(connection, message) {
    const { phase, why = null, attempt, maxAttempts = null, delay, reason } = message;
    const opened = phase === Phase.OPEN && connection.phase !== Phase.OPEN;
    if (opened && connection.reloading && connection.cfg.reload_page) return location.reload();
    if (opened) connection.reloading = false;
    const s = connection.stream.shown;
    if (phase !== connection.phase || why !== connection.why || s.maxAttempts !== maxAttempts || s.delay !== delay || s.reason !== reason || s.attempt !== attempt) {
      connection.stream.enter(phase, { why, attempt, maxAttempts, delay, reason });
    }
    if (opened) connection.notify("open");
  }

  // js/src/tabs.js
  function helloScope(data) {
    try {
      return shareScope(JSON.parse(data).scope);
    } catch (e) {
      return null;
    }
  }
  var TabShare = class {
    constructor(connection) {
      this.connection = connection;
      this.relay = new Relay(streamKey(connection.url, connection.cfg.scope), this);
      this.verified = false;
      this.typesTold = false;
      this.current = /* @__PURE__ */ new Map();
      this.heardTypes = /* @__PURE__ */ new Set();
      this.restartWanted = false;
      this.ownIds = [];
      this.shownIds = /* @__PURE__ */ new Set();
    }
    get following() {
      return !this.relay.leading;
    }
    get hub() {
      return false;
    }
    /* What the Connection asks of it (Carrier) */
    start() {
      if (this.relay.leading) this.connection.stream.connect();
      else this.relay.want(this.connection.presence.wanted);
    }
    connecting() {
      this.verified = false;
      this.current.clear();
    }
    /* As the tab that holds the stream: pass an event of its connection on to the other tabs, once the stream's hello said
     * it is for their scope (the first event of a stream of sse-monitor's); a stream that says another, or nothing, is
     * kept to this tab */
    heard(type, data, id) {
      if (id && this.ownIds.push(id) > OWN_IDS) this.ownIds.shift();
      if (!this.verified) {
        const said = type === HELLO_EVENT ? helloScope(data) : null;
        if (said !== this.connection.cfg.scope) return this.connection.keepHere(said ? "its hello says another session (the cookies changed since the page was made)" : "it does not say whose it is (no hello with a share scope)");
        this.verified = true;
      }
      this.relay.post({ kind: Kind.EVENT, type, data, id });
      if (type === HELLO_EVENT || !id && !monitorOnly(this.connection.cfg, type)) this.current.set(type, data);
    }
    failed() {
      this.relay.post({ kind: Kind.ERROR });
    }
    phased() {
      if (this.relay.leading) this.tell();
    }
    listen() {
      if (this.typesTold) return;
      this.typesTold = true;
      queueMicrotask(() => {
        this.typesTold = false;
        this.tellTypes();
      });
    }
    restart() {
      this.restartWanted = true;
      this.relay.ask({ kind: Kind.RESTART });
    }
    want(yes) {
      this.relay.want(yes);
    }
    resign() {
      this.relay.resign();
    }
    close() {
      this.relay.close();
    }
    /* What its Relay tells it (share.js) */
    lead() {
      const connection = this.connection, stream = connection.stream;
      if (stream.phase !== Phase.ENDED || this.restartWanted) {
        this.restartWanted = false;
        if (stopped(stream.phase)) stream.restart("resume");
        else stream.outage = null;
        stream.connect();
      }
      this.tell();
      if (!connection.presence.wanted) connection.presence.hidden();
    }
    demote() {
      this.connection.stream.stop();
      this.connection.stream.outage = null;
      this.shownIds = new Set(this.ownIds);
      this.ownIds = [];
      if (this.connection.presence.wanted) this.relay.want(true);
    }
    unshared(error) {
      this.connection.page.refused(error);
      this.connection.own();
    }
    follow(message) {
      const kind = message.kind;
      if (!this.connection.owner.isConnected) return this.connection.close();
      if (kind === Kind.LEAD) return this.tellTypes();
      if (kind === Kind.EVENT) {
        this.heardTypes.add(message.type);
        if (this.shownIds.delete(message.id)) return;
      }
      if (kind === Kind.CURRENT) return this.catchUp(message);
      if (kind === Kind.STATE && message.phase !== Phase.ENDED) this.restartWanted = false;
      this.connection.carried(message);
    }
    catchUp({ events, last }) {
      const connection = this.connection;
      for (const { type, data } of events) if (!this.heardTypes.has(type)) connection.arrived(type, data, "");
      if (!connection.stream.lastEventId && last) connection.stream.lastEventId = last;
    }
    request(message) {
      const connection = this.connection, stream = connection.stream;
      if (!connection.owner.isConnected) return connection.close();
      if (message.kind === Kind.HELLO) {
        this.tell();
        const events = Array.from(this.current, ([type, data]) => ({ type, data }));
        if ((events.length || stream.lastEventId) && !message.again) {
          this.relay.post({ kind: Kind.CURRENT, for: message.by, events, last: stream.lastEventId });
        }
      } else if (message.kind === Kind.RESTART) connection.live ? this.tell() : connection.restart();
      else if (message.kind === Kind.TYPES && Array.isArray(message.types)) for (const type of message.types) stream.listen(String(type));
    }
    silent() {
      const { cfg, stream } = this.connection;
      if (cfg.monitor_visibility && stream.phase !== Phase.ENDED && !(stream.phase === Phase.PAUSED && stream.why === "hidden")) stream.pause("hidden");
    }
    tell() {
      this.relay.post(stateMessage(this.connection));
    }
    // as leader: the state, to every follower
    tellTypes() {
      if (this.following) this.relay.ask({ kind: Kind.TYPES, types: Array.from(this.connection.stream.types) });
    }
  };

  // js/src/presence.js
  var Presence = class {
    constructor(connection) {
      this.connection = connection;
      this.grace = null;
    }
    /* Whether this tab should hold the stream when no other does */
    get wanted() {
      return !(this.connection.cfg.monitor_visibility && document.visibilityState === "hidden");
    }
    hidden() {
      const c = this.connection;
      this.clear();
      if (c.following) return c.carrier.want(false);
      this.grace = setTimeout(() => {
        if (c.phase !== Phase.ENDED) c.stream.pause("hidden");
        if (c.carrier) c.carrier.resign();
      }, c.cfg.hidden_grace);
    }
    visible() {
      const c = this.connection;
      this.clear();
      if (c.carrier) c.carrier.want(true);
      const { phase, why } = c;
      if (phase === Phase.ENDED && why === "attempts" || phase === Phase.PAUSED && why === "hidden" && !c.carrier) c.restart();
    }
    offline() {
      const c = this.connection;
      if (c.cfg.monitor_network && !stopped(c.phase) && !c.following) c.stream.pause("offline");
    }
    online() {
      const c = this.connection;
      if (c.phase === Phase.PAUSED && c.why === "offline" && !c.following) c.restart();
    }
    clear() {
      clearTimeout(this.grace);
      this.grace = null;
    }
  };

  // js/src/session.js
  function madeFor(cfg, scope) {
    return !cfg.scope || userOf(scope) === userOf(cfg.scope);
  }
  function stopForOther(connection, why) {
    console.warn("sse-monitor: " + connection.cfg.connection_id + " stops: " + why + " than it was made for (a login or a logout since the page was made): reload the page");
    connection.halt("session");
  }
  function sessionChanged(connection, now) {
    if (connection.carrier && connection.carrier.hub) return;
    connection.dropCarrier();
    if (connection.phase === Phase.ENDED) return;
    if (!madeFor(connection.cfg, now)) return stopForOther(connection, "the browser is logged in to another user");
    connection.restart("session");
  }

  // js/src/connection.js
  var Connection = class {
    /* `url`: the stream's; `owner`: the element with its sse-connect (or a Bundle, for a page stream); `cfg`: its
     * monitor's configuration (config.js); `page`: the Page. Options: `views` (View, above); `lastEventId`: where it
     * resumes; `transport`: how its Stream connects, if not as a plain stream ({address, headers}, stream.js);
     * `shareable()`: whether it may be shared between tabs (an htmx 4 element with request headers of its own may not);
     * `resets`: whether its element hears of a reset (not a page stream's: each of its elements hears of its own) */
    constructor(url, owner, cfg, page, { views = [], lastEventId = "", transport = {}, shareable = () => true, resets = true } = {}) {
      this.url = url;
      this.owner = owner;
      this.cfg = cfg;
      this.page = page;
      this.options = { shareable, resets };
      this.views = views;
      this.stream = new Stream(url, cfg, page, this, Object.assign({ lastEventId }, transport));
      this.carrier = null;
      this.presence = new Presence(this);
      this.reloading = false;
      this.shownState = null;
      this.unbundled = false;
      this.keptHere = false;
    }
    begin() {
      this.page.adopt(this);
      this.stream.enter(Phase.CONNECTING);
      this.start();
    }
    /* Whether every view that has a say (`hook`: starting or connecting) lets the stream go on */
    allowed(hook) {
      return this.views.every((view) => !view[hook] || view[hook]());
    }
    get phase() {
      return this.stream.phase;
    }
    // where the connection is (phase.js)
    get why() {
      return this.stream.why;
    }
    // why it is PAUSED or ENDED
    get lastEventId() {
      return this.stream.lastEventId;
    }
    // the id of the last event received
    get live() {
      return this.shownState === "active";
    }
    // whether the page shows it Live (what a reconnect asks)
    /* Another holds its connection: a tab that shares it (or none yet: this tab may be waiting for it), or the page's hub
     * connection; this source shows what it relays */
    get following() {
      return this.carrier !== null && this.carrier.following;
    }
    /* Whether this stream is shared between the tabs of its scope: asked for, the browser can, nothing keeps it to this
     * tab, and its monitor was rendered for the cookies the browser has now (not a part kept in the browser's cache, nor
     * one made for the session before a login) */
    shares() {
      if (!this.cfg.share || this.keptHere || !this.options.shareable() || this.page.cannotShare()) return false;
      if (this.cfg.scope) return this.cfg.scope === this.page.know();
      return this.page.know() ? false : this.page.unscoped();
    }
    listen(type) {
      if (this.stream.types.has(type)) return;
      this.stream.listen(type);
      if (this.carrier) this.carrier.listen();
    }
    close() {
      this.page.release(this);
      this.dropCarrier();
      if (this.phase !== Phase.ENDED) this.halt("closed");
    }
    /* Connection life cycle */
    start() {
      if (!this.allowed("starting")) return;
      if (!this.carrier) this.carrier = this.page.bundles.join(this) || (this.shares() ? new TabShare(this) : null);
      if (this.carrier) this.carrier.start();
      else this.stream.connect();
      if (!this.presence.wanted) this.presence.hidden();
    }
    own() {
      this.dropCarrier();
      if (!stopped(this.phase)) this.stream.connect();
    }
    dropCarrier() {
      const carrier = this.carrier;
      this.carrier = null;
      if (carrier) carrier.close();
    }
    /* What its Stream asks of it (stream.js: StreamHost) */
    connecting() {
      if (!this.owner.isConnected) {
        this.close();
        return false;
      }
      if (this.following) return false;
      if (this.carrier) this.carrier.connecting();
      return this.allowed("connecting");
    }
    opening() {
      if (this.reloading && this.cfg.reload_page) {
        location.reload();
        return false;
      }
      this.reloading = false;
      return true;
    }
    opened() {
      this.notify("open");
    }
    failed(event) {
      if (this.carrier) this.carrier.failed();
      this.notify("error", event);
    }
    phased(from, announce) {
      if (stopped(this.phase) && !this.following) this.presence.clear();
      if (announce) this.announce();
      this.tell("phased", from);
    }
    received(type, data, lastEventId, origin) {
      if (!this.owner.isConnected) return this.close();
      const said = type === HELLO_EVENT && helloScope(data);
      if (said && !madeFor(this.cfg, said)) return stopForOther(this, "its stream came back for another user");
      if (this.carrier) this.carrier.heard(type, data, lastEventId);
      this.arrived(type, data, lastEventId, origin);
    }
    /* What its carrier delivers from the connection another holds: an event, its state, or its failure */
    carried(message) {
      if (!this.owner.isConnected) return this.close();
      delivered(this, message);
    }
    notify(type, cause) {
      this.tell("notified", type, cause);
    }
    // 'open' or 'error', to the views; `cause`: the browser's event
    keepHere(why) {
      this.log("not shared with the other tabs: " + why);
      this.keptHere = true;
      this.dropCarrier();
    }
    /* An event of the stream, from this tab's own connection or from its carrier, on the page (arrival.js) */
    arrived(type, data, lastEventId, origin = location.origin) {
      arrive(this, type, data, lastEventId, origin);
    }
    tell(hook, ...args) {
      for (const view of this.views) if (view[hook]) view[hook](...args);
    }
    /* Stop for good (until restart): told to by the server, or closed */
    halt(why, reason) {
      const closed = why === "closed";
      this.presence.clear();
      this.stream.halt(why, reason, !closed);
      if (closed) queueMicrotask(() => {
        if (this.views.some((view) => view.stillShown && view.stillShown())) this.announce();
      });
    }
    /* Try again now, from a clean slate (a click, the tab shown, the network back); a follower asks the holder to */
    restart(reason = "resume") {
      if (!this.owner.isConnected) return false;
      if (this.following) {
        this.carrier.restart();
        return true;
      }
      this.presence.clear();
      this.page.adopt(this);
      this.stream.restart(reason);
      this.start();
      if (this.following) this.carrier.restart();
      return true;
    }
    alone(why) {
      console.warn("sse-monitor: " + why + ": " + this.cfg.connection_id + " gets a connection of its own");
      this.unbundled = true;
      this.dropCarrier();
      this.stream.outage = null;
      this.start();
    }
    announce() {
      const state = indicatorState(this.phase), changed = state !== this.shownState;
      this.shownState = state;
      if (this.carrier) this.carrier.phased();
      this.tell("shown", Object.assign({ connectionId: this.cfg.connection_id, state }, this.stream.shown), changed);
    }
    log(message) {
      log(this.cfg, message);
    }
  };

  // js/src/bundle.js
  function pageStreamUrl(path, urls) {
    return path + "?" + urls.slice().sort().map((url) => "s=" + encodeURIComponent(url)).join("&");
  }
  function untag(data) {
    const cut = data.indexOf("\n"), head = cut < 0 ? data : data.slice(0, cut), space = head.indexOf(" ");
    return { topic: head.slice(0, space), type: head.slice(space + 1), data: cut < 0 ? "" : data.slice(cut + 1) };
  }
  function timing(cfg) {
    const { connection_id, status_id, element_id, indicators, log_to_console, ...rest } = cfg;
    return JSON.stringify(rest);
  }
  var Bundles = class {
    constructor(page) {
      this.page = page;
      this.all = /* @__PURE__ */ new Map();
    }
    /* Put `source` on its page's connection: its Seat there, or null when it has a connection of its own (not a
     * hub element, another origin, a full bundle, or a stream the page stream cannot carry) */
    join(source) {
      const path = source.owner.dataset && source.owner.dataset.sseHub;
      if (!path || source.unbundled) return null;
      const url = new URL(source.url, location.href);
      if (url.origin !== location.origin) return null;
      const key = path + " " + timing(source.cfg);
      let bundle = this.all.get(key);
      if (!bundle) {
        bundle = new Bundle(path, source.cfg, this.page, () => {
          if (this.all.get(key) === bundle) this.all.delete(key);
        });
        this.all.set(key, bundle);
      }
      return bundle.join(source, url.pathname + url.search);
    }
  };
  var Bundle = class {
    constructor(path, cfg, page, gone) {
      this.path = path;
      this.page = page;
      this.gone = gone;
      this.cfg = Object.assign({}, cfg, { connection_id: "hub " + path, status_id: null, element_id: null });
      this.views = /* @__PURE__ */ new Map();
      this.topics = /* @__PURE__ */ new Map();
      this.source = null;
      this.carrying = [];
      this.timer = null;
      this.fresh = [];
      this.freshFrom = "";
      this.waiting = /* @__PURE__ */ new Set();
      this.tries = 0;
      this.again = null;
    }
    get isConnected() {
      return this.views.size > 0;
    }
    // as its Connection's owner: while it has streams
    join(view, url) {
      if (!this.views.has(view) && this.views.size >= MAX_STREAMS) return null;
      this.views.set(view, url);
      this.changed();
      const source = this.source;
      if (source && this.carrying.includes(url) && !this.waiting.has(url)) queueMicrotask(() => {
        if (this.source === source) view.carried(stateMessage(source));
      });
      return new Seat(this, view);
    }
    leave(view) {
      if (this.views.delete(view)) this.changed();
    }
    restart() {
      if (this.source && !this.source.live) this.source.restart();
    }
    changed() {
      if (this.timer === null) this.timer = setTimeout(() => {
        this.timer = null;
        this.connect();
      }, 0);
    }
    /* A connection for the streams the page shows now, from the last id of the one before (nothing missed meanwhile);
     * `again`: also for the same streams (to ask again about those the server could not carry) */
    connect(again = false) {
      const urls = Array.from(new Set(this.views.values())).sort(), old = this.source, before = this.carrying;
      if (old && !again && before.join("\n") === urls.join("\n")) return;
      clearTimeout(this.again);
      this.source = null;
      if (old) old.close();
      if (!urls.length) return this.gone();
      this.fresh = old ? urls.filter((url) => !before.includes(url)) : [];
      this.freshFrom = old ? old.lastEventId : "";
      const view = {
        // (View, connection.js): what the connection says, to the elements it carries
        heard: (type, data, id) => this.deliver(connection, type, data, id),
        returning: (type, data, id) => this.deliver(connection, type, data, id),
        // (each element reloads, if it must)
        shown: () => {
          if (this.source === connection) this.tellAll(stateMessage(connection));
        },
        notified: (type) => {
          if (type === "error" && this.source === connection) this.tellAll({ kind: Kind.ERROR });
        }
      };
      const connection = new Connection(pageStreamUrl(this.path, urls), this, this.cfg, this.page, {
        views: [view],
        lastEventId: this.freshFrom,
        resets: false,
        // (a reset reaches every element, which shows its own)
        transport: { address: (url, lastEventId) => this.address(url, lastEventId) }
      });
      connection.begin();
      this.source = connection;
      this.carrying = urls;
    }
    address(url, lastEventId) {
      const address = withLastId(url, lastEventId);
      if (!this.fresh.length || lastEventId !== this.freshFrom) return address;
      return address + "&" + this.fresh.map((u) => "fresh=" + encodeURIComponent(u)).join("&");
    }
    /* An event of the connection (its own, or relayed by the tab that holds it), to the elements it is for */
    deliver(source, type, data, id) {
      if (source !== this.source) return;
      if (type === "message") {
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
      try {
        streams = JSON.parse(data).streams;
      } catch (e) {
      }
      if (!Array.isArray(streams)) return;
      const cfg = this.cfg, delay = Math.min(cfg.reconnect_delay * 2 ** this.tries, cfg.reconnect_delay * cfg.max_backoff_multiplier);
      const waited = this.waiting;
      this.waiting = /* @__PURE__ */ new Set();
      this.carrying.forEach((url, i) => {
        const carried = streams[i], views = Array.from(this.views).filter(([, u]) => u === url).map(([view]) => view);
        if (Array.isArray(carried)) {
          this.topics.set(url, new Set(carried));
          if (waited.has(url)) for (const view of views) view.carried(stateMessage(source));
          return;
        }
        this.topics.delete(url);
        const why = "the page stream " + this.path + " cannot carry " + url + " (" + (carried && carried.reason) + ")";
        if (carried && carried.final === false && this.tries < cfg.max_reconnect_attempts) {
          this.waiting.add(url);
          for (const view of views) {
            view.log(why + ": asking again in " + delay + " ms");
            view.carried({
              kind: Kind.STATE,
              phase: Phase.WAITING,
              attempt: this.tries + 1,
              maxAttempts: cfg.max_reconnect_attempts,
              delay,
              reason: "refused"
            });
          }
        } else for (const view of views) view.alone(why);
      });
      this.tries = this.waiting.size ? this.tries + 1 : 0;
      if (this.waiting.size) this.again = setTimeout(() => {
        if (this.source === source) this.connect(true);
      }, delay);
    }
    tellAll(message) {
      if (message.kind === Kind.STATE && message.phase !== Phase.OPEN) clearTimeout(this.again);
      if (stopped(message.phase)) this.waiting.clear();
      for (const [view, url] of Array.from(this.views)) if (!this.waiting.has(url)) view.carried(message);
    }
  };
  var Seat = class {
    constructor(bundle, view) {
      this.bundle = bundle;
      this.view = view;
    }
    get following() {
      return true;
    }
    get hub() {
      return true;
    }
    start() {
    }
    connecting() {
    }
    heard() {
    }
    failed() {
    }
    phased() {
    }
    listen() {
    }
    restart() {
      this.bundle.restart();
    }
    want() {
    }
    resign() {
    }
    close() {
      this.bundle.leave(this.view);
    }
  };

  // js/src/page.js
  function documentScope() {
    const meta = document.querySelector('meta[name="' + SCOPE_META + '"]');
    return meta ? scopeSaid(meta.content) : [null, null];
  }
  function notShared(reason) {
    console.warn("sse-monitor: streams are not shared between tabs here (" + reason + "): each tab opens its own connections");
  }
  var Page = class {
    constructor(random = Math.random) {
      this.sources = /* @__PURE__ */ new Set();
      this.slot = random();
      this.unshared = void 0;
      this.current = void 0;
      this.since = void 0;
      this.unscopedSaid = false;
      this.open = 0;
      this.warned = false;
      this.bundles = new Bundles(this);
      this.Source = window.EventSource;
      this.headers = void 0;
    }
    /* Why this page cannot share streams with other tabs, or null; said once in the console */
    cannotShare() {
      if (this.unshared === void 0) this.unshare(sharingUnavailable());
      return this.unshared;
    }
    /* A monitor rendered without a share scope (the server does not say whose its pages are): said once; false */
    unscoped() {
      if (!this.unscopedSaid) {
        this.unscopedSaid = true;
        notShared("the server did not say whose this page is: share_between_tabs(app) on the server turns sharing on");
      }
      return false;
    }
    /* Whose the browser's cookies are, as far as the page knows */
    know() {
      if (this.since === void 0) [this.current, this.since] = documentScope();
      return this.current;
    }
    /* An htmx response said (its SCOPE_HEADER) the share scope of the cookies it answered with (`now`: a login or a
     * logout in between changes them), and when its request came (`at`). One to a request that came after what the page
     * knows says whose the cookies are now (a login or a logout by this tab, one a redirect followed, one in another
     * tab); an older one (an answer that arrives late, or one kept in the browser's cache) says nothing new. */
    hear(header) {
      const [now, at] = scopeSaid(header);
      this.know();
      if (this.since === null || !(at > this.since)) return;
      this.since = at;
      if (now === this.current) return;
      this.current = now;
      for (const source of Array.from(this.live())) sessionChanged(source, now);
    }
    /* The browser refused a lock (an opaque origin, such as a sandboxed iframe): no sharing on this page from now on */
    refused(error) {
      if (!this.unshared) this.unshare("the browser refused a Web Lock: " + (error && error.name || error));
    }
    unshare(reason) {
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
        console.warn("sse-monitor: this page holds " + this.open + " EventSources over HTTP/1.1, and a browser opens at most " + CONNECTIONS_PER_HOST + " connections to a host: every other request to it (a click, a page) now waits for one to close. Share streams (SSEHub topics on one stream, share=True between tabs), or serve the app over HTTP/2.");
      }
      return source;
    }
    adopt(source) {
      for (const other of this.sources) if (other !== source && other.owner === source.owner) other.close();
      this.sources.add(source);
    }
    release(source) {
      this.sources.delete(source);
    }
    online() {
      return navigator.onLine !== false;
    }
    // (StreamEnv) false while the browser says it has no network
    /* The slot a server handed out in its hello event ({"slot": 0.38}): all of this page's streams use it */
    hello(data) {
      try {
        const slot = JSON.parse(data).slot;
        if (Number.isFinite(slot) && slot >= 0 && slot < 1) this.slot = slot;
      } catch (e) {
      }
    }
    *live() {
      for (const source of this.sources) {
        if (source.owner.isConnected) yield source;
        else source.close();
      }
    }
    /* React to the tab and the network; returns a function that stops listening */
    listen() {
      const onVisibility = () => {
        const hidden = document.visibilityState === "hidden";
        for (const source of this.live()) if (source.cfg.monitor_visibility) hidden ? source.presence.hidden() : source.presence.visible();
      };
      const onOffline = () => {
        for (const source of this.live()) source.presence.offline();
      };
      const onOnline = () => {
        for (const source of this.live()) source.presence.online();
      };
      document.addEventListener("visibilitychange", onVisibility);
      window.addEventListener("offline", onOffline);
      window.addEventListener("online", onOnline);
      return () => {
        document.removeEventListener("visibilitychange", onVisibility);
        window.removeEventListener("offline", onOffline);
        window.removeEventListener("online", onOnline);
      };
    }
  };
  function httpOne() {
    const entry = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    return Boolean(entry && entry.nextHopProtocol === "http/1.1");
  }

  // js/src/source.js
  var ManagedSource = class extends EventTarget {
    constructor(url, owner, cfg, page) {
      super();
      this.url = url;
      this.withCredentials = true;
      this.onopen = this.onerror = this.onmessage = null;
      this.forwarded = /* @__PURE__ */ new Set(["message"]);
      this.connection = new Connection(url, owner, cfg, page, { views: [new StatusView(cfg), this] });
      this.connection.begin();
    }
    get readyState() {
      return readyStateOf(this.connection.phase);
    }
    addEventListener(type, listener, options) {
      super.addEventListener(type, listener, options);
      if (type === "open" || type === "error") return;
      this.forwarded.add(type);
      this.connection.listen(type);
    }
    close() {
      this.connection.close();
    }
    // by htmx-ext-sse (element removed, sse-close) or by the application
    /* What its Connection tells it (View) */
    notified(type, cause) {
      const handler = type === "open" ? this.onopen : this.onerror;
      if (handler) handler(cause || new Event(type));
      this.dispatchEvent(new Event(type));
    }
    arrived(type, data, lastEventId, origin) {
      if (!this.forwarded.has(type)) return;
      const copy = new MessageEvent(type, { data, lastEventId, origin });
      if (type === "message" && this.onmessage) this.onmessage(copy);
      this.dispatchEvent(copy);
    }
  };

  // js/src/htmx2.js
  function sseUrl(el) {
    return el.getAttribute("sse-connect") || el.getAttribute("data-sse-connect");
  }
  function sourceOf(el) {
    return el && el["htmx-internal-data"] && el["htmx-internal-data"].sseEventSource;
  }
  function connectionOf(el) {
    const source = sourceOf(el);
    return source instanceof ManagedSource ? source.connection : null;
  }
  function installHtmx2(htmx, page, problem) {
    let processing = null;
    const plain = htmx.createEventSource;
    const own = (url) => {
      const el = processing;
      processing = null;
      const cfg = el && el.id && sseUrl(el) === url && !sourceOf(el) && configWhere("element_id", el.id);
      if (cfg) return new ManagedSource(url, el, cfg, page);
      return plain ? plain(url) : new EventSource(url, { withCredentials: true });
    };
    htmx.createEventSource = own;
    const onProcessed = (event) => {
      const el = processing = event.target;
      const cfg = el.id && sseUrl(el) && configWhere("element_id", el.id);
      if (cfg) queueMicrotask(() => {
        if (el.isConnected && !sourceOf(el)) {
          problem(cfg, "no EventSource was opened for #" + el.id + ': is htmx-ext-sse loaded, and hx-ext="sse" on the element or one of its parents?');
        }
      });
    };
    const onResponse = (event) => {
      const xhr = event.detail && event.detail.xhr, said = xhr && xhr.getResponseHeader(SCOPE_HEADER);
      if (typeof said === "string") page.hear(said);
    };
    document.addEventListener("htmx:afterProcessNode", onProcessed, true);
    document.addEventListener("htmx:beforeOnLoad", onResponse, true);
    return () => {
      if (htmx.createEventSource === own) htmx.createEventSource = plain;
      document.removeEventListener("htmx:afterProcessNode", onProcessed, true);
      document.removeEventListener("htmx:beforeOnLoad", onResponse, true);
    };
  }

  // js/src/htmx4_element.js
  function sseAttribute({ api }, el, name) {
    return api.attributeValue(el, "hx-sse:" + name) ?? el.getAttribute("hx-sse:" + name) ?? el.getAttribute("hx-sse-" + name);
  }
  function fire({ api }, el, name, detail) {
    return api.triggerHtmxEvent(el, name, detail) !== false && !detail.cancelled;
  }
  var REQUESTS = ["hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete", "hx-action"];
  function connectTrigger({ api }, el) {
    const own = REQUESTS.some((name) => api.attributeValue(el, name) != null);
    return !own && api.attributeValue(el, "hx-trigger") || "load";
  }
  function swap({ htmx, api }, el, text) {
    const style = api.attributeValue(el, "hx-swap") ?? htmx.config.defaultSwap;
    return htmx.swap({
      sourceElement: el,
      text,
      target: api.attributeValue(el, "hx-target"),
      swap: style.includes("swapEmpty") ? style : style + " swapEmpty:false",
      select: api.attributeValue(el, "hx-select"),
      selectOOB: api.attributeValue(el, "hx-select-oob"),
      transition: htmx.config.transitions
    });
  }
  function sameOrigin(url) {
    return new URL(url, location.href).origin === location.origin;
  }
  function htmxHeaders() {
    return { "HX-Request": "true", "HX-Current-URL": location.href };
  }
  function pageHeaders(url) {
    return sameOrigin(url) ? htmxHeaders() : {};
  }
  function requestHeaders({ api }, el, url) {
    if (!sameOrigin(url)) return {};
    const headers = htmxHeaders();
    const own = api.getAttributeObject(el, "hx-headers", (obj) => {
      for (const name in obj) headers[name] = String(obj[name]);
    });
    return Promise.resolve(own).then(() => headers);
  }

  // js/src/htmx4_view.js
  var ENDS_AFTER_ITS_EVENTS = ["attempts", "server"];
  var HxSseView = class {
    constructor(el, url, cfg, page, hx) {
      this.el = el;
      this.hx = hx;
      this.announced = false;
      this.dropping = false;
      this.queue = Promise.resolve();
      this.closeReason = null;
      this.connection = new Connection(url, el, cfg, page, {
        views: [new StatusView(cfg), this],
        transport: { headers: (url2) => requestHeaders(hx, el, url2) },
        shareable: () => hx.api.attributeValue(el, "hx-headers") == null
      });
      this.connection.begin();
    }
    /* What a listener of hx-sse's events reads of detail.connection (as hx-sse's connection) */
    get url() {
      return this.connection.url;
    }
    get lastEventId() {
      return this.connection.lastEventId;
    }
    get attempt() {
      return this.connection.stream.attempt;
    }
    get readyState() {
      return readyStateOf(this.connection.phase);
    }
    fire(name, detail = {}) {
      detail.connection = this;
      return fire(this.hx, this.el, name, detail);
    }
    beforeConnection() {
      return this.fire("htmx:sse:before:connection", { cancelled: false });
    }
    starting() {
      if (!this.beforeConnection()) return this.cancel();
      this.dropping = false;
      this.announced = true;
      return true;
    }
    connecting() {
      const announced = this.announced;
      this.announced = false;
      return announced || this.beforeConnection() || this.cancel();
    }
    cancel() {
      this.close("cancelled");
      return false;
    }
    notified(type) {
      if (type === "open") this.announced = false;
      this.fire(type === "open" ? "htmx:sse:after:connection" : "htmx:sse:error");
    }
    /* Run `task` after the ones before it (an event waits for the swaps of the events before it, and its listeners'
     * waitUntil); a `message` task is dropped once the stream was closed by an event before it (hx-sse:close) */
    later(task, message = false) {
      this.queue = this.queue.then(() => {
        if (!message || !this.dropping) return task();
      }).catch((e) => console.error("sse-monitor: an event of #" + this.el.id + " failed", e));
    }
    heard(type, data, id) {
      this.later(() => this.handle({ data, event: type === "message" ? "" : type, id }), true);
    }
    async handle(message) {
      const { el, hx } = this;
      if (!el.isConnected) return;
      const waits = [], detail = { message, cancelled: false, waitUntil: (promise) => waits.push(Promise.resolve(promise)) };
      const go = this.fire("htmx:sse:before:message", detail);
      await Promise.all(waits);
      if (!go || detail.cancelled) return;
      if (message.event) hx.htmx.trigger(el, message.event, { data: message.data, id: message.id });
      else await swap(hx, el, message.data);
      this.fire("htmx:sse:after:message", { message });
      if (message.event && message.event === sseAttribute(hx, el, "close")) {
        this.dropping = true;
        this.close("message");
      }
    }
    close(reason) {
      this.closeReason = reason;
      this.connection.close();
    }
    phased(from) {
      const { phase, why } = this.connection;
      if (from === Phase.ENDED || phase !== Phase.ENDED) return;
      const closed = this.closeReason || (this.el.isConnected ? "closed" : "removed");
      this.closeReason = null;
      this.ends(why === "closed" ? closed : why);
    }
    /* Announce the stream's end: closed by the page (htmx's cleanup, hx-sse:close, a cancelled connection) at once, while
     * the element is still there and has its listeners; ended by the server or the monitor after the events before it */
    ends(reason) {
      const announce = () => {
        this.fire("htmx:sse:close", { reason });
      };
      if (ENDS_AFTER_ITS_EVENTS.includes(reason)) this.later(announce);
      else announce();
    }
  };

  // js/src/fetchsource.js
  function sseParser(emit) {
    const decoder = new TextDecoder();
    let parts = [], afterCR = false, data = [], type = "", lastEventId = "";
    const line = (text) => {
      if (!text) {
        if (data.length || type) emit(type || "message", data.join("\n"), lastEventId);
        data = [];
        type = "";
        return;
      }
      const colon = text.indexOf(":");
      if (colon === 0) return;
      const field = colon < 0 ? text : text.slice(0, colon);
      let value = colon < 0 ? "" : text.slice(colon + 1);
      if (value[0] === " ") value = value.slice(1);
      if (field === "data") data.push(value);
      else if (field === "event") type = value;
      else if (field === "id" && !value.includes("\0")) lastEventId = value;
    };
    return (bytes) => {
      const text = decoder.decode(bytes, { stream: true });
      if (!text) return;
      const ends = /\r\n?|\n/g;
      let start = ends.lastIndex = afterCR && text[0] === "\n" ? 1 : 0;
      for (let end; end = ends.exec(text); start = ends.lastIndex) {
        parts.push(text.slice(start, end.index));
        line(parts.join(""));
        parts = [];
      }
      if (start < text.length) parts.push(text.slice(start));
      afterCR = text.endsWith("\r");
    };
  }
  var FetchSource = class {
    // dispatches every event to '*' listeners too
    /* `headers`: more request headers, or a function of the URL that gives them (or a promise of them) when the request
     * is made (an Accept among them is left out: a stream asks for text/event-stream) */
    constructor(url, { withCredentials = true, headers = {} } = {}) {
      this.url = url;
      this.readyState = CONNECTING;
      this.listeners = /* @__PURE__ */ new Map();
      this.aborter = new AbortController();
      this.read(withCredentials, headers).catch(() => this.fail());
    }
    addEventListener(type, listener) {
      if (!this.listeners.has(type)) this.listeners.set(type, /* @__PURE__ */ new Set());
      this.listeners.get(type).add(listener);
    }
    dispatch(event) {
      Object.defineProperty(event, "target", { value: this });
      const types = event instanceof MessageEvent ? [event.type, "*"] : [event.type];
      for (const type of types) for (const listener of this.listeners.get(type) || []) listener(event);
    }
    close() {
      this.readyState = CLOSED;
      this.aborter.abort();
    }
    async read(withCredentials, headers) {
      const more = Object.entries(await (typeof headers === "function" ? headers(this.url) : headers) || {});
      if (this.readyState === CLOSED) return;
      const sent = Object.fromEntries(more.filter(([name]) => name.toLowerCase() !== "accept").concat([["Accept", "text/event-stream"]]));
      const response = await fetch(this.url, {
        headers: sent,
        cache: "no-store",
        credentials: withCredentials ? "include" : "same-origin",
        signal: this.aborter.signal
      });
      if (this.readyState === CLOSED) return;
      const mime = (response.headers.get("content-type") || "").split(";")[0].trim().toLowerCase();
      if (response.status !== 200 || mime !== "text/event-stream") {
        this.readyState = CLOSED;
        this.status = response.status;
        return this.dispatch(new Event("error"));
      }
      this.readyState = OPEN;
      this.dispatch(new Event("open"));
      const origin = new URL(response.url || this.url, location.href).origin;
      const feed = sseParser((type, data, lastEventId) => {
        if (this.readyState === OPEN) this.dispatch(new MessageEvent(type, { data, lastEventId, origin }));
      });
      const reader = response.body.getReader();
      while (true) {
        const { done, value } = await reader.read();
        if (done) break;
        feed(value);
      }
      this.fail();
    }
    fail() {
      if (this.readyState === CLOSED) return;
      this.readyState = CONNECTING;
      this.dispatch(new Event("error"));
    }
  };
  __publicField(FetchSource, "wildcard", true);

  // js/src/htmx4.js
  function isHtmx4(htmx) {
    return /^4\./.test(String(htmx.version || ""));
  }
  function connectionOf4(el) {
    const record = claimOf(el);
    return record && record.managed && record.managed.connection;
  }
  function claimOf(el) {
    const record = el && el._htmx && el._htmx.sse;
    return record && record.monitored ? record : null;
  }
  function* monitoredIn(root) {
    for (const cfg of monitorConfigs()) {
      const el = document.getElementById(cfg.element_id);
      if (el && (root === el || root.contains && root.contains(el))) yield [el, cfg];
    }
  }
  function claim(hx, root, problem, late = false) {
    for (const [el, cfg] of monitoredIn(root)) {
      if (claimOf(el)) continue;
      if (el._htmx && el._htmx.sse || late && el._htmx) {
        problem(cfg, "htmx processed #" + el.id + " before the runtime came, and hx-sse streams for it: load the runtime in the page head (asset_headers) or with its monitor");
        continue;
      }
      const url = sseAttribute(hx, el, "connect") || el.getAttribute("sse-connect");
      if (!url) continue;
      hx.api.htmxProp(el).sse = {
        monitored: true,
        url,
        cfg,
        managed: null,
        wired: false,
        abortController: { abort: () => release(el, "cleanup") }
      };
    }
  }
  function wire(hx, page, root) {
    for (const [el] of monitoredIn(root)) {
      const record = claimOf(el);
      if (!record || record.wired) continue;
      record.wired = true;
      hx.api.onTrigger(el, connectTrigger(hx, el), () => {
        if (el.isConnected && claimOf(el) === record && (!record.managed || record.managed.connection.phase === Phase.ENDED)) {
          record.managed = new HxSseView(el, record.url, record.cfg, page, hx);
        }
      });
    }
  }
  function release(el, reason) {
    const record = claimOf(el);
    if (record && record.managed) record.managed.close(reason);
    if (record) delete el._htmx.sse;
  }
  function extension(hx, page, problem) {
    return {
      init: (api) => {
        hx.api = api;
      },
      htmx_before_process: (root) => {
        claim(hx, root, problem);
      },
      htmx_after_process: (root) => {
        wire(hx, page, root);
      },
      htmx_before_cleanup: (el) => {
        release(el, "cleanup");
      },
      // a response says whose the browser's cookies are now (share_between_tabs), before it is swapped in
      htmx_after_request: (el, detail) => {
        const headers = detail.ctx && detail.ctx.response && detail.ctx.response.headers, said = headers && headers.get(SCOPE_HEADER);
        if (typeof said === "string") page.hear(said);
      },
      // hx-sse's cleanup, when it runs first, closes a claimed element's stream through the record and then announces
      // the close itself: the stream announces its own end (once, and not again when it had ended already)
      htmx_sse_close: (el, detail) => !(detail.connection && detail.connection.monitored)
    };
  }
  function installHtmx4(htmx, page, problem) {
    const hx = { htmx, api: null };
    page.Source = FetchSource;
    page.headers = pageHeaders;
    if (htmx.registerExtension("sse-monitor", extension(hx, page, problem)) === false) {
      for (const cfg of monitorConfigs()) problem(cfg, "htmx did not accept the sse-monitor extension: add it to htmx.config.extensions");
      return;
    }
    if (!document.body) return;
    claim(hx, document.body, problem, true);
    const nav = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    const wireAll = () => setTimeout(() => wire(hx, page, document.body));
    if (document.readyState === "loading" || nav && !nav.domContentLoadedEventStart) document.addEventListener("DOMContentLoaded", wireAll);
    else wireAll();
  }

  // js/src/index.js
  (function() {
    if (window.sseMonitor) return;
    if (!loadDefaults(document.currentScript || document.querySelector("[data-sse-monitor-defaults]"))) return;
    const page = new Page();
    function problem(cfg, message) {
      console.error("sse-monitor: " + message);
      const box = document.getElementById(cfg.status_id);
      if (!box) return;
      render(box, cfg.indicators, "error");
      box.title = message;
    }
    function reconnect(connectionId) {
      const cfg = configWhere("connection_id", connectionId);
      const el = cfg && document.getElementById(cfg.element_id);
      const connection = el && (connectionOf(el) || connectionOf4(el));
      return Boolean(connection) && !connection.live && connection.restart();
    }
    function install() {
      const htmx = window.htmx;
      if (!htmx) {
        const configs = monitorConfigs();
        const message = "htmx is not loaded: load htmx and its SSE extension before the page's monitors";
        if (!configs.length) console.error("sse-monitor: " + message);
        for (const cfg of configs) problem(cfg, message);
        return;
      }
      if (isHtmx4(htmx)) installHtmx4(htmx, page, problem);
      else installHtmx2(htmx, page, problem);
      page.listen();
      document.addEventListener("click", (event) => {
        const box = event.target.closest && event.target.closest('[role="status"][id]');
        const cfg = box && configWhere("status_id", box.id);
        if (cfg) reconnect(cfg.connection_id);
      });
    }
    window.sseMonitor = { reconnect };
    if (window.htmx) install();
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install);
    else install();
  })();
})();
