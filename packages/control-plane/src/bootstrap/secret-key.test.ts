import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadOrCreateSecretKey, SECRET_KEY_FILE } from './secret-key.js';

test('secret key: created once with owner-only permissions, then the same key is read back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'candela-key-'));
  const first = loadOrCreateSecretKey(dir);
  assert.equal(first.length, 32);
  assert.equal(statSync(join(dir, SECRET_KEY_FILE)).mode & 0o777, 0o600);
  assert.deepEqual(loadOrCreateSecretKey(dir), first);
});

test('secret key: a damaged key file is refused, not replaced', () => {
  const dir = mkdtempSync(join(tmpdir(), 'candela-key-'));
  writeFileSync(join(dir, SECRET_KEY_FILE), 'abc\n');
  assert.throws(() => loadOrCreateSecretKey(dir), /64 hex digits/);
});
