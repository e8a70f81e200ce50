// The values the runtime and the servers agree on come from Python, with the runtime's defaults. Run with
// `node --test js/test/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaults, protocol } from './protocol_values.js';
import { COMING_BACK, HELLO_EVENT, MAX_STREAMS, RESET_EVENT, SCOPE, SCOPE_HEADER, SCOPE_META, useProtocol } from '../src/protocol.js';
import { loadDefaults, shareScope } from '../src/config.js';

const script = (value) => ({ dataset: { sseMonitorDefaults: JSON.stringify(value) } });

test("the protocol's names are what Python sent", () => {
  assert.deepEqual([HELLO_EVENT, RESET_EVENT, [...COMING_BACK], SCOPE_HEADER, SCOPE_META, MAX_STREAMS],
                   [protocol.hello_event, protocol.reset_event, protocol.coming_back, protocol.scope_header, protocol.scope_meta, protocol.max_streams]);
  assert.ok(SCOPE.test('Ab-_01234567.89abcdefghij') && !SCOPE.test('x Ab-_01234567.89abcdefghij'));   // the whole value
  assert.ok(Object.isFrozen(COMING_BACK));
});

test('defaults without the protocol, or with a broken one, are refused (logged), and nothing of them is taken', (t) => {
  const error = t.mock.method(console, 'error', () => {});
  const { protocol: _, ...without } = defaults;
  assert.equal(loadDefaults(script(without)), false);
  assert.equal(loadDefaults(script({ ...defaults, protocol: { ...protocol, hello_event: 'hi', scope_pattern: '[' } })), false);
  assert.equal(error.mock.callCount(), 2);
  assert.match(error.mock.calls[0].arguments[0], /without its defaults \(data-sse-monitor-defaults: config, look, ids and protocol\)/);
  assert.deepEqual([MAX_STREAMS, HELLO_EVENT, shareScope('Ab-_01234567.89abcdefghij')], [protocol.max_streams, protocol.hello_event, 'Ab-_01234567.89abcdefghij']);
  assert.equal(useProtocol(undefined), false);
});

test('the runtime takes the protocol from the defaults it came with', (t) => {
  const error = t.mock.method(console, 'error', () => {});
  assert.equal(loadDefaults(script({ ...defaults, protocol: { ...protocol, hello_event: 'hi', max_streams: 7 } })), true);
  assert.deepEqual([HELLO_EVENT, MAX_STREAMS], ['hi', 7]);
  assert.equal(loadDefaults(script(defaults)), true);   // Python's, for the tests after this one
  assert.deepEqual([HELLO_EVENT, MAX_STREAMS], [protocol.hello_event, protocol.max_streams]);
  assert.equal(error.mock.callCount(), 0);
});
