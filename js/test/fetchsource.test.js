// FetchSource (htmx 4 pages): its text/event-stream parser, fed every cut of the bytes, and what it takes for a stream.
// Run with `node --test js/test/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { sseParser, FetchSource } from '../src/fetchsource.js';

const bytes = (text) => new TextEncoder().encode(text);
const concat = (...parts) => Uint8Array.from(parts.flatMap((part) => Array.from(part)));

/* The events of `input` (bytes) fed in the chunks that `cuts` (byte offsets) make; after each chunk, what had come */
function parse(input, cuts = []) {
  const events = [], after = [], feed = sseParser((type, data, id) => events.push([type, data, id]));
  let start = 0;
  for (const end of [...cuts, input.length]) { feed(input.slice(start, end)); after.push(events.length); start = end; }
  return { events, after };
}

/* `input` gives `expected` in one chunk, cut anywhere in two or three, and byte by byte; and an event is out as soon
 * as the chunk that holds its blank line is in (never one chunk late) */
function everyCut(input, expected) {
  if (typeof input === 'string') input = bytes(input);
  const ends = [];   // after each expected event: the offset just past its blank line, found from the one-chunk parse
  for (let i = 1; i <= input.length && ends.length < expected.length; i++) {
    if (parse(input.slice(0, i)).events.length > ends.length) ends.push(i);
  }
  const cuttings = [[]];
  for (let i = 0; i <= input.length; i++) {
    cuttings.push([i]);
    for (let j = i; j <= input.length; j += 3) cuttings.push([i, j]);
  }
  cuttings.push(Array.from({ length: input.length }, (_, i) => i));
  for (const cuts of cuttings) {
    const { events, after } = parse(input, cuts);
    assert.deepEqual(events, expected, `cut at ${cuts}`);
    [...cuts, input.length].forEach((cut, chunk) => {   // how many events each prefix must have given
      assert.equal(after[chunk], ends.filter((end) => end <= cut).length, `late after the chunk ending at ${cut} (cut at ${cuts})`);
    });
  }
}

test('events, whatever their name, with data lines joined and the last id kept', () => {
  everyCut('id: a.1\ndata: <p>hi</p>\n\nevent: update\ndata: 1\ndata: 2\n\n: a comment\n\n',
           [['message', '<p>hi</p>', 'a.1'], ['update', '1\n2', 'a.1']]);
});

test('every line ending, a CR LF cut in two included, and a CR that ends a chunk ends its line at once', () => {
  everyCut('data: x\r\nevent: e\rdata\r\n\r\nid: 7\ndata:y\n\n', [['e', 'x\n', ''], ['message', 'y', '7']]);
  everyCut('data: a\r\ndata: b\r\n\r\n', [['message', 'a\nb', '']]);
  everyCut('data: a\r\rdata: b\r\r', [['message', 'a', ''], ['message', 'b', '']]);   // a server that ends lines with CR
  everyCut('data: a\n\r\ndata: b\r\n\n', [['message', 'a', ''], ['message', 'b', '']]);
});

test('a CR that ends the stream ends its event', () => {
  everyCut('data\r\n\r', [['message', '', '']]);
  assert.deepEqual(parse(bytes('data: a\r\n\r')).events, [['message', 'a', '']]);
});

test('only the one BOM that starts the stream is removed, in any cut of its bytes', () => {
  everyCut('\uFEFFdata: 1\n\n', [['message', '1', '']]);
  everyCut('\uFEFF\uFEFFdata: 1\n\ndata: 2\n\n', [['message', '2', '']]);   // the second is part of a field name
  everyCut('data: \uFEFF1\n\n', [['message', '\uFEFF1', '']]);
});

test('characters cut between chunks, U+2028 and U+0085 are data, not line ends; ids with NUL are ignored', () => {
  everyCut('data: é€😀\u2028\u0085\u000B\n\nid: a\0b\ndata: z\n\n', [['message', 'é€😀\u2028\u0085\u000B', ''], ['message', 'z', '']]);
});

test('fields as the standard reads them: no space after the colon, no colon, unknown fields, a retry', () => {
  everyCut('data:a\ndata\ndata:  b\nfoo: 1\nretry: 5\n:c\nDATA: x\n\n', [['message', 'a\n\n b', '']]);
});

test('an event name alone is an event, as hx-sse reads it; an id alone moves the last id on', () => {
  everyCut('event: refresh\n\nid: 9\n\ndata: z\n\n', [['refresh', '', ''], ['message', 'z', '9']]);
});

test('linear in the length of a line, however small its chunks', () => {
  const time = (size) => {   // ms to parse one line of `size` bytes, in 16 KiB chunks
    const chunk = bytes('x'.repeat(16384)), feed = sseParser(() => {});
    const started = performance.now();
    feed(bytes('data: '));
    for (let i = 0; i < size / chunk.length; i++) feed(chunk);
    feed(bytes('\n\n'));
    return performance.now() - started;
  };
  time(1 << 20);   // warm up
  const ratios = [];   // 8 times the bytes: linear is ~8 times the time, quadratic (re-reading the line at every chunk) 64
  for (let i = 0; i < 3; i++) ratios.push(time(8 << 20) / Math.max(time(1 << 20), 0.5));
  assert.ok(Math.min(...ratios) < 24, `8 MiB took ${ratios.map((r) => r.toFixed(1))} times as long as 1 MiB`);
});

/* A FetchSource against a real HTTP server that answers with `status` and `type`: whether it opened, its readyState at
 * its first error, its status, and the events it got */
async function answer(status, type, body = 'data: hi\n\n') {
  const server = createServer((req, res) => {
    res.writeHead(status, type === null ? {} : { 'Content-Type': type });
    res.end(status === 204 ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  globalThis.location ??= { href: 'http://127.0.0.1/', origin: 'http://127.0.0.1' };
  const source = new FetchSource(`http://127.0.0.1:${server.address().port}/`), seen = { opened: false, events: [] };
  source.addEventListener('open', () => { seen.opened = true; });
  source.addEventListener('*', (event) => seen.events.push(event.data));
  await new Promise((resolve) => source.addEventListener('error', () => {
    Object.assign(seen, { readyState: source.readyState, status: source.status });
    resolve();
  }));
  source.close();
  server.close();
  return seen;
}

test('a stream is a 200 whose MIME type is text/event-stream, in any case, with or without parameters', async () => {
  for (const type of ['text/event-stream', 'Text/Event-Stream; charset=utf-8', ' text/event-stream ;x=1', 'TEXT/EVENT-STREAM']) {
    assert.deepEqual(await answer(200, type), { opened: true, events: ['hi'], readyState: 0, status: undefined }, type);
  }
});

test('another status or MIME type is refused (CLOSED before the error, nothing read), a 204 says so', async () => {
  for (const [status, type] of [[200, 'text/event-streams'], [200, 'text/event-stream-x'], [200, 'text/plain'], [200, null],
                                [201, 'text/event-stream'], [206, 'text/event-stream'], [204, 'text/event-stream'],
                                [204, null], [503, 'text/event-stream']]) {
    assert.deepEqual(await answer(status, type), { opened: false, events: [], readyState: 2, status }, `${status} ${type}`);
  }
});
