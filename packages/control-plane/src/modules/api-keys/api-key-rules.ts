// The pure rules of API keys (domain.md §1, "API keys" (ref)): how many, what they look like, how the
// secret is kept, and when an unused key is warned about, disabled and deleted.
import { createCipheriv, createDecipheriv, createHash, randomBytes as cryptoRandomBytes } from 'node:crypto';
import { can } from '../access/permissions.js';
import type { AccessGroupTree, Grant, Role } from '../access/permissions.js';

/** A source of random bytes, injected so tests can fix the output. */
export type RandomBytes = (size: number) => Uint8Array;

/** domain.md §1: "at most 5 active per AG". */
export const MAX_ACTIVE_KEYS_PER_GROUP = 5;

/**
 * domain.md §1: a new key may be created while the group has fewer than 5 active keys. Enabling a
 * disabled key makes one more active key too, so the service asks the same question before enabling.
 */
export function canCreateKey(activeCount: number): boolean {
  return activeCount < MAX_ACTIVE_KEYS_PER_GROUP;
}

// Recognisable prefixes let secret scanners (and people reading a log) tell our key ids and secrets from
// other tokens; the id is public, the secret is not, so they carry different prefixes.
const KEY_ID_PREFIX = 'ck_';
const SECRET_PREFIX = 'cs_';
const KEY_ID_RANDOM_BYTES = 10; // 80 bits, exactly 16 base32 characters
const SECRET_RANDOM_BYTES = 32; // 256 bits, as strong as the HMAC-SHA256 variant can use
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'; // RFC 4648 §6, lower case

export const KEY_ID_PATTERN = /^ck_[a-z2-7]{16}$/;
export const SECRET_PATTERN = /^cs_[A-Za-z0-9_-]{43}$/;

export function isKeyId(value: string): boolean {
  return KEY_ID_PATTERN.test(value);
}

/** RFC 4648 §6 base32 without padding (only whole 5-byte groups are passed here). */
function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(buffer >> bits) & 31] ?? '';
    }
  }
  return out;
}

function take(random: RandomBytes, size: number): Uint8Array {
  const bytes = random(size);
  // A short read from a broken source would silently weaken every key: refuse it.
  if (bytes.length !== size) throw new RangeError(`random source returned ${bytes.length} bytes, wanted ${size}`);
  return bytes;
}

export interface KeyMaterial {
  /** Public: sent in every Authorization header, shown in lists. */
  readonly keyId: string;
  /** Shown to the customer once (domain.md §1), then only kept sealed. */
  readonly secret: string;
}

export function newKeyMaterial(random: RandomBytes = cryptoRandomBytes): KeyMaterial {
  return {
    keyId: KEY_ID_PREFIX + base32(take(random, KEY_ID_RANDOM_BYTES)),
    secret: SECRET_PREFIX + Buffer.from(take(random, SECRET_RANDOM_BYTES)).toString('base64url'),
  };
}

/** "Regenerable (old secret dies at once)": a new secret for an existing key id. */
export function newSecret(random: RandomBytes = cryptoRandomBytes): string {
  return SECRET_PREFIX + Buffer.from(take(random, SECRET_RANDOM_BYTES)).toString('base64url');
}

/**
 * SHA-256 hex of a secret: a fingerprint, not the way the secret is kept. It goes in the audit log's
 * before/after of a regeneration and lets support confirm which secret a customer holds without anyone
 * seeing it. It cannot verify requests: the MPA scheme is an HMAC, so the server needs the secret itself.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

// How the secret is kept: sealed with AES-256-GCM under a server key (from configuration, never in the
// database), because verifying an HMAC needs the plain secret and a hash cannot give it back. A stolen
// database alone then yields no usable secret. The key id is bound in as additional authenticated data,
// so a sealed secret copied onto another key's row does not open there.
// Format: v1.<iv>.<ciphertext>.<tag>, each base64url; "v1" names this layout so it can change later.
const SEAL_VERSION = 'v1';
const SEAL_KEY_BYTES = 32;
const SEAL_IV_BYTES = 12; // the GCM nonce size (NIST SP 800-38D §8.2) that needs no extra hashing
const SEAL_TAG_BYTES = 16;

function aad(keyId: string): Buffer {
  return Buffer.from(`candela/api-key-secret/${SEAL_VERSION}\n${keyId}`, 'utf8');
}

function checkKey(key: Uint8Array): void {
  if (key.length !== SEAL_KEY_BYTES) throw new RangeError(`the sealing key must be ${SEAL_KEY_BYTES} bytes`);
}

export function sealSecret(
  secret: string,
  key: Uint8Array,
  keyId: string,
  random: RandomBytes = cryptoRandomBytes,
): string {
  checkKey(key);
  // A fresh random nonce per seal: GCM loses its guarantees if a nonce repeats under one key.
  const iv = take(random, SEAL_IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: SEAL_TAG_BYTES });
  cipher.setAAD(aad(keyId));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const parts = [iv, ciphertext, cipher.getAuthTag()].map((b) => Buffer.from(b).toString('base64url'));
  return [SEAL_VERSION, ...parts].join('.');
}

/**
 * Opens a sealed secret, or undefined when it was tampered with, belongs to another key id or was sealed
 * under none of the given keys. Several keys may be given while the server key is being rotated: the
 * newest first, older ones until every row has been re-sealed.
 */
export function openSecret(
  sealed: string,
  keys: Uint8Array | readonly Uint8Array[],
  keyId: string,
): string | undefined {
  const [version, ivText, ctText, tagText, ...rest] = sealed.split('.');
  if (version !== SEAL_VERSION || ivText === undefined || ctText === undefined || tagText === undefined) return undefined;
  if (rest.length > 0) return undefined;
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== SEAL_IV_BYTES || tag.length !== SEAL_TAG_BYTES) return undefined;
  const ciphertext = Buffer.from(ctText, 'base64url');
  for (const key of keys instanceof Uint8Array ? [keys] : keys) {
    checkKey(key);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: SEAL_TAG_BYTES });
      decipher.setAAD(aad(keyId));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // Authentication failed under this key: try the next one.
    }
  }
  return undefined;
}

const DAY_MS = 86_400_000;
/** domain.md §1: "disabled after 120 days unused". */
export const KEY_DISABLE_AFTER_MS = 120 * DAY_MS;
/** domain.md §1: "deleted-state after 180". */
export const KEY_DELETE_AFTER_MS = 180 * DAY_MS;
/** domain.md §1: "warning 30 days before" the key is disabled. */
export const KEY_WARN_AFTER_MS = KEY_DISABLE_AFTER_MS - 30 * DAY_MS;

export type KeyLifecycle = 'active' | 'warn' | 'disabled' | 'deleted';

export interface KeyUse {
  /** Last successfully verified request, or null when never used. */
  readonly lastUsedAtMs: number | null;
  readonly createdAtMs: number;
  /**
   * When an admin last enabled the key again. It restarts the idle clock, as users.reactivated_at does for
   * users: otherwise a key disabled for inactivity would be disabled again the instant it was enabled.
   */
  readonly reactivatedAtMs?: number | null;
}

/** The instant the key's idle time counts from: its last use, creation or re-enabling, whichever is latest. */
export function idleSinceMs(use: KeyUse): number {
  // A key never used counts its idle time from creation, so an unused key is still cleaned up.
  return Math.max(use.lastUsedAtMs ?? use.createdAtMs, use.reactivatedAtMs ?? Number.NEGATIVE_INFINITY);
}

export interface KeyLifecycleDates {
  readonly warnAtMs: number;
  readonly disableAtMs: number;
  readonly deleteAtMs: number;
}

/** When each inactivity step falls due; the mail job schedules the warning from `warnAtMs`. */
export function keyLifecycleDates(use: KeyUse): KeyLifecycleDates {
  const since = idleSinceMs(use);
  return {
    warnAtMs: since + KEY_WARN_AFTER_MS,
    disableAtMs: since + KEY_DISABLE_AFTER_MS,
    deleteAtMs: since + KEY_DELETE_AFTER_MS,
  };
}

/**
 * domain.md §1: where an unused key stands at `nowMs`. Each step applies from the instant its full period
 * has passed (120 days unused = disabled at exactly 120 days). A key an admin disabled by hand is a
 * separate, stored state; this is only the inactivity rule.
 */
export function keyLifecycle(input: KeyUse & { readonly nowMs: number }): KeyLifecycle {
  const dates = keyLifecycleDates(input);
  if (input.nowMs >= dates.deleteAtMs) return 'deleted';
  if (input.nowMs >= dates.disableAtMs) return 'disabled';
  if (input.nowMs >= dates.warnAtMs) return 'warn';
  return 'active';
}

export type StoredKeyStatus = 'active' | 'disabled' | 'deleted';

/**
 * Where a key stands at `nowMs`: its stored status (an admin's disable, a delete) combined with the
 * inactivity rule, so a key past 120 idle days is refused and shown as disabled even before the lifecycle
 * job has written that down. "deleted" is final whichever way it was reached.
 */
export function keyStatusAt(input: KeyUse & { readonly status: StoredKeyStatus; readonly nowMs: number }): StoredKeyStatus {
  const idle = keyLifecycle(input);
  if (input.status === 'deleted' || idle === 'deleted') return 'deleted';
  if (input.status === 'disabled' || idle === 'disabled') return 'disabled';
  return 'active';
}

/**
 * Who may hand out a key with `role` on a group (create it, or take a fresh secret for it): someone who
 * manages API keys there and holds every permission of the role there. Like mayAssignRole for users, the
 * second half stops an admin from minting a key stronger than themselves; unlike it, users:manage is not
 * required, since a key is not a user.
 */
export function mayGiveKeyRole(actorGrants: readonly Grant[], role: Role, accessGroupId: string, tree: AccessGroupTree): boolean {
  return (
    can(actorGrants, 'api-keys:manage', accessGroupId, tree) &&
    role.permissions.every((p) => can(actorGrants, p, accessGroupId, tree))
  );
}
