/* When a lost connection tries again: a grid of attempts, shifted per client by a slot.
 *
 * Clients that lose one server together (a crash, a restart) must not come back together. The server hands every
 * stream a `slot` in [0, 1) in its hello event, spread evenly over its clients (see sse_monitor.server); a page
 * without one draws its own at random. Attempt 1 comes `start + slot * width` ms after the loss, then one every
 * `gap` ms: reconnect_delay while the outage is younger than fast_retry_for, then doubling up to
 * reconnect_delay * max_backoff_multiplier. Each attempt comes up to `jitter * gap` later at random, without moving
 * the grid (the next attempt keeps its place).
 *   after a crash:            start 0,                      width reconnect_delay
 *   after a planned restart:  start = the server's `retry`, width = its `spread`
 * The schedule gives up (next() returns null) once both have passed: max_reconnect_attempts attempts, and the retry
 * window the reference pattern gives those numbers (referenceWindow below). Its last attempt is therefore the one that
 * makes the count or, if that comes earlier, the first one at or after the window's end: the fast grid adds attempts
 * to the reference's, it never shortens the time a page keeps trying. It also gives up when an attempt after the first
 * would come later than give_up_after ms after the loss (0: no time limit): a server that announced a long restart
 * still gets one try. max_reconnect_attempts 0 means no attempt at all.
 *
 *   const s = new Schedule({reconnect_delay: 1000, max_backoff_multiplier: 4, fast_retry_for: 3000, jitter: 0,
 *                           max_reconnect_attempts: 8, give_up_after: 0}, {slot: 0.5});
 *   // the reference window: 1000 + 2000 + 4000 + 4000 + 4000 + 4000 + 4000 + 4000 = 27000 ms
 *   // s.next().at, again and again: 500, 1500, 2500, 3500, 5500, 9500, 13500, 17500 (the 8 attempts), 21500, 25500,
 *   // 29500 (the first at or after 27000), then null; s.total is 11
 */
export class Schedule {
  constructor(cfg, { start = 0, width = cfg.reconnect_delay, slot = 0 } = {}, random = Math.random) {
    this.cfg = cfg;
    this.random = random;     // returns [0, 1)
    this.attempt = 0;         // attempts handed out so far
    this.first = this.grid = start + slot * width;   // the next attempt's place, in ms after the loss
    this.gap = cfg.reconnect_delay;
    this.window = referenceWindow(cfg);   // ms after the loss before which it does not give up
    this.total = this.forecast();         // the attempts it makes if none succeeds
  }

  /* The next attempt, {attempt, at} with `at` in ms after the loss, or null: give up */
  next() {
    const cfg = this.cfg;
    // (this.grid is the last attempt's place until it moves on)
    if (this.attempt >= cfg.max_reconnect_attempts && !(this.attempt > 0 && this.grid < this.window)) return null;
    if (this.attempt > 0) {
      if (this.grid >= cfg.fast_retry_for) this.gap = Math.min(cfg.reconnect_delay * cfg.max_backoff_multiplier, this.gap * 2);
      this.grid += this.gap;
    }
    const at = this.grid + this.random() * cfg.jitter * this.gap;
    if (cfg.give_up_after > 0 && at > cfg.give_up_after && this.attempt > 0) return null;   // the first one always
    this.attempt += 1;
    return { attempt: this.attempt, at };
  }

  /* How many attempts next() hands out in all, if none succeeds (jitter aside: it can push the last one past
   * give_up_after, and then there is one fewer) */
  forecast() {
    const cfg = this.cfg;
    if (cfg.max_reconnect_attempts === 0) return 0;
    const made = Math.max(cfg.max_reconnect_attempts, this.places(this.window, false) + 1);
    return cfg.give_up_after > 0 ? Math.min(made, Math.max(1, this.places(cfg.give_up_after, true))) : made;
  }

  /* How many of the grid's places come before `end` ms after the loss (or at it too, with `atEnd`), counted in runs of
   * equal gaps rather than one by one: max_reconnect_attempts may be a million */
  places(end, atEnd) {
    const cfg = this.cfg, cap = cfg.reconnect_delay * cfg.max_backoff_multiplier;
    const before = (place) => place < end || (atEnd && place === end);
    const run = (place, gap) => !before(place) ? 0 : atEnd ? Math.floor((end - place) / gap) + 1 : Math.ceil((end - place) / gap);
    let place = this.first, gap = cfg.reconnect_delay, count = 0;
    if (place < cfg.fast_retry_for) {   // every reconnect_delay while the outage is younger than fast_retry_for
      const fast = Math.ceil((cfg.fast_retry_for - place) / gap);
      count = Math.min(fast, run(place, gap));
      if (count < fast) return count;
      place += fast * gap;
    }
    for (; gap < cap; count++) {   // then doubling, up to the cap
      if (!before(place)) return count;
      gap = Math.min(cap, gap * 2);
      place += gap;
    }
    return count + run(place, cap);
  }
}

/* How long the reference pattern (reconnect_delay, doubling, capped at reconnect_delay * max_backoff_multiplier, then
 * stop after max_reconnect_attempts) keeps trying after a loss, in ms: the sum of its first max_reconnect_attempts
 * delays. For reconnect_delay 500, max_backoff_multiplier 4, max_reconnect_attempts 30: 500 + 1000 + 28 * 2000 = 57500 */
export function referenceWindow(cfg) {
  const n = cfg.max_reconnect_attempts, cap = cfg.reconnect_delay * cfg.max_backoff_multiplier;
  let sum = 0;
  for (let i = 0, delay = cfg.reconnect_delay; i < n; i++, delay *= 2) {
    if (delay >= cap) return sum + cap * (n - i);
    sum += delay;
  }
  return sum;
}

/* A hint the server sent with a planned restart or reload ({retry, spread} in ms), as Schedule options; null if the
 * close event carried none that can be trusted */
export function restartPlan(data, slot) {
  const ok = (v) => Number.isFinite(v) && v >= 0 && v <= 2 ** 31 - 1;
  if (!data || !ok(data.retry) || !ok(data.spread)) return null;
  return { start: data.retry, width: data.spread, slot };
}
