// Pacing by the invalidation API's own limits: the bench must never be throttled by the 60-a-minute rule,
// and must not wait when it fits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PACE_MARGIN_MS, paceMs } from './pacing.js';

test('paceMs: no wait while fewer than 60 requests fall in the last minute', () => {
  const sent = Array.from({ length: 59 }, (_, i) => ({ createdAtMs: 1_000 * i, items: 1 }));
  assert.equal(paceMs(sent, 59_000, 1), 0);
  assert.equal(paceMs([], 0, 1), 0);
});

test('paceMs: the 61st request in a minute waits until the oldest leaves the window (whole seconds, plus a margin)', () => {
  const sent = Array.from({ length: 60 }, (_, i) => ({ createdAtMs: 10_000 + 100 * i, items: 1 }));
  // At 20 s the oldest (10 s) leaves the 60 s window at 70 s: 50 s to wait.
  assert.equal(paceMs(sent, 20_000, 1), 50_000 + PACE_MARGIN_MS);
  assert.equal(paceMs(sent, 70_000, 1), 0);
});

test('paceMs: the hourly item budget (10,000) counts too', () => {
  const sent = [{ createdAtMs: 0, items: 9_999 }];
  assert.equal(paceMs(sent, 120_000, 1), 0);
  assert.equal(paceMs(sent, 120_000, 2), 3_480_000 + PACE_MARGIN_MS);
});
