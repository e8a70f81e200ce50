/* A connection whose stream another holds (a tab that shares it, tabs.js, or the page's hub connection, bundle.js)
 * shows what its carrier delivers as its own: the holder's events, its phase and its failures. The holder tells its
 * phase as a state message. */
import { Kind } from './protocol.js';
import { Phase } from './phase.js';

/* The phase of `connection` (connection.js), as the tabs and streams it carries for are told it */
export function stateMessage(connection) {
  return Object.assign({ kind: Kind.STATE, phase: connection.phase, why: connection.why }, connection.stream.shown);
}

/* A message of the holder's (tabs.js, bundle.js): an event, its state, or its failure */
export function delivered(connection, message) {
  if (message.kind === Kind.EVENT) {
    if (message.id) connection.stream.lastEventId = message.id;
    connection.arrived(message.type, message.data, message.id);
  }
  else if (message.kind === Kind.STATE) mirror(connection, message);
  else if (message.kind === Kind.ERROR) {
    if (connection.phase === Phase.OPEN) connection.stream.enter(Phase.CONNECTING, {}, false);   // (the holder's state tells the rest)
    connection.notify('error');
  }
}

/* Show the holder's phase as the connection's own */
function mirror(connection, message) {
  const { phase, why = null, attempt, maxAttempts = null, delay, reason } = message;
  const opened = phase === Phase.OPEN && connection.phase !== Phase.OPEN;
  if (opened && connection.reloading && connection.cfg.reload_page) return location.reload();   // show the new code
  if (opened) connection.reloading = false;
  const s = connection.stream.shown;
  if (phase !== connection.phase || why !== connection.why || s.maxAttempts !== maxAttempts || s.delay !== delay ||
      s.reason !== reason || s.attempt !== attempt) {
    connection.stream.enter(phase, { why, attempt, maxAttempts, delay, reason });
  }
  if (opened) connection.notify('open');
}
