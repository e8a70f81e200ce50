/* The page's monitored sources, the page's slot, and what the page as a whole tells them: the tab is hidden or
 * shown, the network is gone or back. */

export class Page {
  constructor(random = Math.random) {
    this.sources = new Set();   // ManagedSources whose element may still be on the page
    this.slot = random();       // where this page's attempts sit in the servers' reconnect grid, until a server says
  }

  adopt(source) {  // a new or restarted source; an element re-processed by htmx closes its previous one
    for (const other of this.sources) if (other !== source && other.owner === source.owner) other.close();
    this.sources.add(source);
  }

  release(source) { this.sources.delete(source); }

  /* The slot a server handed out in its hello event ({"slot": 0.38}): all of this page's streams use it */
  hello(data) {
    try {
      const slot = JSON.parse(data).slot;
      if (Number.isFinite(slot) && slot >= 0 && slot < 1) this.slot = slot;
    } catch (e) { /* not ours to judge: ignore */ }
  }

  * live() {  // sources whose element is still on the page
    for (const source of this.sources) {
      if (source.owner.isConnected) yield source;
      else source.close();
    }
  }

  /* React to the tab and the network; returns a function that stops listening */
  listen() {
    const onVisibility = () => {
      const hidden = document.visibilityState === 'hidden';
      for (const source of this.live()) if (source.cfg.monitor_visibility) hidden ? source.hidden() : source.visible();
    };
    const onOffline = () => {
      for (const source of this.live()) if (source.cfg.monitor_network && !source.ended && !source.paused) source.pause('offline');
    };
    const onOnline = () => { for (const source of this.live()) if (source.paused === 'offline') source.restart(); };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
    };
  }
}
