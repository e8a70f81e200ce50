// The page stream of an SSEHub: its URL and its messages. Run with `node --test js/test/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageStreamUrl, untag } from '../src/bundle.js';

test('a page stream names its streams sorted and encoded, so every tab names the same one', () => {
  assert.equal(pageStreamUrl('/sse-monitor/hub', ['/jobs/7?x=1&y=2', '/news']),
               '/sse-monitor/hub?s=%2Fjobs%2F7%3Fx%3D1%26y%3D2&s=%2Fnews');
  assert.equal(pageStreamUrl('/h', ['/b', '/a']), pageStreamUrl('/h', ['/a', '/b']));
});

test('a page stream message gives back its topic, event name and own data', () => {
  assert.deepEqual(untag('news message\n<p>hi</p>\n<p>there</p>'), { topic: 'news', type: 'message', data: '<p>hi</p>\n<p>there</p>' });
  assert.deepEqual(untag('job-7 progress\n'), { topic: 'job-7', type: 'progress', data: '' });
});
