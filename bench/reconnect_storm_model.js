// Reconnect storm, MODEL: no sockets, no browser, no server. 1,000 simulated clients lose the server at the same
// instant; it is back 2 s later. Each client follows a reconnect schedule (failed attempts while the server is down
// cost nothing); we compute when each one first reaches the returned server, and report the largest share of clients
// arriving within any 100 ms window. Ours runs the runtime's own backoffDelay (sse_monitor/static/sse-monitor.js)
// with the default configuration. The other schedules are typed by hand: ours without jitter; the schedule the
// reference pattern (cjm-fasthtml-interactions' SSEConnectionMonitor) means to follow, 1, 2, 3, 4, 5, 5... s, although
// its reconnect trigger does nothing in htmx-ext-sse 2; and the browser's own EventSource retry (a fixed 3 s), which
// is what really reconnects a page with the reference pattern. bench/reconnect_storm_browser.py measures the real
// thing: real Chromium clients against a real uvicorn that is killed and restarted.
// Run: node bench/reconnect_storm_model.js
const path = require('path');
const { backoffDelay } = require(path.join(__dirname, '..', 'sse_monitor', 'static', 'sse-monitor.js'));

const CLIENTS = 1000, DOWN_MS = 2000, WINDOW_MS = 100, TRIALS = 20;
const DEFAULTS = { reconnect_delay: 1000, max_backoff_multiplier: 5, max_reconnect_attempts: 10, jitter: 1.0 };

function mulberry32(seed) {  // small seeded PRNG, so that runs are repeatable
  return () => {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function arrival(delay, maxAttempts) {  // when a client reaches the server again, or null if it gave up first
  let t = 0;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    t += delay(attempt);
    if (t >= DOWN_MS) return t;
  }
  return null;
}

function storm(delayFor) {  // delayFor(client) -> (attempt -> ms)
  const times = [];
  for (let c = 0; c < CLIENTS; c++) {
    const t = arrival(delayFor(c), DEFAULTS.max_reconnect_attempts);
    if (t !== null) times.push(t);
  }
  times.sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i++) {  // sliding window [times[i], times[i] + WINDOW_MS)
    while (j < times.length && times[j] < times[i] + WINDOW_MS) j++;
    peak = Math.max(peak, j - i);
  }
  return { peak: peak / CLIENTS, reached: times.length / CLIENTS, first: times[0], last: times[times.length - 1] };
}

const schedules = {
  'ours (default, jittered)': (trial) => (c) => { const random = mulberry32(trial * CLIENTS + c + 1); return (k) => backoffDelay(k, DEFAULTS, random); },
  'ours without jitter': () => () => (k) => backoffDelay(k, { ...DEFAULTS, jitter: 0 }, Math.random),
  'reference 1,2,3,4,5,5... s': () => () => (k) => 1000 * Math.min(k, 5),
  'browser retry, fixed 3 s': () => () => () => 3000,
};

console.log('MODEL of the schedules (no sockets, no browser; see reconnect_storm_browser.py for measured clients)');
console.log(`${CLIENTS} clients, server back after ${DOWN_MS} ms, ${TRIALS} trials: largest share arriving in any ${WINDOW_MS} ms window`);
console.log('schedule'.padEnd(28), 'peak share (worst trial)'.padStart(25), 'reached'.padStart(8), 'first..last arrival (ms)'.padStart(26));
const results = {};
for (const [name, make] of Object.entries(schedules)) {
  const trials = Array.from({ length: TRIALS }, (_, trial) => storm(make(trial)));
  const worst = trials.reduce((a, b) => (b.peak > a.peak ? b : a));
  results[name] = worst.peak;
  console.log(name.padEnd(28), `${(100 * worst.peak).toFixed(1)} %`.padStart(25), `${(100 * worst.reached).toFixed(0)} %`.padStart(8),
              `${Math.round(worst.first)}..${Math.round(worst.last)}`.padStart(26));
}
const ours = results['ours (default, jittered)'], fixed = results['reference 1,2,3,4,5,5... s'];
console.log(`\nours / fixed peak: ${(ours / fixed).toFixed(3)}  (target: ours at most 10 % in any window)`);
