import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  afterFailedSignIn,
  afterSuccessfulSignIn,
  checkPassword,
  generateScid,
  INITIAL_SIGN_IN_GUARD,
  isLocked,
  isScid,
  lockRemainingMs,
  userStatusAt,
} from './account-rules.js';
import type { SignInGuard } from './account-rules.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 5, 1, 12);

test('domain §1 SCID: 9 upper-case alphanumerics', () => {
  for (const ok of ['ABC123XYZ', '000000000', 'ZZZZZZZZZ']) assert.equal(isScid(ok), true, ok);
  for (const bad of ['ABC123XY', 'ABC123XYZ0', 'abc123xyz', 'ABC-23XYZ', 'ABC 23XYZ', 'ÁBC123XYZ', '']) {
    assert.equal(isScid(bad), false, bad);
  }
});

test('domain §1 SCID: generated ids are valid and unbiased (bytes ≥ 252 are skipped)', () => {
  const chunks = [Uint8Array.from([255, 0, 35, 36, 251, 252, 10, 1, 2]), Uint8Array.from([3, 4, 9, 9, 9, 9, 9, 9, 9])];
  const source = (size: number): Uint8Array => {
    const next = chunks.shift();
    assert.ok(next !== undefined && next.length === size);
    return next;
  };
  assert.equal(generateScid(source), '0Z0ZA1234');
  for (let i = 0; i < 200; i++) assert.ok(isScid(generateScid(randomBytes)));
});

test('our password policy: at least 12 characters, counted as code points of the NFC form', () => {
  assert.deepEqual(checkPassword('short', 'ana@example.com'), ['TOO_SHORT']);
  assert.deepEqual(checkPassword('a'.repeat(11), 'ana@example.com'), ['TOO_SHORT']);
  assert.deepEqual(checkPassword('a'.repeat(12), 'ana@example.com'), []);
  // "contraseñas" + "!" = 12 characters, whether ñ is one code point or n + combining tilde.
  assert.deepEqual(checkPassword('contraseñas!', 'ana@example.com'), []);
  assert.deepEqual(checkPassword('contrasen\u0303as!', 'ana@example.com'), []);
  assert.deepEqual(checkPassword('🔑'.repeat(12), 'ana@example.com'), []);
  assert.deepEqual(checkPassword('x'.repeat(257), 'ana@example.com'), ['TOO_LONG']);
});

test('our password policy: the password is not the e-mail address', () => {
  assert.deepEqual(checkPassword('Ana.Garcia@Example.com', 'ana.garcia@example.com'), ['SAME_AS_EMAIL']);
  assert.deepEqual(checkPassword('ana.garcia.lopez', 'ana.garcia.lopez@example.com'), ['SAME_AS_EMAIL']);
  assert.deepEqual(checkPassword('a@b.co', 'a@b.co'), ['TOO_SHORT', 'SAME_AS_EMAIL']);
  assert.deepEqual(checkPassword('ana.garcia@example.com!', 'ana.garcia@example.com'), []);
});

function failTimes(n: number, startMs: number, stepMs: number, state: SignInGuard = INITIAL_SIGN_IN_GUARD): SignInGuard {
  let s = state;
  for (let i = 0; i < n; i++) s = afterFailedSignIn(s, startMs + i * stepMs);
  return s;
}

test('domain §1 lockout: the 5th failed sign-in locks the user for 30 minutes', () => {
  const four = failTimes(4, T0, MINUTE);
  assert.equal(isLocked(four, T0 + 4 * MINUTE), false);
  const five = afterFailedSignIn(four, T0 + 4 * MINUTE);
  assert.equal(isLocked(five, T0 + 4 * MINUTE), true);
  assert.equal(lockRemainingMs(five, T0 + 4 * MINUTE), 30 * MINUTE);
  assert.equal(isLocked(five, T0 + 34 * MINUTE - 1), true);
  assert.equal(isLocked(five, T0 + 34 * MINUTE), false);
  assert.equal(lockRemainingMs(five, T0 + 34 * MINUTE), 0);
});

test('domain §1 lockout: attempts while locked neither count nor extend the lock', () => {
  const locked = failTimes(5, T0, 1000);
  const again = afterFailedSignIn(locked, T0 + 10 * MINUTE);
  assert.deepEqual(again, locked);
});

test('domain §1 lockout: after the lock ends a new streak starts', () => {
  const locked = failTimes(5, T0, 1000);
  const after = afterFailedSignIn(locked, T0 + 40 * MINUTE);
  assert.equal(after.failedCount, 1);
  assert.equal(isLocked(after, T0 + 40 * MINUTE), false);
  assert.equal(isLocked(failTimes(4, T0 + 41 * MINUTE, 1000, after), T0 + 42 * MINUTE), true);
});

test('domain §1 lockout: a success clears the streak', () => {
  const four = failTimes(4, T0, 1000);
  const cleared = afterSuccessfulSignIn();
  assert.deepEqual(cleared, INITIAL_SIGN_IN_GUARD);
  assert.equal(isLocked(afterFailedSignIn(cleared, T0 + 5000), T0 + 5000), false);
  assert.equal(four.failedCount, 4);
});

test('our lockout rule: failures 30 minutes apart start a new streak', () => {
  const spread = failTimes(10, T0, 30 * MINUTE);
  assert.equal(spread.failedCount, 1);
  assert.equal(isLocked(spread, T0 + 270 * MINUTE), false);
  const justInside = failTimes(5, T0, 30 * MINUTE - 1);
  assert.equal(isLocked(justInside, T0 + 4 * (30 * MINUTE - 1)), true);
});

test('domain §1 users: inactive after 180 days without sign-in', () => {
  const base = { status: 'active' as const, createdAtMs: T0 - 400 * DAY, lastSignInAtMs: T0 };
  assert.equal(userStatusAt({ ...base, nowMs: T0 + 180 * DAY - 1 }), 'active');
  assert.equal(userStatusAt({ ...base, nowMs: T0 + 180 * DAY }), 'inactive');
});

test('domain §1 users: a user who never signed in counts from creation', () => {
  const base = { status: 'active' as const, createdAtMs: T0, lastSignInAtMs: null };
  assert.equal(userStatusAt({ ...base, nowMs: T0 + 179 * DAY }), 'active');
  assert.equal(userStatusAt({ ...base, nowMs: T0 + 180 * DAY }), 'inactive');
});

test('domain §1 users: reactivation by an admin restarts the 180 days', () => {
  const user = { status: 'active' as const, createdAtMs: T0 - 400 * DAY, lastSignInAtMs: T0 - 300 * DAY };
  assert.equal(userStatusAt({ ...user, nowMs: T0 }), 'inactive');
  assert.equal(userStatusAt({ ...user, reactivatedAtMs: T0, nowMs: T0 + DAY }), 'active');
  assert.equal(userStatusAt({ ...user, reactivatedAtMs: T0, nowMs: T0 + 180 * DAY }), 'inactive');
});

test('domain §1 users: disabled and expired stay as stored', () => {
  for (const status of ['disabled', 'expired', 'inactive'] as const) {
    assert.equal(userStatusAt({ status, createdAtMs: T0, lastSignInAtMs: T0, nowMs: T0 + DAY }), status);
  }
});
