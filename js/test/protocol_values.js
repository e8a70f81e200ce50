// The values the runtime takes from Python (runtime_defaults()'s `protocol`), as a page gets them: asked of this
// checkout's sse_monitor once, and given to useProtocol. A test whose code reads them imports this first.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useProtocol } from '../src/protocol.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const python = path.join(root, '.venv', 'bin', 'python');
const PYTHONPATH = [root, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);   // this checkout's sse_monitor first
export const defaults = JSON.parse(execFileSync(python,
  ['-c', 'from sse_monitor.runtime import runtime_defaults; print(runtime_defaults())'],
  { cwd: root, env: { ...process.env, PYTHONPATH }, encoding: 'utf8' }));
if (!useProtocol(defaults.protocol)) throw new Error(`useProtocol refused what Python sent: ${JSON.stringify(defaults.protocol)}`);
export const protocol = defaults.protocol;
