// The elements of a page stream (bundle.js) as Connections of their own (connection.js): what they hear of the page
// stream's connection. Fake EventSource, mock timers. Run with `node --test js/test/`.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import './protocol_values.js';   // the values Python sends the runtime
import { Connection } from '../src/connection.js';
import { Bundles } from '../src/bundle.js';
import { HELLO_EVENT } from '../src/protocol.js';
import { FakeSource, fakeDocument, fakePage, mockClock } from '../support/fakes.js';

const CFG = { connection_id: 'w', status_id: null, element_id: null, scope: null, share: false, close_event: 'close',
              heartbeat_event: 'heartbeat', reconnect_delay: 300, max_backoff_multiplier: 4, max_reconnect_attempts: 3,
              fast_retry_for: 0, give_up_after: 0, jitter: 0, heartbeat_timeout: 0, hidden_grace: 0,
              monitor_visibility: false, monitor_network: false, reload_page: true, log_to_console: false, indicators: {} };

let tick, reloads;
beforeEach((t) => {
  tick = mockClock(t);
  fakeDocument();
  reloads = 0;
  location.reload = () => { reloads += 1; };
  FakeSource.made = [];
  globalThis.navigator = { onLine: true };
});

const hubElement = () => ({ isConnected: true, dataset: { sseHub: '/hub' }, dispatchEvent() {} });

test('reload_page: a hub page reloads once back after the server said reload, even if the page stream was remade meanwhile', () => {
  const page = fakePage();
  page.bundles = new Bundles(page);
  const a = new Connection('/news', hubElement(), CFG, page);
  a.begin();
  tick(1);                                    // the bundle connects
  FakeSource.last().open();
  FakeSource.last().send(HELLO_EVENT, JSON.stringify({ streams: [['news']] }));
  FakeSource.last().send('close', '{"reason":"reload","retry":1000,"spread":0}');   // the server reloads
  const b = new Connection('/jobs', hubElement(), CFG, page);   // a widget swapped in meanwhile: a new page stream
  b.begin();
  tick(1);
  FakeSource.last().open();                   // the server is back, with the new code
  assert.equal(reloads, 1);                   // (a heard the reload: found in review, 0 when the elements missed it)
});
