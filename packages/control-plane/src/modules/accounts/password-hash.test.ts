import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, passwordNeedsRehash, verifyPassword, verifyPasswordOfUnknownUser } from './password-hash.js';
import { hash } from 'argon2';

test('issue 3 passwords: hashed with argon2id and verified', async () => {
  const stored = await hashPassword('correct horse battery');
  const [, type, version, params] = stored.split('$');
  assert.equal(type, 'argon2id');
  assert.equal(version, 'v=19');
  assert.deepEqual(params?.split(',').sort(), ['m=19456', 'p=1', 't=2']);
  assert.equal(await verifyPassword(stored, 'correct horse battery'), true);
  assert.equal(await verifyPassword(stored, 'correct horse batterY'), false);
  assert.notEqual(await hashPassword('correct horse battery'), stored, 'a fresh salt per hash');
  assert.equal(passwordNeedsRehash(stored), false);
});

test('issue 3 passwords: the same password in another Unicode composition still matches (RFC 8265 §4.2 NFC)', async () => {
  const stored = await hashPassword('contraseña segura');
  assert.equal(await verifyPassword(stored, 'contrasen\u0303a segura'), true);
});

test('issue 3 passwords: a value that is not an argon2 hash never verifies', async () => {
  assert.equal(await verifyPassword('', 'anything at all'), false);
  assert.equal(await verifyPassword('!invited', 'anything at all'), false);
});

test('issue 3 passwords: hashes made with other parameters are flagged for rehash', async () => {
  const weaker = await hash('x'.repeat(12), { memoryCost: 8192, timeCost: 1, parallelism: 1 });
  assert.equal(passwordNeedsRehash(weaker), true);
});

test('issue 3 passwords: an unknown user costs a real verification and always fails', async () => {
  assert.equal(await verifyPasswordOfUnknownUser('decoy password that matches nobody'), false);
  assert.equal(await verifyPasswordOfUnknownUser('anything'), false);
});
