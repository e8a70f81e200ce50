// The reconnect schedule, alone: run with `node --test js/test/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schedule, restartPlan, referenceWindow } from '../src/schedule.js';

const CFG = { reconnect_delay: 1000, max_backoff_multiplier: 4, fast_retry_for: 3000, jitter: 0, max_reconnect_attempts: 8,
              give_up_after: 0 };
const times = (schedule) => { const at = []; for (let n; (n = schedule.next()); ) at.push(n.at); return at; };
// SSEConnectionConfig's defaults (sse_monitor/config.py), and the numbers of a config written for the reference pattern
const DEFAULTS = { max_reconnect_attempts: 100, reconnect_delay: 1100, max_backoff_multiplier: 5, jitter: 0, fast_retry_for: 30000,
                   give_up_after: 0 };
const REFERENCE = { ...DEFAULTS, reconnect_delay: 500, max_backoff_multiplier: 4, max_reconnect_attempts: 30 };
// The reference pattern's own attempts, typed out: reconnect_delay doubling, capped, max_reconnect_attempts of them
const referenceTimes = (cfg) => { const at = []; let t = 0;
  for (let i = 0; i < cfg.max_reconnect_attempts; i++) at.push(t += Math.min(cfg.reconnect_delay * 2 ** i, cfg.reconnect_delay * cfg.max_backoff_multiplier));
  return at; };

test('the documented example: a grid shifted by the slot, doubling after fast_retry_for, up to the cap, until the reference window', () => {
  const s = new Schedule(CFG, { slot: 0.5 });
  assert.equal(s.window, 27000);
  assert.equal(s.total, 11);
  assert.deepEqual(times(s), [500, 1500, 2500, 3500, 5500, 9500, 13500, 17500, 21500, 25500, 29500]);
});

test('attempts are numbered from 1 and stop once max_reconnect_attempts are made and the reference window has passed', () => {
  const s = new Schedule({ ...CFG, max_reconnect_attempts: 2 }, { slot: 0 });   // window 1000 + 2000
  assert.deepEqual([s.next(), s.next(), s.next(), s.next(), s.next()],
                   [{ attempt: 1, at: 0 }, { attempt: 2, at: 1000 }, { attempt: 3, at: 2000 }, { attempt: 4, at: 3000 }, null]);
  // the count still counts when it is the later of the two: a restart hint 60 s away, beyond the 27 s window
  assert.deepEqual(times(new Schedule(CFG, { start: 60000, width: 1000, slot: 0 })), [60000, 62000, 66000, 70000, 74000, 78000, 82000, 86000]);
});

test('max_reconnect_attempts 0 still means no attempt at all', () => {
  for (const cfg of [CFG, DEFAULTS, { ...DEFAULTS, give_up_after: 60000 }]) {
    const s = new Schedule({ ...cfg, max_reconnect_attempts: 0 }, { slot: 0.5 });
    assert.equal(s.next(), null);
    assert.equal(s.next(), null);
  }
  assert.equal(referenceWindow({ ...CFG, max_reconnect_attempts: 0 }), 0);
});

test('the reference window is the sum of the reference pattern\'s first max_reconnect_attempts delays', () => {
  assert.equal(referenceWindow(REFERENCE), 500 + 1000 + 28 * 2000);
  assert.equal(referenceWindow(DEFAULTS), 1100 + 2200 + 4400 + 97 * 5500);
  for (const cfg of [CFG, REFERENCE, DEFAULTS, { ...CFG, max_backoff_multiplier: 1 }, { ...CFG, max_backoff_multiplier: 1000 }]) {
    assert.equal(referenceWindow(cfg), referenceTimes(cfg).at(-1), JSON.stringify(cfg));
  }
  assert.equal(referenceWindow({ ...DEFAULTS, max_reconnect_attempts: 1_000_000, reconnect_delay: 2 ** 30, max_backoff_multiplier: 1 }),
               1_000_000 * 2 ** 30);
});

test('a config written for the reference pattern (500, 4, 30) and the defaults keep trying until the reference window, then give up', () => {
  for (const cfg of [REFERENCE, DEFAULTS, { ...DEFAULTS, max_reconnect_attempts: 10, reconnect_delay: 1000 }]) {
    const end = referenceTimes(cfg).at(-1);   // when the reference pattern makes its last attempt
    for (const slot of [0, 0.25, 0.5, 0.999]) {
      const at = times(new Schedule(cfg, { slot }));
      const what = JSON.stringify({ cfg, slot, last: at.slice(-2) });
      assert.ok(at.length >= cfg.max_reconnect_attempts, what);
      assert.ok(at.at(-1) >= end, what);                          // an attempt at or after the reference's last one
      assert.ok(at.length === cfg.max_reconnect_attempts || at.at(-2) < end, what);   // and none beyond what that needs
      const cap = cfg.reconnect_delay * cfg.max_backoff_multiplier;
      assert.ok(at.at(-1) < end + cap, what);                     // then it gives up: within one gap after the window
    }
  }
});

test('a 20 s outage with (500, 4, 30) is survived: an attempt finds the server back', () => {
  for (const slot of [0, 0.5, 0.999]) {
    const found = times(new Schedule(REFERENCE, { slot })).find((t) => t >= 20000);
    assert.ok(found !== undefined && found < 20000 + 2000, `slot ${slot}: ${found}`);   // within one gap of its return
  }
});

test('give_up_after still caps the time, even before the reference window', () => {
  const at = times(new Schedule({ ...REFERENCE, give_up_after: 40000 }, { slot: 0.5 }));   // window: 57500
  assert.ok(at.at(-1) <= 40000 && at.at(-1) > 40000 - 2000, JSON.stringify(at.slice(-3)));
  const capped = times(new Schedule({ ...DEFAULTS, give_up_after: 300000 }, { slot: 0.5 }));   // window: 541200
  assert.ok(capped.at(-1) <= 300000 && capped.at(-1) > 300000 - 5500, JSON.stringify(capped.slice(-3)));
});

test('total says how many attempts the schedule makes, computed without making them', () => {
  const random = (seed) => () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const r = random(42), pick = (xs) => xs[Math.floor(r() * xs.length)];
  for (let i = 0; i < 3000; i++) {
    const cfg = { reconnect_delay: pick([50, 100, 300, 500, 1000, 1100]), max_backoff_multiplier: pick([1, 2, 3, 4, 5, 64]),
                  fast_retry_for: pick([0, 700, 3000, 30000]), max_reconnect_attempts: pick([0, 1, 2, 7, 30, 100]),
                  give_up_after: pick([0, 0, 1, 5000, 40000, 300000]), jitter: 0 };
    const plan = pick([{ slot: pick([0, 0.5, r()]) }, { start: pick([0, 1000, 60000]), width: pick([1, 2500]), slot: pick([0, 0.5, r()]) }]);
    const s = new Schedule(cfg, plan);
    assert.equal(s.total, times(new Schedule(cfg, plan)).length, JSON.stringify({ cfg, plan }));
  }
  // the largest counts allowed, at once: a million attempts, a fast grid of 50 ms for the longest fast_retry_for
  const huge = { ...DEFAULTS, max_reconnect_attempts: 1_000_000, fast_retry_for: 2 ** 31 - 1, reconnect_delay: 50 };
  assert.equal(new Schedule(huge, { slot: 0.5 }).total, times(new Schedule(huge, { slot: 0.5 })).length);
});

test('give_up_after ends the schedule before an attempt that would come later', () => {
  assert.deepEqual(times(new Schedule({ ...CFG, give_up_after: 6000 }, { slot: 0.5 })), [500, 1500, 2500, 3500, 5500]);
});

test('a restart hint beyond give_up_after still gets its one attempt', () => {
  assert.deepEqual(times(new Schedule({ ...CFG, give_up_after: 5000 }, { start: 60000, width: 1000, slot: 0 })), [60000]);
});

test('jitter moves each attempt within its gap, never the grid', () => {
  const late = times(new Schedule({ ...CFG, jitter: 0.5 }, { slot: 0.5 }, () => 0.999));
  const grid = times(new Schedule(CFG, { slot: 0.5 }));
  const gaps = [1000, ...grid.slice(1).map((t, i) => t - grid[i])];
  assert.equal(late.length, grid.length);
  late.forEach((t, i) => assert.ok(grid[i] <= t && t < grid[i] + 0.5 * gaps[i], `${i}: ${t}`));
});

test('clients with evenly spread slots arrive evenly spread, whenever the server is back', () => {
  const clients = 1000, back = 2345;
  const arrivals = Array.from({ length: clients }, (_, c) => {
    const s = new Schedule({ ...CFG, max_reconnect_attempts: 100 }, { slot: (c * 0.6180339887498949) % 1 });
    for (let n; (n = s.next()); ) if (n.at >= back) return n.at;
  }).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < clients; i++) { while (j < clients && arrivals[j] < arrivals[i] + 100) j++; peak = Math.max(peak, j - i); }
  assert.ok(peak <= 101, `${peak} of ${clients} in one 100 ms window`);   // 1000 ms grid: 100 per 100 ms
  assert.ok(arrivals[clients - 1] - back < 1000);
});

test('a planned restart starts at the hint, spread over its window, then keeps to the grid', () => {
  const plan = restartPlan({ reason: 'restart', retry: 2000, spread: 3000 }, 0.5);
  assert.deepEqual(plan, { start: 2000, width: 3000, slot: 0.5 });
  assert.deepEqual(times(new Schedule({ ...CFG, fast_retry_for: 10000 }, plan)).slice(0, 3), [3500, 4500, 5500]);
});

test('hints that cannot be trusted are ignored', () => {
  for (const data of [null, {}, { retry: 1000 }, { retry: -1, spread: 10 }, { retry: 'soon', spread: 10 }, { retry: 1, spread: 2 ** 31 }]) {
    assert.equal(restartPlan(data, 0.5), null, JSON.stringify(data));
  }
});
