/* Presence: what a connection does about where its tab is. A hidden tab stops asking for the stream, and after
 * hidden_grace lets it go (or leaves it to a visible tab that shares it); a shown one takes it back. An offline browser
 * pauses the stream until the network is back. monitor_visibility and monitor_network switch each off. */
import { Phase, stopped } from './phase.js';

export class Presence {
  constructor(connection) {
    this.connection = connection;
    this.grace = null;   // the timer after which a hidden tab lets its stream go
  }

  /* Whether this tab should hold the stream when no other does */
  get wanted() { return !(this.connection.cfg.monitor_visibility && document.visibilityState === 'hidden'); }

  hidden() {
    const c = this.connection;
    this.clear();
    if (c.following) return c.carrier.want(false);
    this.grace = setTimeout(() => {
      if (c.phase !== Phase.ENDED) c.stream.pause('hidden');
      if (c.carrier) c.carrier.resign();
    }, c.cfg.hidden_grace);
  }

  visible() {
    const c = this.connection;
    this.clear();
    if (c.carrier) c.carrier.want(true);   // a tab that shows the stream holds it, unless another does
    const { phase, why } = c;
    if ((phase === Phase.ENDED && why === 'attempts') || (phase === Phase.PAUSED && why === 'hidden' && !c.carrier)) c.restart();
  }

  offline() {  // stop trying until the network is back (the holder does, for every tab)
    const c = this.connection;
    if (c.cfg.monitor_network && !stopped(c.phase) && !c.following) c.stream.pause('offline');
  }

  online() {
    const c = this.connection;
    if (c.phase === Phase.PAUSED && c.why === 'offline' && !c.following) c.restart();
  }

  clear() {  // the grace of a hidden tab no longer runs (the stream ended, restarts, or the tab is shown)
    clearTimeout(this.grace);
    this.grace = null;
  }
}
