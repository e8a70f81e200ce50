/* TabShare: the carrier of a stream that the tabs of a browser share. One tab holds the connection (the leader, chosen
 * by the Relay of share.js) and passes on every event and state; the others follow, and show what it relays as if it
 * came from a connection of their own. Only tabs of one share scope (whose the page is, as the server said: the same
 * session) share a stream, and the leader relays nothing until its stream's hello says that scope too: a connection made
 * with another session's cookies is kept to its own tab (Connection.keepHere).
 *
 * A carrier is how a Connection (connection.js) gets its stream: this one, the page's hub connection (bundle.js: Seat), or none (its
 * own Stream). Each has
 * @typedef {object} Carrier
 * @property {boolean} following      another holds the connection (this tab only shows what it says)
 * @property {boolean} hub            the page's hub connection carries it (it deals with logins itself)
 * @property {() => void} start       connect, or ask for the stream (`connection.presence.wanted`: this tab would hold it)
 * @property {() => void} connecting  this tab's connection is about to open
 * @property {(type: string, data: string, id: string) => void} heard   an event of this tab's connection
 * @property {() => void} failed      ...that failed
 * @property {() => void} phased      ...whose phase was announced
 * @property {() => void} listen      the element reads another event type
 * @property {() => void} restart     try again now: the tab that holds the stream does
 * @property {(yes: boolean) => void} want   this tab would hold the stream (it is shown), or not (hidden)
 * @property {() => void} resign      let another tab hold it
 * @property {() => void} close */
import { Relay, streamKey } from './share.js';
import { shareScope } from './config.js';
import { HELLO_EVENT, Kind, OWN_IDS } from './protocol.js';
import { Phase, stopped } from './phase.js';
import { monitorOnly } from './arrival.js';
import { stateMessage } from './mirror.js';

/* The share scope a stream's hello says it is for, or null */
export function helloScope(data) {
  try { return shareScope(JSON.parse(data).scope); } catch (e) { return null; }
}

export class TabShare {
  constructor(connection) {
    this.connection = connection;     // the Connection it carries the stream of
    this.relay = new Relay(streamKey(connection.url, connection.cfg.scope), this);
    this.verified = false;    // as leader: this connection's hello said the scope (until then nothing is relayed)
    this.typesTold = false;   // a 'types' message to the leader is on its way
    this.current = new Map(); // as leader: the hello, and the last event of each type without an id, since the connection
                              // opened (what a connection of its own would have started with)
    this.heardTypes = new Set();   // as follower: the types relayed to it so far (a joining tab's catch-up skips them)
    this.restartWanted = false;    // as follower: a restart was asked for, and the tab that gets the stream does it
    this.ownIds = [];         // as leader: the ids of the last events of its own connection
    this.shownIds = new Set();   // as a leader that lost the stream: those ids, not to be shown twice when relayed
  }

  get following() { return !this.relay.leading; }
  get hub() { return false; }

  /* What the Connection asks of it (Carrier) */
  start() {
    if (this.relay.leading) this.connection.stream.connect();
    else this.relay.want(this.connection.presence.wanted);
  }

  connecting() {
    this.verified = false;
    this.current.clear();
  }

  /* As the tab that holds the stream: pass an event of its connection on to the other tabs, once the stream's hello said
   * it is for their scope (the first event of a stream of sse-monitor's); a stream that says another, or nothing, is
   * kept to this tab */
  heard(type, data, id) {
    if (id && this.ownIds.push(id) > OWN_IDS) this.ownIds.shift();
    if (!this.verified) {
      const said = type === HELLO_EVENT ? helloScope(data) : null;
      if (said !== this.connection.cfg.scope) return this.connection.keepHere(said ? 'its hello says another session (the cookies changed since the page was made)'
                                                                           : 'it does not say whose it is (no hello with a share scope)');
      this.verified = true;
    }
    this.relay.post({ kind: Kind.EVENT, type, data, id });
    if (type === HELLO_EVENT || (!id && !monitorOnly(this.connection.cfg, type))) this.current.set(type, data);
  }

  failed() { this.relay.post({ kind: Kind.ERROR }); }

  phased() { if (this.relay.leading) this.tell(); }

  listen() {  // the leader must read it too: tell it once htmx-ext-sse added them all
    if (this.typesTold) return;
    this.typesTold = true;
    queueMicrotask(() => { this.typesTold = false; this.tellTypes(); });
  }

  restart() {  // the tab that holds the stream restarts it, or this one does when it gets it
    this.restartWanted = true;
    this.relay.ask({ kind: Kind.RESTART });
  }

  want(yes) { this.relay.want(yes); }
  resign() { this.relay.resign(); }
  close() { this.relay.close(); }

  /* What its Relay tells it (share.js) */
  lead() {  // this tab holds the stream now: connect, unless it has ended (a restart, asked by any tab, connects)
    const connection = this.connection, stream = connection.stream;
    if (stream.phase !== Phase.ENDED || this.restartWanted) {
      this.restartWanted = false;
      if (stopped(stream.phase)) stream.restart('resume');
      else stream.outage = null;   // (a new outage from here; the page still shows the attempt it showed)
      stream.connect();
    }
    this.tell();
    if (!connection.presence.wanted) connection.presence.hidden();   // it was asked for while the tab was shown
  }

  demote() {  // another tab took the stream (this one was silent): close this tab's connection, follow, ask again
    this.connection.stream.stop();
    this.connection.stream.outage = null;       // its outage, if any, is the new leader's to count now
    this.shownIds = new Set(this.ownIds);   // the new leader may relay some of them again
    this.ownIds = [];
    if (this.connection.presence.wanted) this.relay.want(true);
  }

  unshared(error) {  // the browser refused this tab the lock: a connection of its own
    this.connection.page.refused(error);
    this.connection.own();
  }

  follow(message) {  // what the leader relays
    const kind = message.kind;
    if (!this.connection.owner.isConnected) return this.connection.close();
    if (kind === Kind.LEAD) return this.tellTypes();
    if (kind === Kind.EVENT) {
      this.heardTypes.add(message.type);
      if (this.shownIds.delete(message.id)) return;   // shown already, from this tab's connection before it lost the stream
    }
    if (kind === Kind.CURRENT) return this.catchUp(message);
    if (kind === Kind.STATE && message.phase !== Phase.ENDED) this.restartWanted = false;
    this.connection.carried(message);
  }

  catchUp({ events, last }) {  // what the stream started with, for a tab that joins
    const connection = this.connection;
    for (const { type, data } of events) if (!this.heardTypes.has(type)) connection.arrived(type, data, '');
    if (!connection.stream.lastEventId && last) connection.stream.lastEventId = last;   // where it stands, should it take over
  }

  request(message) {  // what a follower asks of this tab, the leader
    const connection = this.connection, stream = connection.stream;
    if (!connection.owner.isConnected) return connection.close();   // its element is gone: leave the stream to the others
    if (message.kind === Kind.HELLO) {   // a tab joins: what it would have got from a connection of its own
      this.tell();
      const events = Array.from(this.current, ([type, data]) => ({ type, data }));
      if ((events.length || stream.lastEventId) && !message.again) {
        this.relay.post({ kind: Kind.CURRENT, for: message.by, events, last: stream.lastEventId });
      }
    }
    else if (message.kind === Kind.RESTART) connection.live ? this.tell() : connection.restart();
    else if (message.kind === Kind.TYPES && Array.isArray(message.types)) for (const type of message.types) stream.listen(String(type));
  }

  silent() {  // this hidden tab's leader went quiet (closed, hidden or frozen): nothing streams to this tab now
    const { cfg, stream } = this.connection;
    if (cfg.monitor_visibility && stream.phase !== Phase.ENDED && !(stream.phase === Phase.PAUSED && stream.why === 'hidden')) stream.pause('hidden');
  }

  tell() { this.relay.post(stateMessage(this.connection)); }   // as leader: the state, to every follower

  tellTypes() {  // as follower: the event types this connection reads, to the leader
    if (this.following) this.relay.ask({ kind: Kind.TYPES, types: Array.from(this.connection.stream.types) });
  }
}
