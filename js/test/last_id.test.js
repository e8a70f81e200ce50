// The last event id on a reconnect's URL: run with `node --test js/test/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withLastId } from '../src/stream.js';

test('no id: the URL as it is', () => {
  assert.equal(withLastId('/news?x=1', ''), '/news?x=1');
});

test('the id is a query parameter, escaped, before any fragment', () => {
  assert.equal(withLastId('/news', 'ab12.3-0'), '/news?last_event_id=ab12.3-0');
  assert.equal(withLastId('/news?topic=a b', 'x&y'), '/news?topic=a b&last_event_id=x%26y');
  assert.equal(withLastId('https://h/s#top', '7'), 'https://h/s?last_event_id=7#top');
});
