// Bundle the runtime (js/src/*.js, ES modules) into the two files the package ships, with the pinned esbuild:
//   sse_monitor/static/sse-monitor.js      readable, for reading and debugging
//   sse_monitor/static/sse-monitor.min.js  minified, what pages get by default
// Both are committed, so installing sse-monitor needs no Node. `node js/build.mjs --check` builds in memory and fails
// (exit 1) when the committed files differ from what the sources give: the test command runs it.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const banner = '/* sse-monitor runtime: built from js/src by js/build.mjs (esbuild); edit the sources, not this file. */';
const outputs = { 'sse-monitor.js': false, 'sse-monitor.min.js': true };
const check = process.argv.includes('--check');

let stale = [];
for (const [name, minify] of Object.entries(outputs)) {
  const result = await build({
    entryPoints: [path.join(root, 'js', 'src', 'index.js')], bundle: true, format: 'iife', target: 'es2020',
    minify, write: false, banner: { js: banner }, legalComments: 'none', charset: 'utf8',
  });
  const text = result.outputFiles[0].text;
  const file = path.join(root, 'sse_monitor', 'static', name);
  let current = null;
  try { current = readFileSync(file, 'utf8'); } catch (e) { /* not built yet */ }
  if (check) { if (current !== text) stale.push(name); }
  else {
    writeFileSync(file, text);
    console.log(`${name}: ${text.length} bytes, ${gzipSync(text).length} gzipped`);
  }
}
if (stale.length) {
  console.error(`js/build.mjs: ${stale.join(', ')} in sse_monitor/static differ from what js/src builds: run node js/build.mjs`);
  process.exit(1);
}
