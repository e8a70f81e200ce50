/* What the user sees: a connection's state in its status container. */

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
