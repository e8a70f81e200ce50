// The reconnect schedule, alone: run with `node --test js/test/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Schedule, restartPlan } from '../src/schedule.js';

const CFG = { reconnect_delay: 1000, max_backoff_multiplier: 4, fast_retry_for: 3000, jitter: 0, max_reconnect_attempts: 8,
              give_up_after: 0 };
const times = (schedule) => { const at = []; for (let n; (n = schedule.next()); ) at.push(n.at); return at; };

test('the documented example: a grid shifted by the slot, doubling after fast_retry_for, up to the cap', () => {
  assert.deepEqual(times(new Schedule(CFG, { slot: 0.5 })), [500, 1500, 2500, 3500, 5500, 9500, 13500, 17500]);
});

test('attempts are numbered from 1 and stop at max_reconnect_attempts', () => {
  const s = new Schedule({ ...CFG, max_reconnect_attempts: 2 }, { slot: 0 });
  assert.deepEqual([s.next(), s.next(), s.next()], [{ attempt: 1, at: 0 }, { attempt: 2, at: 1000 }, null]);
  assert.equal(new Schedule({ ...CFG, max_reconnect_attempts: 0 }, { slot: 0 }).next(), null);
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
