import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs } from './backoff.js';

const policy = { initialMs: 250, maxMs: 5_000 };

describe('backoffDelayMs', () => {
  it('doubles from 250 ms and never exceeds 5 s, jittered within the upper half', () => {
    const low = [0, 1, 2, 3, 4, 5, 10, 100].map((a) => backoffDelayMs(a, policy, () => 0));
    const high = [0, 1, 2, 3, 4, 5, 10, 100].map((a) => backoffDelayMs(a, policy, () => 1));
    assert.deepEqual(high, [250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    assert.deepEqual(low, [125, 250, 500, 1000, 2000, 2500, 2500, 2500]);
  });

  it('spreads a fleet: different random draws give different delays', () => {
    const delays = new Set(Array.from({ length: 50 }, (_, i) => backoffDelayMs(4, policy, () => i / 50)));
    assert.ok(delays.size > 40);
  });
});
