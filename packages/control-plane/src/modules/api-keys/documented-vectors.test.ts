// The test vectors published in docs/api.md ("What is signed") must be what the server computes, so a
// customer who implements the scheme from the docs gets working signatures.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { signRequest } from './mpa-signature.js';

const docs = readFileSync(new URL('../../../../../docs/api.md', import.meta.url), 'utf8');
const key = { keyId: 'ck_mzxw6ytbmzxw6ytb', secret: 'cs_Candela-docs-example-secret-not-a-real-one-00' };
const date = new Date('Sat, 28 Nov 2026 12:00:00 GMT');
const body = '{"name":"Radio","scids":[]}';

test('domain §1 MPA: the documented test vectors are the signatures the server computes', () => {
  const vectors = [
    signRequest({ ...key, method: 'GET', path: '/api/v1/services?limit=5', date }),
    signRequest({ ...key, method: 'POST', path: '/api/v1/access-groups/ag_1/children', contentType: 'application/json', body, date }),
    signRequest({ ...key, method: 'POST', path: '/api/v1/access-groups/ag_1/children', contentType: 'application/json', body, date, algorithm: 'sha256' }),
  ];
  for (const v of vectors) {
    assert.equal(v.date, 'Sat, 28 Nov 2026 12:00:00 GMT');
    assert.ok(docs.includes(`\`${v.authorization}\``), `docs/api.md lists ${v.authorization}`);
  }
});
