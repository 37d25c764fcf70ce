import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplayGuard } from './replay-guard.js';

const WINDOW_MS = 300_000;

test('domain §1 replay window: a signature is accepted once while it could still pass the Date check', () => {
  const guard = new ReplayGuard(2 * WINDOW_MS);
  assert.equal(guard.firstUse('MPA ck_a:sig1', 0), true);
  assert.equal(guard.firstUse('MPA ck_a:sig1', 1), false, 'replayed a millisecond later');
  assert.equal(guard.firstUse('MPA ck_a:sig1', 2 * WINDOW_MS - 1), false, 'replayed at the very end of its life');
  assert.equal(guard.firstUse('MPA ck_a:sig2', 1), true, 'another signature is independent');
});

test('domain §1 replay window: a signature is forgotten once the Date check alone refuses it', () => {
  const guard = new ReplayGuard(2 * WINDOW_MS);
  guard.firstUse('a', 0);
  guard.firstUse('b', 1_000);
  assert.equal(guard.size, 2);
  assert.equal(guard.firstUse('c', 2 * WINDOW_MS), true);
  assert.equal(guard.size, 2, '"a" expired and was swept; "b" and "c" remain');
  assert.equal(guard.firstUse('b', 2 * WINDOW_MS + 999), false);
  assert.equal(guard.firstUse('b', 2 * WINDOW_MS + 1_000), true, 'remembered no longer than needed');
});

test('replay guard: a clock that steps back never forgets a live signature early', () => {
  const guard = new ReplayGuard(1_000);
  guard.firstUse('late', 5_000);
  guard.firstUse('early', 100);
  assert.equal(guard.firstUse('late', 5_500), false);
  assert.equal(guard.firstUse('early', 1_099), false);
});
