import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INVALIDATION_LIMITS } from '@candela/contract';
import { invalidationRateDecision } from './rate-limit-rules.js';
import type { RecentRequest } from './rate-limit-rules.js';

const NOW = 10_000_000;
const at = (agoMs: number, items = 1): RecentRequest => ({ createdAtMs: NOW - agoMs, items });

describe('invalidation rate limits (per access group)', () => {
  it('the contract’s limits: 60 requests a minute and 10 000 items an hour', () => {
    assert.equal(INVALIDATION_LIMITS.requestsPerMinutePerGroup, 60);
    assert.equal(INVALIDATION_LIMITS.itemsPerHourPerGroup, 10_000);
  });

  it('allows the 60th request in a minute and refuses the 61st until the oldest leaves the window', () => {
    const fiftyNine = Array.from({ length: 59 }, (_, i) => at(59_000 - i * 100));
    assert.deepEqual(invalidationRateDecision({ nowMs: NOW, items: 1, recent: fiftyNine }), { allowed: true });
    const sixty = [...fiftyNine, at(0)];
    // The oldest was made 59 s ago: it leaves in 1 s.
    assert.deepEqual(invalidationRateDecision({ nowMs: NOW, items: 1, recent: sixty }), { allowed: false, limit: 'requests-per-minute', retryAfterS: 1 });
    assert.deepEqual(invalidationRateDecision({ nowMs: NOW + 1_000, items: 1, recent: sixty }), { allowed: true });
  });

  it('requests older than the window do not count; the window slides (no reset at the minute)', () => {
    const old = Array.from({ length: 100 }, () => at(60_000));
    assert.deepEqual(invalidationRateDecision({ nowMs: NOW, items: 1, recent: old }), { allowed: true });
    const spread = Array.from({ length: 60 }, (_, i) => at(30_000 - i));
    const refused = invalidationRateDecision({ nowMs: NOW, items: 1, recent: spread });
    assert.deepEqual(refused, { allowed: false, limit: 'requests-per-minute', retryAfterS: 30 });
  });

  it('items per hour: refuses what would pass 10 000, with the wait until enough old items leave', () => {
    const recent = [at(3_000_000, 4_000), at(1_000_000, 5_000), at(10_000, 900)];
    assert.deepEqual(invalidationRateDecision({ nowMs: NOW, items: 100, recent }), { allowed: true });
    const over = invalidationRateDecision({ nowMs: NOW, items: 101, recent });
    // The 4 000 items made 3 000 s ago leave after another 600 s.
    assert.deepEqual(over, { allowed: false, limit: 'items-per-hour', retryAfterS: 600 });
    assert.deepEqual(invalidationRateDecision({ nowMs: NOW + 600_000, items: 101, recent }), { allowed: true });
  });

  it('over both limits, the longer wait; never less than one second', () => {
    // Items free up in 1 s, requests in 10 s: the answer is the 10 s.
    const recent = [at(3_599_000, 9_990), ...Array.from({ length: 60 }, () => at(50_000, 0))];
    const both = invalidationRateDecision({ nowMs: NOW, items: 20, recent });
    assert.deepEqual(both, { allowed: false, limit: 'requests-per-minute', retryAfterS: 10 });
    const soon = invalidationRateDecision({ nowMs: NOW, items: 1, recent: Array.from({ length: 60 }, () => at(59_999, 0)) });
    assert.deepEqual(soon, { allowed: false, limit: 'requests-per-minute', retryAfterS: 1 }, '1 ms is rounded up to a second');
    const items = invalidationRateDecision({ nowMs: NOW, items: 20, recent: [at(1_800_000, 9_990)] });
    assert.deepEqual(items, { allowed: false, limit: 'items-per-hour', retryAfterS: 1_800 });
  });

  it('limits can be passed in (the same rules, other numbers)', () => {
    const limits = { requestsPerMinute: 2, itemsPerHour: 5 };
    assert.equal(invalidationRateDecision({ nowMs: NOW, items: 1, recent: [at(1), at(2)], limits }).allowed, false);
    assert.equal(invalidationRateDecision({ nowMs: NOW, items: 6, recent: [], limits }).allowed, false, 'a request larger than the hourly limit never fits');
  });
});
