/* The per-connection configurations SSEConnectionMonitorScript writes into the page, read once and checked. */

const NUMBERS = ['max_reconnect_attempts', 'reconnect_delay', 'max_backoff_multiplier', 'jitter', 'hidden_grace',
                 'heartbeat_timeout', 'fast_retry_for', 'give_up_after'];
const parsed = new WeakMap();   // config <script> element -> its configuration, or null

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

/* Every valid configuration on the page */
export function monitorConfigs() {
  return Array.from(document.querySelectorAll('script[data-sse-monitor]'), (el) => {
    if (!parsed.has(el)) parsed.set(el, checked(el));
    return parsed.get(el);
  }).filter(Boolean);
}

export function configWhere(key, value) { return monitorConfigs().find((c) => c[key] === value); }
