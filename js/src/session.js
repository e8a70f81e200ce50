/* Whose a connection's stream is. An element is made for the user whose page it is on (its monitor's scope: share.js
 * on the server); what comes for another user is not for it. It stops then, and says to reload the page. */
import { userOf } from './config.js';
import { Phase } from './phase.js';

/* Whether `scope` (a hello's, or the browser's cookies') names the user the element of `cfg` was made for (an element
 * made for no one is anyone's) */
export function madeFor(cfg, scope) { return !cfg.scope || userOf(scope) === userOf(cfg.scope); }

/* The element of `connection` was made for another user (a login or a logout since): what comes now is not for it */
export function stopForOther(connection, why) {
  console.warn('sse-monitor: ' + connection.cfg.connection_id + ' stops: ' + why + ' than it was made for (a login or a ' +
               'logout since the page was made): reload the page');
  connection.halt('session');
}

/* This tab logged in or out (`now`: the browser's scope, page.hear): the stream leaves the tabs it shared with. An
 * element made for another user than the browser's now stops (its page shows that user's things); one made for the
 * same user starts again through the server (its cookies changed), as this tab's own */
export function sessionChanged(connection, now) {
  if (connection.carrier && connection.carrier.hub) return;   // (an element of a page stream: its connection does it)
  connection.dropCarrier();
  if (connection.phase === Phase.ENDED) return;
  if (!madeFor(connection.cfg, now)) return stopForOther(connection, 'the browser is logged in to another user');
  connection.restart('session');
}
