// Signed URLs (domain.md §4): the legacy dialect against the handbook's test vector, the candela dialect
// by round trip and by tampering, time windows, rotation by generation digit, hashed-query selection, and
// the token parameters kept out of what the cache and the origin see.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { tokenAuthSchema } from '@candela/contract';
import type { TokenAuthInput } from '@candela/contract';
import { compileTokenAuth, signTokenQuery } from './token-auth.js';

const def = (input: TokenAuthInput) => tokenAuthSchema.parse(input);
const HOME = "There's no place like home!";

describe('token auth, legacy dialect (domain.md §4)', () => {
  const legacy = def({ dialect: 'legacy', secrets: [{ generation: 0, secret: HOME }] });
  const path = '/path/to/resource';
  const query = 'sessionid=12345&misc=abcde&stime=1&etime=9000000000';

  it('domain.md §4 test vector: encoded = 0760514fbdf916646f69b', () => {
    assert.equal(signTokenQuery(legacy, { path, query: 'sessionid=12345&misc=abcde', notBeforeS: 1, notAfterS: 9_000_000_000 }), `${query}&encoded=0760514fbdf916646f69b`);
    const verdict = compileTokenAuth(legacy).verify(path, `${query}&encoded=0760514fbdf916646f69b`, 1_800_000_000);
    assert.deepEqual(verdict, { ok: true, query: 'sessionid=12345&misc=abcde' });
  });

  it('domain.md §4: the hash covers the query up to and including etime, not what follows it', () => {
    const v = compileTokenAuth(legacy);
    const signed = `${query}&encoded=0760514fbdf916646f69b`;
    assert.equal(v.verify(path, `${signed}&later=1`, 100).ok, true);
    assert.deepEqual(v.verify(path, signed.replace('misc=abcde', 'misc=abcdf'), 100), { ok: false, reason: 'token-invalid' });
    assert.deepEqual(v.verify('/path/to/other', signed, 100), { ok: false, reason: 'token-invalid' });
  });

  it('domain.md §4: stime and etime bound the validity', () => {
    const v = compileTokenAuth(legacy);
    const q = signTokenQuery(legacy, { path: '/a', query: '', notBeforeS: 1000, notAfterS: 2000 });
    assert.deepEqual(v.verify('/a', q, 999), { ok: false, reason: 'token-not-yet-valid' });
    assert.equal(v.verify('/a', q, 1000).ok, true);
    assert.equal(v.verify('/a', q, 2000).ok, true);
    assert.deepEqual(v.verify('/a', q, 2001), { ok: false, reason: 'token-expired' });
  });
});

describe('token auth, candela dialect (domain.md §4)', () => {
  const secrets = [
    { generation: 3, secret: 'old-secret-three' },
    { generation: 4, secret: 'new-secret-four!' },
  ];
  const candela = def({ secrets });

  it('a signed URL verifies and reaches the cache and origin without nvb, nva and hash', () => {
    const q = signTokenQuery(candela, { path: '/video/a.mp4', query: 'lang=es&q=1', notBeforeS: 100, notAfterS: 200 });
    assert.match(q, /^lang=es&q=1&nvb=100&nva=200&hash=3[0-9a-f]{64}$/);
    assert.deepEqual(compileTokenAuth(candela).verify('/video/a.mp4', q, 150), { ok: true, query: 'lang=es&q=1' });
  });

  it('the hash is HMAC-SHA256 over path ? covered pairs, after the generation digit', () => {
    const q = signTokenQuery(candela, { path: '/x', query: 'a=1', notAfterS: 50, generation: 4 });
    const expected = createHmac('sha256', 'new-secret-four!').update('/x?a=1&nva=50').digest('hex');
    assert.equal(q, `a=1&nva=50&hash=4${expected}`);
  });

  it('rotation: either generation verifies; an unknown digit does not', () => {
    const v = compileTokenAuth(candela);
    for (const generation of [3, 4]) assert.equal(v.verify('/x', signTokenQuery(candela, { path: '/x', query: '', notAfterS: 50, generation }), 10).ok, true);
    const other = def({ secrets: [{ generation: 7, secret: 'old-secret-three' }] });
    assert.deepEqual(v.verify('/x', signTokenQuery(other, { path: '/x', query: '', notAfterS: 50 }), 10), { ok: false, reason: 'token-invalid' });
  });

  it('tampering with a covered parameter, the time or the path is refused', () => {
    const v = compileTokenAuth(candela);
    const q = signTokenQuery(candela, { path: '/x', query: 'user=7', notAfterS: 50 });
    assert.deepEqual(v.verify('/x', q.replace('user=7', 'user=8'), 10), { ok: false, reason: 'token-invalid' });
    assert.deepEqual(v.verify('/x', q.replace('nva=50', 'nva=99'), 10), { ok: false, reason: 'token-invalid' });
    assert.deepEqual(v.verify('/y', q, 10), { ok: false, reason: 'token-invalid' });
    assert.deepEqual(v.verify('/x', q + '0', 10), { ok: false, reason: 'token-invalid' });
  });

  it('missing and malformed tokens have their own reasons', () => {
    const v = compileTokenAuth(candela);
    assert.deepEqual(v.verify('/x', '', 10), { ok: false, reason: 'token-missing' });
    assert.deepEqual(v.verify('/x', 'nva=50', 10), { ok: false, reason: 'token-missing' });
    assert.deepEqual(v.verify('/x', 'nva=soon&hash=3ab', 10), { ok: false, reason: 'token-malformed' });
    assert.deepEqual(v.verify('/x', 'nvb=x&nva=50&hash=3ab', 10), { ok: false, reason: 'token-malformed' });
  });

  it('hashedQuery all-except: the listed parameters may change freely; only: only the listed ones are covered', () => {
    const except = def({ secrets, hashedQuery: { mode: 'all-except', names: ['utm'] } });
    const q1 = signTokenQuery(except, { path: '/x', query: 'utm=a&id=1', notAfterS: 50 });
    assert.equal(compileTokenAuth(except).verify('/x', q1.replace('utm=a', 'utm=b'), 10).ok, true);
    assert.equal(compileTokenAuth(except).verify('/x', q1.replace('id=1', 'id=2'), 10).ok, false);
    const only = def({ secrets, hashedQuery: { mode: 'only', names: ['id'] } });
    const q2 = signTokenQuery(only, { path: '/x', query: 'utm=a&id=1', notAfterS: 50 });
    assert.equal(compileTokenAuth(only).verify('/x', q2.replace('utm=a', 'utm=zz'), 10).ok, true);
    assert.equal(compileTokenAuth(only).verify('/x', q2.replace('id=1', 'id=2'), 10).ok, false);
  });

  it('GMT times and renamed parameters', () => {
    const gmt = def({ secrets, timeFormat: 'gmt', parameters: { notBefore: 'from', notAfter: 'until', hash: 'sig' } });
    const from = Date.UTC(2026, 10, 29, 6, 0, 0) / 1000;
    const q = signTokenQuery(gmt, { path: '/x', query: '', notBeforeS: from, notAfterS: from + 3600 });
    assert.match(q, /^from=20261129T060000Z&until=20261129T070000Z&sig=3[0-9a-f]{64}$/);
    const v = compileTokenAuth(gmt);
    assert.equal(v.verify('/x', q, from + 10).ok, true);
    assert.deepEqual(v.verify('/x', q, from + 3601), { ok: false, reason: 'token-expired' });
    assert.deepEqual(v.verify('/x', q.replace('20261129T060000Z', '20260231T060000Z'), from), { ok: false, reason: 'token-malformed' });
  });
});

describe('tokenAuthSchema', () => {
  it('refuses a repeated generation and parameter names that collide', () => {
    const r = tokenAuthSchema.safeParse({ secrets: [{ generation: 1, secret: 'aaaaaaaa' }, { generation: 1, secret: 'bbbbbbbb' }], parameters: { hash: 'nva' } });
    assert.ok(!r.success);
    const messages = r.error.issues.map((i) => `${i.path.join('/')} ${i.message}`).sort();
    assert.deepEqual(messages, ['parameters token.parametersDistinct', 'secrets/1/generation token.generationRepeated']);
  });
});
