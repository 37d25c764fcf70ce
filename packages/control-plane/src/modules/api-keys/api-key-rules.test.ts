import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  canCreateKey,
  hashSecret,
  isKeyId,
  keyLifecycle,
  keyLifecycleDates,
  keyStatusAt,
  MAX_ACTIVE_KEYS_PER_GROUP,
  mayGiveKeyRole,
  newKeyMaterial,
  newSecret,
  openSecret,
  sealSecret,
  SECRET_PATTERN,
} from './api-key-rules.js';
import type { RandomBytes } from './api-key-rules.js';
import { BUILT_IN_ROLES } from '../access/permissions.js';
import type { AccessGroupTree } from '../access/permissions.js';

const DAY = 86_400_000;

/** Returns the given bytes in order, so the output of each rule is fixed. */
function fixedSource(...chunks: Uint8Array[]): RandomBytes {
  return (size) => {
    const next = chunks.shift();
    assert.ok(next !== undefined && next.length === size, `unexpected request for ${size} bytes`);
    return next;
  };
}

test('domain §1 API keys: at most 5 active per access group', () => {
  assert.equal(MAX_ACTIVE_KEYS_PER_GROUP, 5);
  for (const n of [0, 1, 4]) assert.equal(canCreateKey(n), true, `${n} active`);
  for (const n of [5, 6]) assert.equal(canCreateKey(n), false, `${n} active`);
});

test('domain §1 API keys: key id is a prefix and 16 base32 characters (RFC 4648 §6), secret 32 random bytes', () => {
  // "fooba" is the RFC 4648 §10 vector MZXW6YTB; doubled it fills the 10 bytes of an id.
  const idBytes = Buffer.from('foobafooba');
  const secretBytes = Buffer.alloc(32, 0xfb);
  const material = newKeyMaterial(fixedSource(idBytes, secretBytes));
  assert.equal(material.keyId, 'ck_mzxw6ytbmzxw6ytb');
  assert.ok(isKeyId(material.keyId));
  assert.equal(material.secret, 'cs_' + secretBytes.toString('base64url'));
  assert.match(material.secret, SECRET_PATTERN);
  assert.ok(Buffer.from(material.secret.slice(3), 'base64url').length >= 32);
});

test('domain §1 API keys: fresh material differs each time and fits the key id grammar of the signature', () => {
  const a = newKeyMaterial();
  const b = newKeyMaterial();
  assert.notEqual(a.keyId, b.keyId);
  assert.notEqual(a.secret, b.secret);
  assert.ok(isKeyId(a.keyId) && isKeyId(b.keyId));
  assert.match(newSecret(), SECRET_PATTERN);
  assert.equal(isKeyId('ck_MZXW6YTBMZXW6YTB'), false);
  assert.equal(isKeyId('ck_mzxw6ytbmzxw6yt'), false);
});

test('domain §1 API keys: a short read from the random source is refused', () => {
  assert.throws(() => newKeyMaterial(() => new Uint8Array(3)), RangeError);
});

test('domain §1 API keys: the secret fingerprint is SHA-256 hex', () => {
  assert.equal(hashSecret('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'); // FIPS 180-2 vector
  assert.equal(hashSecret('cs_x'), createHash('sha256').update('cs_x').digest('hex'));
});

test('domain §1 API keys: a sealed secret opens with the server key and the same key id', () => {
  const key = randomBytes(32);
  const { keyId, secret } = newKeyMaterial();
  const sealed = sealSecret(secret, key, keyId);
  assert.match(sealed, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(sealed.includes(secret.slice(3)), false);
  assert.equal(openSecret(sealed, key, keyId), secret);
  assert.notEqual(sealSecret(secret, key, keyId), sealed, 'a fresh nonce per seal');
});

test('domain §1 API keys: a sealed secret does not open with another key, another key id, or after tampering', () => {
  const key = randomBytes(32);
  const sealed = sealSecret('cs_secret', key, 'ck_aaaaaaaaaaaaaaaa');
  assert.equal(openSecret(sealed, randomBytes(32), 'ck_aaaaaaaaaaaaaaaa'), undefined);
  assert.equal(openSecret(sealed, key, 'ck_bbbbbbbbbbbbbbbb'), undefined);
  const [v, iv, ct, tag] = sealed.split('.') as [string, string, string, string];
  const flipped = Buffer.from(ct, 'base64url');
  flipped[0] = (flipped[0] ?? 0) ^ 1;
  assert.equal(openSecret([v, iv, flipped.toString('base64url'), tag].join('.'), key, 'ck_aaaaaaaaaaaaaaaa'), undefined);
  for (const broken of ['', 'v1', 'v2.' + [iv, ct, tag].join('.'), `${sealed}.x`, [v, 'AA', ct, tag].join('.')]) {
    assert.equal(openSecret(broken, key, 'ck_aaaaaaaaaaaaaaaa'), undefined, broken);
  }
});

test('domain §1 API keys: sealing with a fixed nonce is deterministic, and rotation tries older keys', () => {
  const oldKey = Buffer.alloc(32, 1);
  const newKey = Buffer.alloc(32, 2);
  const iv = Buffer.alloc(12, 7);
  const a = sealSecret('cs_s', oldKey, 'ck_x', fixedSource(iv));
  const b = sealSecret('cs_s', oldKey, 'ck_x', fixedSource(Buffer.from(iv)));
  assert.equal(a, b);
  assert.equal(openSecret(a, [newKey, oldKey], 'ck_x'), 'cs_s');
  assert.equal(openSecret(a, [newKey], 'ck_x'), undefined);
});

test('domain §1 API keys: the sealing key must be 32 bytes', () => {
  assert.throws(() => sealSecret('s', Buffer.alloc(16), 'ck_x'), RangeError);
  assert.throws(() => openSecret(sealSecret('s', Buffer.alloc(32), 'ck_x'), Buffer.alloc(31), 'ck_x'), RangeError);
});

test('domain §1 API keys: inactivity warns at 90 days, disables at 120, deletes at 180', () => {
  const createdAtMs = Date.UTC(2025, 0, 1);
  const lastUsedAtMs = createdAtMs + 10 * DAY;
  const at = (days: number, deltaMs = 0): string =>
    keyLifecycle({ createdAtMs, lastUsedAtMs, nowMs: lastUsedAtMs + days * DAY + deltaMs });
  assert.equal(at(0), 'active');
  assert.equal(at(90, -1), 'active');
  assert.equal(at(90), 'warn');
  assert.equal(at(120, -1), 'warn');
  assert.equal(at(120), 'disabled');
  assert.equal(at(180, -1), 'disabled');
  assert.equal(at(180), 'deleted');
  assert.equal(at(1000), 'deleted');
});

test('domain §1 API keys: a never-used key counts its inactivity from creation', () => {
  const createdAtMs = Date.UTC(2025, 0, 1);
  assert.equal(keyLifecycle({ createdAtMs, lastUsedAtMs: null, nowMs: createdAtMs + 119 * DAY }), 'warn');
  assert.equal(keyLifecycle({ createdAtMs, lastUsedAtMs: null, nowMs: createdAtMs + 120 * DAY }), 'disabled');
  assert.deepEqual(keyLifecycleDates({ createdAtMs, lastUsedAtMs: null }), {
    warnAtMs: createdAtMs + 90 * DAY,
    disableAtMs: createdAtMs + 120 * DAY,
    deleteAtMs: createdAtMs + 180 * DAY,
  });
});

test('domain §1 API keys: use resets the inactivity clock', () => {
  const createdAtMs = Date.UTC(2025, 0, 1);
  const nowMs = createdAtMs + 150 * DAY;
  assert.equal(keyLifecycle({ createdAtMs, lastUsedAtMs: nowMs - DAY, nowMs }), 'active');
});

test('domain §1 API keys: re-enabling restarts the idle clock, so an inactivity-disabled key can come back', () => {
  const createdAtMs = Date.UTC(2025, 0, 1);
  const reactivatedAtMs = createdAtMs + 150 * DAY;
  const use = { createdAtMs, lastUsedAtMs: createdAtMs + DAY, reactivatedAtMs };
  assert.equal(keyLifecycle({ ...use, nowMs: reactivatedAtMs + DAY }), 'active');
  assert.equal(keyLifecycleDates(use).disableAtMs, reactivatedAtMs + 120 * DAY);
  // A later use wins over an earlier re-enabling.
  assert.equal(keyLifecycleDates({ ...use, lastUsedAtMs: reactivatedAtMs + 5 * DAY }).warnAtMs, reactivatedAtMs + 95 * DAY);
});

test('domain §1 API keys: the status in force combines the stored status with the inactivity rule', () => {
  const createdAtMs = Date.UTC(2025, 0, 1);
  const at = (status: 'active' | 'disabled' | 'deleted', days: number) => keyStatusAt({ status, createdAtMs, lastUsedAtMs: null, nowMs: createdAtMs + days * DAY });
  assert.equal(at('active', 0), 'active');
  assert.equal(at('active', 100), 'active', 'the warning period is still active');
  assert.equal(at('active', 120), 'disabled', '120 days unused');
  assert.equal(at('active', 180), 'deleted', '180 days unused');
  assert.equal(at('disabled', 1), 'disabled', 'disabled by an admin');
  assert.equal(at('disabled', 180), 'deleted', 'a disabled key also reaches the deleted state');
  assert.equal(at('deleted', 1), 'deleted', 'deleted is final');
});

test('domain §1 API keys: a key may only be given a role whose every permission the giver holds there', () => {
  const tree: AccessGroupTree = new Map([['top', null], ['child', 'top']]);
  const admin = [{ accessGroupId: 'top', role: BUILT_IN_ROLES.admin }];
  assert.equal(mayGiveKeyRole(admin, BUILT_IN_ROLES.reporting, 'child', tree), true);
  assert.equal(mayGiveKeyRole(admin, BUILT_IN_ROLES['domain-admin'], 'top', tree), false, 'roles:manage is not the admin’s');
  const reporting = [{ accessGroupId: 'top', role: BUILT_IN_ROLES.reporting }];
  assert.equal(mayGiveKeyRole(reporting, BUILT_IN_ROLES.reporting, 'top', tree), false, 'no api-keys:manage');
  // api-keys:manage without users:manage is enough (mayAssignRole would ask for users:manage).
  const keyManager = [{ accessGroupId: 'top', role: { id: 'custom', permissions: ['api-keys:manage', 'reports:view', 'configurations:view'] as const } }];
  assert.equal(mayGiveKeyRole(keyManager, BUILT_IN_ROLES.reporting, 'top', tree), true);
  assert.equal(mayGiveKeyRole(admin, BUILT_IN_ROLES.reporting, 'elsewhere', tree), false, 'an unknown group');
});
