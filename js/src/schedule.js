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
 * The schedule gives up (next() returns null) after max_reconnect_attempts attempts, or when an attempt after the
 * first would come later than give_up_after ms after the loss (0: no time limit): a server that announced a long
 * restart still gets one try.
 *
 *   const s = new Schedule({reconnect_delay: 1000, max_backoff_multiplier: 4, fast_retry_for: 3000, jitter: 0,
 *                           max_reconnect_attempts: 8, give_up_after: 0}, {slot: 0.5});
 *   // s.next().at, again and again: 500, 1500, 2500, 3500, 5500, 9500, 13500, 17500, then null
 */
export class Schedule {
  constructor(cfg, { start = 0, width = cfg.reconnect_delay, slot = 0 } = {}, random = Math.random) {
    this.cfg = cfg;
    this.random = random;     // returns [0, 1)
    this.attempt = 0;         // attempts handed out so far
    this.grid = start + slot * width;   // the next attempt's place, in ms after the loss
    this.gap = cfg.reconnect_delay;
  }

  /* The next attempt, {attempt, at} with `at` in ms after the loss, or null: give up */
  next() {
    const cfg = this.cfg;
    if (this.attempt >= cfg.max_reconnect_attempts) return null;
    if (this.attempt > 0) {
      if (this.grid >= cfg.fast_retry_for) this.gap = Math.min(cfg.reconnect_delay * cfg.max_backoff_multiplier, this.gap * 2);
      this.grid += this.gap;
    }
    const at = this.grid + this.random() * cfg.jitter * this.gap;
    if (cfg.give_up_after > 0 && at > cfg.give_up_after && this.attempt > 0) return null;   // the first one always
    this.attempt += 1;
    return { attempt: this.attempt, at };
  }
}

/* A hint the server sent with a planned restart or reload ({retry, spread} in ms), as Schedule options; null if the
 * close event carried none that can be trusted */
export function restartPlan(data, slot) {
  const ok = (v) => Number.isFinite(v) && v >= 0 && v <= 2 ** 31 - 1;
  if (!data || !ok(data.retry) || !ok(data.spread)) return null;
  return { start: data.retry, width: data.spread, slot };
}
