import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_SLOTS, networkVersions, nextSlots, requestedVersion } from './slot-rules.js';
import type { SlotState } from './slot-rules.js';

const live: SlotState = { staging: 4, current: 2, candidate: { version: 3, percent: 10 } };

test('activation slots: staging and production take the version; an older version is a rollback', () => {
  assert.deepEqual(nextSlots(EMPTY_SLOTS, { target: 'staging', version: 1 }), { ok: true, slots: { staging: 1, current: null, candidate: null }, network: 'staging', version: 1, percent: null });
  assert.deepEqual(nextSlots(live, { target: 'production', version: 1 }), { ok: true, slots: { ...live, current: 1 }, network: 'production', version: 1, percent: null });
});

test('activation slots: a candidate takes a version and a percentage; percent 0 removes it', () => {
  assert.deepEqual(nextSlots(live, { target: 'candidate', version: 5, percent: 25 }), { ok: true, slots: { ...live, candidate: { version: 5, percent: 25 } }, network: 'production', version: 5, percent: 25 });
  assert.deepEqual(nextSlots(live, { target: 'candidate', percent: 0 }), { ok: true, slots: { ...live, candidate: null }, network: 'production', version: null, percent: 0 });
  assert.deepEqual(nextSlots(live, { target: 'candidate', version: 3, percent: 0 }), { ok: true, slots: { ...live, candidate: null }, network: 'production', version: null, percent: 0 });
});

test('activation slots: promote makes the candidate current and clears it; without a candidate it is refused', () => {
  assert.deepEqual(nextSlots(live, { target: 'promote' }), { ok: true, slots: { staging: 4, current: 3, candidate: null }, network: 'production', version: 3, percent: null });
  assert.deepEqual(nextSlots({ ...live, candidate: null }, { target: 'promote' }), { ok: false, code: 'no-candidate' });
});

test('activation slots: which version must exist, and which versions a network serves', () => {
  assert.equal(requestedVersion({ target: 'promote' }), undefined);
  assert.equal(requestedVersion({ target: 'candidate', version: 3, percent: 0 }), undefined);
  assert.equal(requestedVersion({ target: 'candidate', version: 3, percent: 5 }), 3);
  assert.equal(requestedVersion({ target: 'production', version: 2 }), 2);
  assert.deepEqual(networkVersions(live, 'staging'), [4]);
  assert.deepEqual(networkVersions(live, 'production'), [2, 3]);
  assert.deepEqual(networkVersions({ staging: null, current: 3, candidate: { version: 3, percent: 50 } }, 'production'), [3]);
  assert.deepEqual(networkVersions(EMPTY_SLOTS, 'production'), []);
});
