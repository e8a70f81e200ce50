/* sse-monitor runtime: keeps the SSE connections of htmx pages alive, honest and quiet: htmx 2 with htmx-ext-sse
 * (htmx2.js), and htmx 4 with its hx-sse extension (htmx4.js).
 *
 * Loaded once per page (MonitorRuntime() in the page's headers, or carried by the first monitor of a page that does
 * not have it), with the defaults Python sent in its <script data-sse-monitor-defaults>. Each monitored connection has
 * a <script data-sse-monitor="ID"> with what it changes from them, written by SSEConnectionMonitorScript; the runtime
 * reads it when htmx-ext-sse opens that connection.
 *
 * State changes update the status indicator and are announced with a DOM event:
 *   document.addEventListener('sse-monitor:state', e => e.detail)
 *   // {connectionId, state, attempt, maxAttempts, delay, reason}
 *   // (maxAttempts: how many attempts this outage makes if none succeeds, null while there is none)
 * Every reconnect asks for the events after the last id received (a `last_event_id` query parameter). When the server
 * (SSEHub) no longer has them, it sends a `reset` event, and the element gets a DOM event to fetch its content afresh:
 *   element.addEventListener('sse-monitor:reset', e => e.detail)   // {connectionId, reason, lastEventId}
 * JavaScript API: window.sseMonitor.reconnect(connectionId); clicking a status indicator does the same.
 */
import { Page } from './page.js';
import { monitorConfigs, configWhere, loadDefaults } from './config.js';
import { render } from './indicator.js';
import { installHtmx2, connectionOf } from './htmx2.js';
import { installHtmx4, isHtmx4, connectionOf4 } from './htmx4.js';

(function () {
  if (window.sseMonitor) return;  // already loaded on this page
  if (!loadDefaults(document.currentScript || document.querySelector('[data-sse-monitor-defaults]'))) return;
  const page = new Page();

  /* Show a connection that cannot work, and why: in the console and on its indicator (state 'error', the reason as
   * the indicator's title) */
  function problem(cfg, message) {
    console.error('sse-monitor: ' + message);
    const box = document.getElementById(cfg.status_id);
    if (!box) return;
    render(box, cfg.indicators, 'error');
    box.title = message;
  }

  /* Start trying again now (after giving up, a server close, or during backoff). False if there is nothing to
   * reconnect: no such monitored element, or it is connected already. */
  function reconnect(connectionId) {
    const cfg = configWhere('connection_id', connectionId);
    const el = cfg && document.getElementById(cfg.element_id);
    const connection = el && (connectionOf(el) || connectionOf4(el));
    return Boolean(connection) && !connection.live && connection.restart();
  }

  function install() {
    const htmx = window.htmx;
    if (!htmx) {
      const configs = monitorConfigs();
      const message = 'htmx is not loaded: load htmx and its SSE extension before the page\'s monitors';
      if (!configs.length) console.error('sse-monitor: ' + message);
      for (const cfg of configs) problem(cfg, message);
      return;
    }
    if (isHtmx4(htmx)) installHtmx4(htmx, page, problem);
    else installHtmx2(htmx, page, problem);
    page.listen();
    document.addEventListener('click', (event) => {  // a click on a status indicator reconnects
      const box = event.target.closest && event.target.closest('[role="status"][id]');
      const cfg = box && configWhere('status_id', box.id);
      if (cfg) reconnect(cfg.connection_id);
    });
  }

  window.sseMonitor = { reconnect };
  if (window.htmx) install();
  else if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', install);
  else install();
})();
