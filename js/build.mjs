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

/* The runtime's own property names, shortened in the minified file (js/internal-names.txt says which may be) */
const internals = readFileSync(path.join(root, 'js', 'internal-names.txt'), 'utf8').replace(/#.*/g, '').trim().split(/\s+/);
const mangleProps = new RegExp('^(' + internals.join('|') + ')$');

let stale = [];
for (const [name, minify] of Object.entries(outputs)) {
  const result = await build({
    entryPoints: [path.join(root, 'js', 'src', 'index.js')], bundle: true, format: 'iife', target: 'es2020',
    minify, write: false, banner: { js: banner }, legalComments: 'none', charset: 'utf8', ...(minify ? { mangleProps } : {}),
  });
  const text = result.outputFiles[0].text;
  if (minify) refuseWrongInternals(text);
  const file = path.join(root, 'sse_monitor', 'static', name);
  let current = null;
  try { current = readFileSync(file, 'utf8'); } catch (e) { /* not built yet */ }
  if (check) { if (current !== text) stale.push(name); }
  else {
    writeFileSync(file, text);
    console.log(`${name}: ${text.length} bytes, ${gzipSync(text).length} gzipped`);
  }
}
/* A shortened name that JavaScript's own objects have (an array's join), or that the runtime also writes as a string
 * (obj[name], 'name' in obj), would no longer find its property: stop the build. The minified output has no comments,
 * so its strings are the code's. */
function refuseWrongInternals(text) {
  const builtin = new Set(), seen = new Set();
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    for (let o = globalThis[name]; o && (typeof o === 'object' || typeof o === 'function') && !seen.has(o); o = Object.getPrototypeOf(o)) {
      seen.add(o);
      for (const own of Object.getOwnPropertyNames(o)) builtin.add(own);
      if (typeof o === 'function' && o.prototype && !seen.has(o.prototype)) for (const own of Object.getOwnPropertyNames(o.prototype)) builtin.add(own);
    }
  }
  const wrong = internals.filter((name) => builtin.has(name) || new RegExp(`["'\`]${name}["'\`]`).test(text));
  if (wrong.length) {
    console.error(`js/build.mjs: ${wrong.join(', ')} in js/internal-names.txt are names of JavaScript's objects or strings in the runtime: take them out`);
    process.exit(1);
  }
}

if (stale.length) {
  console.error(`js/build.mjs: ${stale.join(', ')} in sse_monitor/static differ from what js/src builds: run node js/build.mjs`);
  process.exit(1);
}
