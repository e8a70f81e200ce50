/* What the monitor makes of an event of a connection's stream (from this tab's own connection, or from a carrier) before
 * its views pass it on: the server's close event ends the stream, or brings it back when the server says it will be
 * back; a hello tells the page its slot and whose it is; a reset tells the element to fetch its content afresh. */
import { restartPlan } from './schedule.js';
import { COMING_BACK, HELLO_EVENT, RESET_DOM_EVENT, RESET_EVENT } from './protocol.js';

/* The JSON of a close or reset event, such as {"reason": "shutdown"}, with `fallback` as reason when it has none */
export function reasonData(data, fallback) {
  try {
    const parsed = JSON.parse(data);
    return parsed && typeof parsed === 'object' ? Object.assign({ reason: fallback }, parsed) : { reason: fallback };
  } catch (e) { return { reason: fallback }; }
}

/* Whether an event of this type is for the monitor rather than the page */
export function monitorOnly(cfg, type) {
  return type === HELLO_EVENT || type === RESET_EVENT || type === cfg.close_event || type === cfg.heartbeat_event;
}

/* An event for `connection` (connection.js), with its id and the origin of the page that received it */
export function arrive(connection, type, data, lastEventId, origin) {
  if (type === connection.cfg.close_event) {
    const reason = reasonData(data, 'server');
    // The server is restarting or reloading: it will be back, so come back then. Not passed on, since htmx-ext-sse (or
    // hx-sse:close) would close the source for good.
    if (COMING_BACK.includes(reason.reason)) {
      connection.tell('returning', type, data, lastEventId);
      return comeBack(connection, reason);
    }
    connection.tell('heard', type, data, lastEventId);   // the element gets the close event before the stream's end
    connection.halt('server', reason.reason);
  } else {
    if (type === HELLO_EVENT) connection.page.hello(data);
    if (type === RESET_EVENT && connection.options.resets) reset(connection, data);
    connection.tell('heard', type, data, lastEventId);
  }
  connection.tell('arrived', type, data, lastEventId, origin);   // (htmx-ext-sse: after the end, if it is one)
}

/* A planned restart or reload (`data`: the close event's): try again when the server said it would be back */
function comeBack(connection, data) {
  connection.reloading = data.reason === 'reload';   // reload_page: every tab reloads once the stream is back
  if (connection.following) return;   // the holder comes back, and says so
  connection.stream.comeBack(data.reason, restartPlan(data, connection.page.slot));
}

/* The hub no longer has the events this page missed: the element should fetch its content afresh */
function reset(connection, data) {
  const reason = reasonData(data, 'unknown').reason;
  connection.log('reset (' + reason + '): the events since the last id are gone');
  connection.owner.dispatchEvent(new CustomEvent(RESET_DOM_EVENT, { bubbles: true,
    detail: { connectionId: connection.cfg.connection_id, reason, lastEventId: connection.lastEventId } }));
}
