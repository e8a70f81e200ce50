/* What the runtime and the servers agree on, and the runtime's own limits: event names, the kinds of message between
 * tabs, and the numbers the parts share.
 *
 * The values the servers write too are Python's, defined once in sse_monitor.runtime and sent with the runtime as the
 * `protocol` of its data-sse-monitor-defaults (runtime_defaults()): loadDefaults (config.js) hands them to useProtocol
 * below, before anything reads them; until then they are undefined.
 *   here          protocol key    Python: sse_monitor.runtime's name (and the modules that export it too)
 *   HELLO_EVENT   hello_event     HELLO_EVENT    (sse_monitor.wire, sse_monitor.server)
 *   RESET_EVENT   reset_event     RESET_EVENT    (written by sse_monitor.wire's reset_event)
 *   COMING_BACK   coming_back     COMING_BACK    ('restart' and 'reload', as Lifecycle.hint; 'slow', a hub's SLOW_HINT)
 *   SCOPE_HEADER  scope_header    SCOPE_HEADER   (sse_monitor.share)
 *   SCOPE_META    scope_meta      SCOPE_META     (sse_monitor.share)
 *   SCOPE         scope_pattern   SCOPE_PATTERN  (sse_monitor.share): here a RegExp that matches the whole value
 *   MAX_STREAMS   max_streams     MAX_STREAMS    (sse_monitor.hub_mux)
 * Everything else here is the runtime's own. */

// From Python (see above)
export let HELLO_EVENT;    // the server's first event: {"slot": 0.38, "scope": ..., "streams": ...}
export let RESET_EVENT;    // SSEHub: the events since the last id are gone: {"reason": "expired"}
export let COMING_BACK;    // close reasons after which the server will take the page back (a frozen array)
export let SCOPE_HEADER;   // on an htmx response: '{scope} {at}'
export let SCOPE_META;     // the same in a page's <meta name=...>
export let SCOPE;          // a share scope, {user}.{cookies}
export let MAX_STREAMS;    // streams one page stream carries (the server's limit too); more get their own

/* Take the values Python sent (runtime_defaults()'s `protocol`); false when there are none. (A broken scope pattern
 * throws before anything is taken.) */
export function useProtocol(values) {
  if (!values) return false;
  SCOPE = new RegExp('^(?:' + values.scope_pattern + ')$');
  HELLO_EVENT = values.hello_event;
  RESET_EVENT = values.reset_event;
  COMING_BACK = Object.freeze(values.coming_back);
  SCOPE_HEADER = values.scope_header;
  SCOPE_META = values.scope_meta;
  MAX_STREAMS = values.max_streams;
  return true;
}

// Events the runtime dispatches on the page
export const STATE_EVENT = 'sse-monitor:state';       // on the status container: {connectionId, state, attempt, ...}
export const RESET_DOM_EVENT = 'sse-monitor:reset';   // on the element: fetch its content afresh

/* The messages between the tabs that share a stream (share.js): from the leader to its followers, and what a follower
 * asks of the leader. TABS names their version, in every lock and channel: a tab that still runs an older runtime (a
 * page loaded before a deploy) shares nothing with one that runs this one, whose messages it would misread. */
export const TABS = 2;   // 1: state messages said {state, ended, paused, readyState}; 2: {phase, why}
export const Kind = Object.freeze({
  LEAD: 'lead', BEAT: 'beat', EVENT: 'event', STATE: 'state', ERROR: 'error', CURRENT: 'current',   // leader -> followers
  HELLO: 'hello', RESTART: 'restart', TYPES: 'types',                                               // follower -> leader
});

// Limits
export const CONNECTING = 0, OPEN = 1, CLOSED = 2;   // EventSource's readyState
export const MAX_TIMER = 2 ** 31 - 1;     // ms: a longer setTimeout delay runs at once
export const BEAT = 250;                  // ms between a leader's beats
export const STALE = 1000;                // ms without a beat after which a visible follower takes over (a frozen leader)
export const OWN_IDS = 64;                // ids a leader remembers, in case the stream is taken from it
export const CONNECTIONS_PER_HOST = 6;    // HTTP/1.1 connections a browser opens to one host (Chromium, Firefox)
