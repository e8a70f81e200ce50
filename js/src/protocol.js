/* What the runtime and the servers agree on, and the runtime's own limits: event names, the kinds of message between
 * tabs, and the numbers the parts share. (The names the Python side writes too are sse_monitor's: HELLO_EVENT in
 * sse_monitor.server, SCOPE_HEADER, SCOPE_META and SCOPE_PATTERN in sse_monitor.share, MAX_STREAMS in sse_monitor.hub_mux.) */

// Events of a stream
export const HELLO_EVENT = 'sse-monitor';      // the server's first event: {"slot": 0.38, "scope": ..., "streams": ...}
export const RESET_EVENT = 'reset';            // SSEHub: the events since the last id are gone: {"reason": "expired"}
export const COMING_BACK = ['reload', 'restart', 'slow'];   // close reasons after which the server will take the page back

// Events the runtime dispatches on the page
export const STATE_EVENT = 'sse-monitor:state';       // on the status container: {connectionId, state, attempt, ...}
export const RESET_DOM_EVENT = 'sse-monitor:reset';   // on the element: fetch its content afresh

// Whose the page is (sse_monitor.share)
export const SCOPE_HEADER = 'sse-monitor-scope';   // on an htmx response: '{scope} {at}'
export const SCOPE_META = 'sse-monitor-scope';     // the same in a page's <meta name=...>
export const SCOPE = /^[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{12}$/;   // a share scope, {user}.{cookies}

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
export const MAX_STREAMS = 32;            // streams one page stream carries (the server's limit too); more get their own
export const CONNECTIONS_PER_HOST = 6;    // HTTP/1.1 connections a browser opens to one host (Chromium, Firefox)
