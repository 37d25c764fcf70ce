// The pure rules of accounts (domain.md §1, "Service / SCID" and "Users"): service ids, the password
// policy, sign-in lockout and inactivity. The clock is always passed in (`nowMs`).

export { hashPassword, passwordNeedsRehash, verifyPassword, verifyPasswordOfUnknownUser } from './password-hash.js';

/** A source of random bytes, injected so tests can fix the output. */
export type RandomBytes = (size: number) => Uint8Array;

const SCID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SCID_LENGTH = 9;
// Bytes at or above the largest multiple of 36 are dropped, so every character is equally likely
// (a plain `byte % 36` would favour the first 4 characters).
const SCID_BYTE_LIMIT = 256 - (256 % SCID_ALPHABET.length);

/** domain.md §1: "a service component ID of 9 upper-case alphanumeric characters". */
export const SCID_PATTERN = /^[A-Z0-9]{9}$/;

export function isScid(value: string): boolean {
  return SCID_PATTERN.test(value);
}

/**
 * domain.md §1: a new SCID. Random rather than sequential, so ids reveal nothing about how many customers
 * or services exist; 36^9 ≈ 10^14 values make clashes rare, and the repository's unique index plus a
 * retry deals with the rare one.
 */
export function generateScid(random: RandomBytes): string {
  let scid = '';
  while (scid.length < SCID_LENGTH) {
    for (const byte of random(SCID_LENGTH)) {
      if (byte >= SCID_BYTE_LIMIT) continue;
      scid += SCID_ALPHABET[byte % SCID_ALPHABET.length] ?? '';
      if (scid.length === SCID_LENGTH) break;
    }
  }
  return scid;
}

/**
 * Our policy (no number is set by domain.md): at least 12 characters, above the 8 of NIST SP 800-63B
 * §5.1.1.2, and not the e-mail address. No composition rules, as that section advises.
 */
export const MIN_PASSWORD_LENGTH = 12;
/** An upper bound keeps hashing cost bounded; long passphrases still fit easily. */
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'TOO_SHORT' | 'TOO_LONG' | 'SAME_AS_EMAIL';

/**
 * Length is counted in Unicode code points of the NFC form, the form that is hashed, so "contraseña"
 * counts the same whether the keyboard sent "ñ" as one code point or two.
 */
export function checkPassword(password: string, email: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password.normalize('NFC')].length;
  if (length < MIN_PASSWORD_LENGTH) problems.push('TOO_SHORT');
  if (length > MAX_PASSWORD_LENGTH) problems.push('TOO_LONG');
  // The address (or its local part) is the first thing anyone who knows the login would try.
  const candidate = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  const localPart = at === -1 ? address : address.slice(0, at);
  if (candidate === address || candidate === localPart) problems.push('SAME_AS_EMAIL');
  return problems;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Issue 3 ("30-minute lockout after 5 failed attempts"; domain.md §1 "repeated failed sign-ins" (ref)). */
export const MAX_FAILED_SIGN_INS = 5;
/** domain.md §1: "30-minute lockout". */
export const LOCKOUT_MS = 30 * MINUTE_MS;
/**
 * Ours: a failure streak is forgotten after 30 minutes without another failure, so five typos spread over
 * months never lock anyone, while a guesser still gets at most about 5 tries per 30 minutes.
 */
export const FAILURE_MEMORY_MS = 30 * MINUTE_MS;

export interface SignInGuard {
  readonly failedCount: number;
  readonly lastFailedAtMs: number | null;
  readonly lockedUntilMs: number | null;
}

export const INITIAL_SIGN_IN_GUARD: SignInGuard = { failedCount: 0, lastFailedAtMs: null, lockedUntilMs: null };

export function isLocked(state: SignInGuard, nowMs: number): boolean {
  return state.lockedUntilMs !== null && nowMs < state.lockedUntilMs;
}

/** What a Retry-After header and the ACCOUNT_LOCKED message can tell the user; 0 when not locked. */
export function lockRemainingMs(state: SignInGuard, nowMs: number): number {
  return isLocked(state, nowMs) && state.lockedUntilMs !== null ? state.lockedUntilMs - nowMs : 0;
}

/**
 * domain.md §1: counts a failed sign-in; the 5th failure in a streak locks the user for 30 minutes.
 * Attempts while locked are not counted and do not extend the lock (the service refuses them before
 * checking the password), so the real user never waits more than 30 minutes. After a lock ends the
 * next failure starts a new streak.
 */
export function afterFailedSignIn(state: SignInGuard, nowMs: number): SignInGuard {
  if (isLocked(state, nowMs)) return state;
  const newStreak =
    state.lockedUntilMs !== null || state.lastFailedAtMs === null || nowMs - state.lastFailedAtMs >= FAILURE_MEMORY_MS;
  const failedCount = newStreak ? 1 : state.failedCount + 1;
  return {
    failedCount,
    lastFailedAtMs: nowMs,
    lockedUntilMs: failedCount >= MAX_FAILED_SIGN_INS ? nowMs + LOCKOUT_MS : null,
  };
}

/** A successful sign-in (only possible when not locked) clears the streak; so does an admin's reset. */
export function afterSuccessfulSignIn(): SignInGuard {
  return INITIAL_SIGN_IN_GUARD;
}

/**
 * domain.md §1 user statuses. Stored as active / disabled / expired (an admin's or the invitation flow's
 * decision); "inactive" is also derived from the clock by userStatusAt, so no job has to run on time for
 * the rule to hold.
 */
export type UserStatus = 'active' | 'inactive' | 'disabled' | 'expired';

/** domain.md §1: "inactive after 180 days without sign-in" (ref). */
export const USER_INACTIVE_AFTER_MS = 180 * DAY_MS;

export interface UserActivity {
  readonly status: UserStatus;
  readonly lastSignInAtMs: number | null;
  readonly createdAtMs: number;
  /** When an admin last reactivated the user: the 180 days restart from there, or reactivation would not stick. */
  readonly reactivatedAtMs?: number | null;
  readonly nowMs: number;
}

/**
 * domain.md §1: the status at `nowMs`. An active user becomes inactive once 180 full days have passed
 * since the latest of sign-in, creation (for someone who never signed in) and reactivation. Other
 * statuses are kept as stored.
 */
export function userStatusAt(user: UserActivity): UserStatus {
  if (user.status !== 'active') return user.status;
  const sinceMs = Math.max(user.createdAtMs, user.lastSignInAtMs ?? user.createdAtMs, user.reactivatedAtMs ?? user.createdAtMs);
  return user.nowMs - sinceMs >= USER_INACTIVE_AFTER_MS ? 'inactive' : 'active';
}
