// Whose a shared stream is: the names of its lock and channel, and the share scopes the runtime accepts. Run with
// `node --test js/test/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import './protocol_values.js';   // the values Python sends the runtime
import { streamKey } from '../src/share.js';
import { shareScope, userOf } from '../src/config.js';

const ALICE = 'AAAAAAAAAAAA.cccccccccccc', BOB = 'BBBBBBBBBBBB.cccccccccccc';

test("a stream's lock and channel are named after the tabs' protocol, its scope and its absolute URL", () => {
  const base = 'https://app.example/inbox';
  assert.equal(streamKey('/inbox/stream', ALICE, base), `sse-monitor/2 ${ALICE} https://app.example/inbox/stream`);   // (2: TABS)
  assert.notEqual(streamKey('/inbox/stream', ALICE, base), streamKey('/inbox/stream', BOB, base));
  assert.equal(streamKey('stream', ALICE, base), streamKey('/stream', ALICE, base));
});

test('a share scope is {user}.{cookies}, 12 URL-safe characters each, as the server writes it; anything else is none', () => {
  assert.equal(shareScope('Ab-_01234567.89abcdefghij'), 'Ab-_01234567.89abcdefghij');
  for (const bad of [undefined, null, '', 'short', 'AAAAAAAAAAAAcccccccccccc', 'AAAAAAAAAAAA.ccccccccccc', 'AAAAAAAAAAAA.cccccccccccc ',
                     'AAAAAAAAAAA".cccccccccccc', 42]) {
    assert.equal(shareScope(bad), null, String(bad));
  }
  assert.equal(userOf(ALICE), 'AAAAAAAAAAAA');
  assert.equal(userOf(null), null);
});
