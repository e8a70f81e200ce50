/* What the user sees: a connection's state in its status container. */
import { STATE_EVENT } from './protocol.js';

/* Show `state` in a status container: swap in that state's indicator HTML, or patch the indicator in place (the
 * compact form SSEConnectionMonitor uses: its indicators differ only in dot classes and label). */
export function render(box, indicators, state) {
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

/* A connection's line in the console, when its monitor logs */
export function log(cfg, message) {
  if (cfg.log_to_console) console.info('[sse-monitor ' + cfg.connection_id + '] ' + message);
}

/* The View (connection.js) of a connection's status container, if the page has one: its indicator, a line in the
 * console, and the state event (on the container, or on the document) */
export class StatusView {
  constructor(cfg) {
    this.cfg = cfg;
    this.box = cfg.status_id ? document.getElementById(cfg.status_id) : null;   // (found again once it left the page)
  }

  shown(detail, changed) {
    const cfg = this.cfg, state = detail.state;
    if (!this.stillShown()) this.box = document.getElementById(cfg.status_id);
    const box = this.box;
    if (box && changed) render(box, cfg.indicators, state);
    log(cfg, state + (detail.reason ? ' (' + detail.reason + ')' : '') +
             (detail.delay !== null ? ', attempt ' + detail.attempt + (detail.maxAttempts !== null ? ' of ' + detail.maxAttempts : '') +
                                      ' in ' + detail.delay + ' ms' : ''));
    (box || document).dispatchEvent(new CustomEvent(STATE_EVENT, { bubbles: true, detail }));
  }

  stillShown() { return Boolean(this.box && this.box.isConnected); }
}
