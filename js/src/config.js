/* Each monitored connection's configuration: the defaults Python sent with the runtime, plus what the connection's
 * <script data-sse-monitor="ID" data-sse-config='{...}' data-sse-scope="..."> changes; read once per element and
 * checked. Its `scope` is whose the element is (the share scope of the request its monitor was rendered in), or null. */
import { SCOPE, useProtocol } from './protocol.js';

const NUMBERS = ['max_reconnect_attempts', 'reconnect_delay', 'max_backoff_multiplier', 'jitter', 'hidden_grace',
                 'heartbeat_timeout', 'fast_retry_for', 'give_up_after'];
const FLAGS = ['monitor_visibility', 'log_to_console', 'monitor_network', 'reload_page', 'share'];
const ID = /^[A-Za-z0-9_-]+$/;
const parsed = new WeakMap();   // monitor <script> element -> its configuration, or null
let defaults = null;            // {config, look, ids, protocol} from the runtime's own <script data-sse-monitor-defaults>

/* Take the defaults from the element the runtime came in, and the protocol's values from them (useProtocol); false
 * (logged) when they are missing or broken */
export function loadDefaults(script) {
  try {
    const found = JSON.parse(script.dataset.sseMonitorDefaults);
    if (found && found.config && found.look && found.ids && useProtocol(found.protocol)) { defaults = found; return true; }
  } catch (e) { /* reported below */ }
  console.error('sse-monitor: the runtime came without its defaults (data-sse-monitor-defaults: config, look, ids and protocol): ' +
                'load it with MonitorRuntime() or with a monitor, not by hand');
  return false;
}

/* A share scope as the server wrote it (with share_between_tabs), or null: no scope, or not one */
export function shareScope(value) { return typeof value === 'string' && SCOPE.test(value) ? value : null; }

/* The part of a share scope that names the user (the other names the cookies), or null */
export function userOf(scope) { return scope ? scope.slice(0, scope.indexOf('.')) : null; }

/* A configuration the runtime can follow, or null (logged) for one it cannot: a broken or hand-made
 * <script data-sse-monitor> must not stop other streams from opening, nor start a 0 ms reconnect loop. */
function checked(el) {
  try {
    const id = el.dataset.sseMonitor;
    const changes = el.dataset.sseConfig ? JSON.parse(el.dataset.sseConfig) : {};
    const cfg = Object.assign({ indicators: { patch: defaults.look } }, defaults.config, changes, {
      connection_id: id, status_id: defaults.ids.status.replace('{id}', id), element_id: defaults.ids.element.replace('{id}', id),
      scope: shareScope(el.dataset.sseScope) });
    if (ID.test(id) && NUMBERS.every((k) => Number.isFinite(cfg[k]) && cfg[k] >= 0) && cfg.reconnect_delay >= 50
        && FLAGS.every((k) => typeof cfg[k] === 'boolean')
        && cfg.max_backoff_multiplier >= 1 && cfg.jitter <= 1   // as SSEConnectionConfig checks them: no reconnect loop
        && cfg.indicators && (cfg.indicators.html || cfg.indicators.patch)) return cfg;
  } catch (e) { /* reported below */ }
  console.error('sse-monitor: ignoring an invalid monitor configuration', el);
  return null;
}

/* Every valid configuration on the page */
export function monitorConfigs() {
  if (!defaults) return [];
  return Array.from(document.querySelectorAll('script[data-sse-monitor]'), (el) => {
    if (!parsed.has(el)) parsed.set(el, checked(el));
    return parsed.get(el);
  }).filter(Boolean);
}

export function configWhere(key, value) { return monitorConfigs().find((c) => c[key] === value); }
