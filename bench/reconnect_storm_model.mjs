// Reconnect storm, MODEL: no sockets, no browser, no server. 1,000 simulated clients lose the server at the same
// instant (a crash), or are told by its close event that it restarts; it is back 2 s later. Each client follows a
// reconnect schedule (failed attempts while the server is down cost nothing); we compute when each one first reaches
// the returned server, and report the largest share of clients arriving within any 100 ms window, over 20 trials.
// Ours runs the runtime's own Schedule (js/src/schedule.js) with the default configuration and the slots a server
// hands out (the n-th stream: n times the golden ratio, mod 1, from a random start), or, for streams without a hello,
// slots drawn at random. The other schedules are typed by hand: the browser's own EventSource retry (a fixed 3 s),
// which is what really reconnects a page with the reference pattern (cjm-fasthtml-interactions' SSEConnectionMonitor),
// and the 1, 2, 3, 4, 5, 5... s that pattern means to follow, although its reconnect trigger does nothing in
// htmx-ext-sse 2. bench/reconnect_storm_browser.py measures the real thing.
// Run: node bench/reconnect_storm_model.mjs
import { Schedule } from '../js/src/schedule.js';

const CLIENTS = 1000, BACK_MS = 2000, WINDOW_MS = 100, TRIALS = 20, GOLDEN = (Math.sqrt(5) - 1) / 2;
// SSEConnectionConfig() and Lifecycle() defaults (Python is where they are defined; bench/recovery.py runs them for real)
const CFG = { max_reconnect_attempts: 100, reconnect_delay: 1100, max_backoff_multiplier: 5, jitter: 0, fast_retry_for: 30000,
              give_up_after: 0 };
const RESTART = { retry: 1000, spread: 2500 };

function mulberry32(seed) {  // small seeded PRNG, so that runs are repeatable
  return () => {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function arrival(attempts) {  // when a client reaches the server again, or null if it gave up first
  for (const at of attempts) if (at >= BACK_MS) return at;
  return null;
}

function* scheduleTimes(plan, random) { const s = new Schedule(CFG, plan, random); for (let n; (n = s.next()); ) yield n.at; }
function* fixed(gap) { for (let k = 1; k <= CFG.max_reconnect_attempts; k++) yield k * gap; }
function* intended() { let t = 0; for (let k = 1; k <= CFG.max_reconnect_attempts; k++) yield (t += 1000 * Math.min(k, 5)); }

function storm(attemptsOf) {  // attemptsOf(client, random) -> attempt times in ms after the loss
  const times = [];
  for (let c = 0; c < CLIENTS; c++) {
    const t = arrival(attemptsOf(c));
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
  'ours, crash (server slots)': (trial) => { const start = mulberry32(trial)() * 1e6;
    return (c) => scheduleTimes({ slot: ((start + c) * GOLDEN) % 1 }, Math.random); },
  'ours, crash (random slots)': (trial) => (c) => { const r = mulberry32(trial * CLIENTS + c + 1); return scheduleTimes({ slot: r() }, r); },
  'ours, restart (server slots)': (trial) => { const start = mulberry32(trial)() * 1e6;
    return (c) => scheduleTimes({ start: RESTART.retry, width: RESTART.spread, slot: ((start + c) * GOLDEN) % 1 }, Math.random); },
  'browser retry, fixed 3 s': () => () => fixed(3000),
  'reference 1,2,3,4,5,5... s': () => () => intended(),
};

console.log('MODEL of the schedules (no sockets, no browser; see reconnect_storm_browser.py for measured clients)');
console.log(`${CLIENTS} clients, server back ${BACK_MS} ms after they lost it, ${TRIALS} trials: largest share arriving in any ${WINDOW_MS} ms window`);
console.log('schedule'.padEnd(30), 'peak share (worst trial)'.padStart(25), 'reached'.padStart(8), 'first..last arrival (ms)'.padStart(26));
const results = {};
for (const [name, make] of Object.entries(schedules)) {
  const trials = Array.from({ length: TRIALS }, (_, trial) => storm(make(trial + 1)));
  const worst = trials.reduce((a, b) => (b.peak > a.peak ? b : a));
  results[name] = worst.peak;
  console.log(name.padEnd(30), `${(100 * worst.peak).toFixed(1)} %`.padStart(25), `${(100 * worst.reached).toFixed(0)} %`.padStart(8),
              `${Math.round(worst.first)}..${Math.round(worst.last)}`.padStart(26));
}
console.log(`\ntarget: ours at most 10 % in any window, for crashes and restarts; browser retry / ours (crash): ` +
            `${(results['browser retry, fixed 3 s'] / results['ours, crash (server slots)']).toFixed(1)}x`);
