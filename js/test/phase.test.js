// The one phase of a connection (phase.js) and what follows from it. Run with `node --test js/test/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Phase, indicatorState, readyStateOf, stopped } from '../src/phase.js';

test('the four indicator states follow from the phase', () => {
  assert.deepEqual(Object.values(Phase).map(indicatorState),
                   ['reconnecting', 'active', 'reconnecting', 'error', 'disconnected', 'disconnected']);
});

test('an EventSource facade says OPEN only while open, and CLOSED only once ended: never while it retries', () => {
  assert.deepEqual(Object.values(Phase).map(readyStateOf), [0, 1, 0, 0, 0, 2]);
});

test('nothing is tried while paused or ended', () => {
  assert.deepEqual(Object.values(Phase).filter(stopped), ['paused', 'ended']);
});
