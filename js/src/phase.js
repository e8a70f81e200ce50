/* Where a monitored connection is: one phase, changed in one place (Stream.enter), from which follow what the
 * user sees (the indicator's four states) and what htmx-ext-sse sees (the EventSource readyState).
 *   CONNECTING  before the stream first opens, and from a restart until it opens (Reconnecting...)
 *   OPEN        the stream is open (Live)
 *   WAITING     the stream was lost (or the server is restarting): the next attempt is planned (Reconnecting...)
 *   REFUSED     the server answered, not with a stream: the next attempt is planned (Error)
 *   PAUSED      the tab is hidden or offline: nothing is tried until it is back (Disconnected)
 *   ENDED       gave up, told to stop by the server, or closed: nothing is tried until a restart (Disconnected) */
import { CLOSED, CONNECTING, OPEN } from './protocol.js';

export const Phase = Object.freeze({ CONNECTING: 'connecting', OPEN: 'open', WAITING: 'waiting', REFUSED: 'refused',
                                     PAUSED: 'paused', ENDED: 'ended' });

const SHOWN = { connecting: 'reconnecting', open: 'active', waiting: 'reconnecting', refused: 'error',
                paused: 'disconnected', ended: 'disconnected' };

/* The indicator's state in a phase: 'active', 'reconnecting', 'error' or 'disconnected' */
export function indicatorState(phase) { return SHOWN[phase]; }

/* The readyState an EventSource would say in a phase: never CLOSED while it retries (htmx-ext-sse would retry too) */
export function readyStateOf(phase) { return phase === Phase.OPEN ? OPEN : phase === Phase.ENDED ? CLOSED : CONNECTING; }

/* Whether nothing is tried in this phase until something restarts it (the tab shown, the network back, a click) */
export function stopped(phase) { return phase === Phase.PAUSED || phase === Phase.ENDED; }
