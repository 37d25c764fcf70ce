// Reuse of stored entries in feed mode (issue 5): soft-invalidated entries and, while the feed has not
// caught up, entries stored at or before the hold began are revalidated first; the rest are reused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reuseDecision } from './cache-hold.js';

describe('reuseDecision', () => {
  it('reuses what nothing holds back', () => {
    assert.equal(reuseDecision({ storedAtMs: 100 }, undefined), 'reuse');
  });

  it('a soft-invalidated entry is revalidated, hold or not', () => {
    assert.equal(reuseDecision({ storedAtMs: 100, invalidated: 'soft' }, undefined), 'invalidated');
    assert.equal(reuseDecision({ storedAtMs: 300, invalidated: 'soft' }, 200), 'invalidated');
  });

  it('while the feed catches up, entries stored at or before the hold began are revalidated', () => {
    assert.equal(reuseDecision({ storedAtMs: 100 }, 200), 'held');
    assert.equal(reuseDecision({ storedAtMs: 200 }, 200), 'held');
  });

  it('an entry fetched or revalidated after the hold began is reused', () => {
    assert.equal(reuseDecision({ storedAtMs: 201 }, 200), 'reuse');
  });
});
