// The text/event-stream parser of FetchSource (htmx 4 pages). Run with `node --test js/test/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sseParser } from '../src/fetchsource.js';

function parse(...chunks) {
  const events = [], feed = sseParser((type, data, id) => events.push([type, data, id]));
  for (const chunk of chunks) feed(chunk);
  return events;
}

test('events, whatever their name, with data lines joined and the last id kept', () => {
  assert.deepEqual(parse('id: a.1\ndata: <p>hi</p>\n\nevent: update\ndata: 1\ndata: 2\n\n: a comment\n\n'),
                   [['message', '<p>hi</p>', 'a.1'], ['update', '1\n2', 'a.1']]);
});

test('any cut of the stream and any line ending, a \\r\\n cut in two included', () => {
  assert.deepEqual(parse('\uFEFFda', 'ta: x\r', '\nevent: e\rdata\r\n\r\n', 'id: 7\ndata:y\n', '\n'),
                   [['e', 'x\n', ''], ['message', 'y', '7']]);
  assert.deepEqual(parse('data: a\r', '\ndata: b\r\n\r\n'), [['message', 'a\nb', '']]);
});

test('an event name alone is an event, as hx-sse reads it; an id alone moves the last id on', () => {
  assert.deepEqual(parse('event: refresh\n\nid: 9\n\ndata: z\n\n'), [['refresh', '', ''], ['message', 'z', '9']]);
});
