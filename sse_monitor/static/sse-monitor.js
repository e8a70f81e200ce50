/* sse-monitor runtime: built from js/src by js/build.mjs (esbuild); edit the sources, not this file. */
(() => {
  // js/src/page.js
  var Page = class {
    constructor(random = Math.random) {
      this.sources = /* @__PURE__ */ new Set();
      this.slot = random();
    }
    adopt(source) {
      for (const other of this.sources) if (other !== source && other.owner === source.owner) other.close();
      this.sources.add(source);
    }
    release(source) {
      this.sources.delete(source);
    }
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
        for (const source of this.live()) if (source.cfg.monitor_visibility) hidden ? source.hidden() : source.visible();
      };
      const onOffline = () => {
        for (const source of this.live()) if (source.cfg.monitor_network && !source.ended && !source.paused) source.pause("offline");
      };
      const onOnline = () => {
        for (const source of this.live()) if (source.paused === "offline") source.restart();
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

  // js/src/schedule.js
  var Schedule = class {
    constructor(cfg, { start = 0, width = cfg.reconnect_delay, slot = 0 } = {}, random = Math.random) {
      this.cfg = cfg;
      this.random = random;
      this.attempt = 0;
      this.grid = start + slot * width;
      this.gap = cfg.reconnect_delay;
    }
    /* The next attempt, {attempt, at} with `at` in ms after the loss, or null: give up */
    next() {
      const cfg = this.cfg;
      if (this.attempt >= cfg.max_reconnect_attempts) return null;
      if (this.attempt > 0) {
        if (this.grid >= cfg.fast_retry_for) this.gap = Math.min(cfg.reconnect_delay * cfg.max_backoff_multiplier, this.gap * 2);
        this.grid += this.gap;
      }
      const at = this.grid + this.random() * cfg.jitter * this.gap;
      if (cfg.give_up_after > 0 && at > cfg.give_up_after && this.attempt > 0) return null;
      this.attempt += 1;
      return { attempt: this.attempt, at };
    }
  };
  function restartPlan(data, slot) {
    const ok = (v) => Number.isFinite(v) && v >= 0 && v <= 2 ** 31 - 1;
    if (!data || !ok(data.retry) || !ok(data.spread)) return null;
    return { start: data.retry, width: data.spread, slot };
  }

  // js/src/indicator.js
  var STATE_EVENT = "sse-monitor:state";
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

  // js/src/source.js
  var CONNECTING = 0;
  var OPEN = 1;
  var CLOSED = 2;
  var MAX_TIMER = 2 ** 31 - 1;
  var HELLO_EVENT = "sse-monitor";
  var RESET_EVENT = "reset";
  var RESET_DOM_EVENT = "sse-monitor:reset";
  var COMING_BACK = ["reload", "restart", "slow"];
  function withLastId(url, lastEventId) {
    if (!lastEventId) return url;
    const hash = url.indexOf("#"), base = hash < 0 ? url : url.slice(0, hash);
    return base + (base.includes("?") ? "&" : "?") + "last_event_id=" + encodeURIComponent(lastEventId) + (hash < 0 ? "" : url.slice(hash));
  }
  function reasonData(data, fallback) {
    try {
      const parsed2 = JSON.parse(data);
      return parsed2 && typeof parsed2 === "object" ? Object.assign({ reason: fallback }, parsed2) : { reason: fallback };
    } catch (e) {
      return { reason: fallback };
    }
  }
  var ManagedSource = class extends EventTarget {
    constructor(url, owner, cfg, page) {
      super();
      this.url = url;
      this.withCredentials = true;
      this.readyState = CONNECTING;
      this.onopen = this.onerror = this.onmessage = null;
      this.owner = owner;
      this.cfg = cfg;
      this.page = page;
      this.attempt = 0;
      this.schedule = null;
      this.lostAt = 0;
      this.real = null;
      this.lastEventId = "";
      this.timers = {};
      this.paused = null;
      this.reloading = false;
      this.ended = null;
      this.state = null;
      this.box = document.getElementById(cfg.status_id);
      this.forwarded = /* @__PURE__ */ new Set(["message"]);
      this.types = /* @__PURE__ */ new Set(["message", HELLO_EVENT, RESET_EVENT, cfg.close_event, cfg.heartbeat_event]);
      this.onEvent = this.onEvent.bind(this);
      page.adopt(this);
      this.setState("reconnecting");
      this.connect();
      if (cfg.monitor_visibility && document.visibilityState === "hidden") this.hidden();
    }
    /* EventSource API, as htmx-ext-sse uses it */
    addEventListener(type, listener, options) {
      super.addEventListener(type, listener, options);
      if (type === "open" || type === "error") return;
      this.forwarded.add(type);
      if (!this.types.has(type)) {
        this.types.add(type);
        if (this.real) this.real.addEventListener(type, this.onEvent);
      }
    }
    close() {
      this.page.release(this);
      if (!this.ended) this.halt("closed");
    }
    /* Connection life cycle */
    connect() {
      this.clear("retry");
      if (!this.owner.isConnected) return this.close();
      if (this.cfg.monitor_network && navigator.onLine === false) return this.pause("offline");
      const real = this.real = new EventSource(withLastId(this.url, this.lastEventId), { withCredentials: this.withCredentials });
      for (const type of this.types) real.addEventListener(type, this.onEvent);
      real.addEventListener("open", () => this.opened(real));
      real.addEventListener("error", (event) => this.failed(real, event));
    }
    opened(real) {
      if (real !== this.real) return;
      if (this.reloading && this.cfg.reload_page) return location.reload();
      this.reloading = false;
      this.readyState = OPEN;
      this.attempt = 0;
      this.schedule = null;
      this.setState("active");
      this.alive();
      const event = new Event("open");
      if (this.onopen) this.onopen(event);
      this.dispatchEvent(event);
    }
    failed(real, event) {
      if (real !== this.real) return;
      const refused = real.readyState === CLOSED;
      this.drop();
      this.readyState = CONNECTING;
      if (this.onerror) this.onerror(event);
      this.dispatchEvent(new Event("error"));
      if (!this.ended && !this.paused) this.retry(refused ? "error" : "reconnecting", refused ? "refused" : "lost");
    }
    onEvent(event) {
      if (event.target !== this.real) return;
      if (!this.owner.isConnected) return this.close();
      if (event.lastEventId) this.lastEventId = event.lastEventId;
      if (event.type === this.cfg.close_event) {
        const data = reasonData(event.data, "server");
        if (COMING_BACK.includes(data.reason)) return this.comeBack(data);
        this.halt("server", data.reason);
      } else {
        if (event.type === HELLO_EVENT) this.page.hello(event.data);
        if (event.type === RESET_EVENT) this.reset(event.data);
        this.alive();
      }
      if (this.forwarded.has(event.type)) {
        const copy = new MessageEvent(event.type, { data: event.data, lastEventId: event.lastEventId, origin: event.origin });
        if (event.type === "message" && this.onmessage) this.onmessage(copy);
        this.dispatchEvent(copy);
      }
    }
    reset(data) {
      const reason = reasonData(data, "unknown").reason;
      this.log("reset (" + reason + "): the events since the last id are gone");
      this.owner.dispatchEvent(new CustomEvent(RESET_DOM_EVENT, {
        bubbles: true,
        detail: { connectionId: this.cfg.connection_id, reason, lastEventId: this.lastEventId }
      }));
    }
    comeBack(data) {
      this.drop();
      this.readyState = CONNECTING;
      this.reloading = data.reason === "reload";
      this.schedule = null;
      this.retry("reconnecting", data.reason, restartPlan(data, this.page.slot));
    }
    /* Schedule the next attempt of this outage (a new outage when none is going on), or give up */
    retry(state, reason, plan) {
      if (!this.schedule) {
        this.schedule = new Schedule(this.cfg, plan || { slot: this.page.slot });
        this.lostAt = performance.now();
      }
      const next = this.schedule.next();
      if (!next) return this.halt("attempts");
      this.attempt = next.attempt;
      const delay = Math.min(MAX_TIMER, Math.max(0, Math.round(this.lostAt + next.at - performance.now())));
      this.setState(state, { delay, reason });
      this.timers.retry = setTimeout(() => this.connect(), delay);
    }
    alive() {
      if (!(this.cfg.heartbeat_timeout > 0)) return;
      this.clear("watchdog");
      this.timers.watchdog = setTimeout(() => {
        this.log("no event for " + this.cfg.heartbeat_timeout + " ms: the stream is dead");
        this.drop();
        this.readyState = CONNECTING;
        this.retry("reconnecting", "silent");
      }, this.cfg.heartbeat_timeout);
    }
    /* Stop for good (until restart): gave up, told to by the server, or closed */
    halt(why, reason) {
      this.stopAll();
      this.readyState = CLOSED;
      this.ended = why;
      this.paused = null;
      const show = () => this.setState("disconnected", { reason: reason || why });
      if (why === "closed") queueMicrotask(() => {
        if (this.box && this.box.isConnected) show();
      });
      else show();
    }
    /* Stop until the tab is visible or the network is back */
    pause(why) {
      this.stopAll();
      this.readyState = CONNECTING;
      this.paused = why;
      this.setState("disconnected", { reason: why });
    }
    /* Try again now, from a clean slate (a click, the tab shown, the network back) */
    restart() {
      if (!this.owner.isConnected) return false;
      this.stopAll();
      this.page.adopt(this);
      this.ended = this.paused = this.schedule = null;
      this.attempt = 0;
      this.readyState = CONNECTING;
      this.setState("reconnecting", { reason: "resume" });
      this.connect();
      if (this.cfg.monitor_visibility && document.visibilityState === "hidden") this.hidden();
      return true;
    }
    hidden() {
      this.clear("grace");
      this.timers.grace = setTimeout(() => {
        if (!this.ended) this.pause("hidden");
      }, this.cfg.hidden_grace);
    }
    visible() {
      this.clear("grace");
      if (this.paused === "hidden" || this.ended === "attempts") this.restart();
    }
    drop() {
      this.clear("watchdog");
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
      const detail = Object.assign({
        connectionId: cfg.connection_id,
        state,
        attempt: this.attempt,
        maxAttempts: cfg.max_reconnect_attempts,
        delay: null,
        reason: null
      }, extra);
      const changed = state !== this.state;
      this.state = state;
      if (!(this.box && this.box.isConnected)) this.box = document.getElementById(cfg.status_id);
      const box = this.box;
      if (box && changed) render(box, cfg.indicators, state);
      this.log(state + (detail.reason ? " (" + detail.reason + ")" : "") + (detail.delay !== null ? ", attempt " + detail.attempt + " in " + detail.delay + " ms" : ""));
      (box || document).dispatchEvent(new CustomEvent(STATE_EVENT, { bubbles: true, detail }));
    }
    log(message) {
      if (this.cfg.log_to_console) console.info("[sse-monitor " + this.cfg.connection_id + "] " + message);
    }
  };

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
  var ID = /^[A-Za-z0-9_-]+$/;
  var parsed = /* @__PURE__ */ new WeakMap();
  var defaults = null;
  function loadDefaults(script) {
    try {
      const found = JSON.parse(script.dataset.sseMonitorDefaults);
      if (found && found.config && found.look && found.ids) {
        defaults = found;
        return true;
      }
    } catch (e) {
    }
    console.error("sse-monitor: the runtime came without its defaults (data-sse-monitor-defaults): load it with MonitorRuntime() or with a monitor, not by hand");
    return false;
  }
  function checked(el) {
    try {
      const id = el.dataset.sseMonitor;
      const changes = el.dataset.sseConfig ? JSON.parse(el.dataset.sseConfig) : {};
      const cfg = Object.assign({ indicators: { patch: defaults.look } }, defaults.config, changes, {
        connection_id: id,
        status_id: defaults.ids.status.replace("{id}", id),
        element_id: defaults.ids.element.replace("{id}", id)
      });
      if (ID.test(id) && NUMBERS.every((k) => Number.isFinite(cfg[k]) && cfg[k] >= 0) && cfg.reconnect_delay >= 50 && cfg.max_backoff_multiplier >= 1 && cfg.jitter <= 1 && cfg.indicators && (cfg.indicators.html || cfg.indicators.patch)) return cfg;
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

  // js/src/htmx2.js
  function sseUrl(el) {
    return el.getAttribute("sse-connect") || el.getAttribute("data-sse-connect");
  }
  function sourceOf(el) {
    return el && el["htmx-internal-data"] && el["htmx-internal-data"].sseEventSource;
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
    document.addEventListener("htmx:afterProcessNode", onProcessed, true);
    return () => {
      if (htmx.createEventSource === own) htmx.createEventSource = plain;
      document.removeEventListener("htmx:afterProcessNode", onProcessed, true);
    };
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
      const source = cfg && sourceOf(document.getElementById(cfg.element_id));
      return source instanceof ManagedSource && source.state !== "active" && source.restart();
    }
    function install() {
      const htmx = window.htmx;
      if (!htmx) {
        const configs = monitorConfigs();
        const message = "htmx is not loaded: load htmx and htmx-ext-sse before the page's monitors";
        if (!configs.length) console.error("sse-monitor: " + message);
        for (const cfg of configs) problem(cfg, message);
        return;
      }
      installHtmx2(htmx, page, problem);
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
