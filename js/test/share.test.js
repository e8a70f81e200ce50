// Whose a shared stream is: the names of its lock and channel, and the share scopes the runtime accepts. Run with
// `node --test js/test/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { streamKey } from '../src/share.js';
import { shareScope } from '../src/config.js';

test("a stream's lock and channel are named after its scope and its absolute URL", () => {
  const base = 'https://app.example/inbox';
  assert.equal(streamKey('/inbox/stream', 'AAAAAAAAAAAAAAAA', base), 'sse-monitor AAAAAAAAAAAAAAAA https://app.example/inbox/stream');
  assert.notEqual(streamKey('/inbox/stream', 'AAAAAAAAAAAAAAAA', base), streamKey('/inbox/stream', 'BBBBBBBBBBBBBBBB', base));
  assert.equal(streamKey('stream', 'AAAAAAAAAAAAAAAA', base), streamKey('/stream', 'AAAAAAAAAAAAAAAA', base));
});

test('a share scope is 16 URL-safe characters, as the server writes them; anything else is no scope', () => {
  assert.equal(shareScope('Ab-_0123456789xy'), 'Ab-_0123456789xy');
  for (const bad of [undefined, null, '', 'short', 'Ab-_0123456789xyz', 'Ab-_0123456789x ', 'Ab-_0123456789x"', 42]) {
    assert.equal(shareScope(bad), null, String(bad));
  }
});
