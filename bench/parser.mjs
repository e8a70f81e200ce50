// The text/event-stream parser of htmx 4 pages (js/src/fetchsource.js), in node: one event whose data is one long
// line, fed in 16 KiB chunks, against decoding the same bytes with TextDecoder alone (the least any reader does, the
// baseline measured in the same run). A linear parser stays a small multiple of it at every size; one that splits
// its whole buffer again at every chunk (FetchSource before, and hx-sse 4.0.1's parseSSE) grows with the square.
// Run: node bench/parser.mjs
import { sseParser } from '../js/src/fetchsource.js';

const CHUNK = 16384, RUNS = 5;
const chunk = new TextEncoder().encode('x'.repeat(CHUNK));
const head = new TextEncoder().encode('data: '), tail = new TextEncoder().encode('\n\n');

function time(mib, read) {   // median ms to read one line of `mib` MiB
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    read(mib * 2 ** 20 / CHUNK);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[RUNS >> 1];
}

function parse(chunks) {
  let length = 0;
  const feed = sseParser((type, data) => { length = data.length; });
  feed(head);
  for (let i = 0; i < chunks; i++) feed(chunk);
  feed(tail);
  if (length !== chunks * CHUNK) throw new Error(`the event has ${length} characters`);
}

function decode(chunks) {
  const decoder = new TextDecoder();
  for (let i = 0; i < chunks; i++) decoder.decode(chunk, { stream: true });
}

time(1, parse); time(1, decode);   // warm up
console.log(`One line in ${CHUNK / 1024} KiB chunks, median of ${RUNS} (ms):`);
console.log(`${'line'.padStart(8)} ${'decode only'.padStart(12)} ${'sseParser'.padStart(10)} ${'ratio'.padStart(7)}`);
const at = {};
for (const mib of [1, 4, 16]) {
  const baseline = time(mib, decode), ours = at[mib] = time(mib, parse);
  console.log(`${String(mib).padStart(4)} MiB ${baseline.toFixed(1).padStart(12)} ${ours.toFixed(1).padStart(10)} ${(ours / baseline).toFixed(2).padStart(6)}x`);
}
console.log(`1 -> 16 MiB: sseParser ${(at[16] / at[1]).toFixed(1)}x as long (16 for a linear parser, 256 for a quadratic one)`);
