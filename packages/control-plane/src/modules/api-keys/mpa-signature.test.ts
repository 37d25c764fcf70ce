import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import {
  bodyMd5,
  canonicalString,
  parseAuthorization,
  parseHttpDate,
  pathWithoutQuery,
  signRequest,
  verifySignature,
} from './mpa-signature.js';
import type { Headers, SignatureAlgorithm, VerifyInput } from './mpa-signature.js';

const KEY_ID = 'ck_abcdefghijklmnop';
const SECRET = 'uX9pQ2-secret-for-tests';
const DATE = 'Tue, 15 Nov 1994 08:12:31 GMT';
const DATE_MS = Date.UTC(1994, 10, 15, 8, 12, 31);
const BODY = '{"name":"Portal key","contact":"ana@example.com"}';
const CONTENT_TYPE = 'application/json; charset=utf-8';
const PATH = '/api/v1/access-groups/AG1/api-keys';

// Written out by hand from domain.md §1: Date, path without query, Content-Type, METHOD, base64(MD5(body)).
// The MD5 and both signatures below were computed outside this code base with
// `openssl dgst -md5 | -sha1 -hmac | -sha256 -hmac ... -binary | base64`.
const BODY_MD5 = '7OqtLEQ2fqoGeQVDkk3MJA==';
const CANONICAL = `Tue, 15 Nov 1994 08:12:31 GMT\n/api/v1/access-groups/AG1/api-keys\napplication/json; charset=utf-8\nPOST\n${BODY_MD5}`;
const SIG_SHA1 = 'O8rDTvfPfTe9NVJHXMbkTyfOPoE=';
const SIG_SHA256 = 'MQBov3iqlg9HLRjQ+ENaB2c+iHbmSUw+0m+rFnILdlc=';

function secretFor(keyId: string): string | undefined {
  return keyId === KEY_ID ? SECRET : undefined;
}

function signed(algorithm: SignatureAlgorithm = 'sha1'): Headers {
  const h = signRequest({
    keyId: KEY_ID,
    secret: SECRET,
    method: 'post',
    path: `${PATH}?page=2`,
    contentType: CONTENT_TYPE,
    body: BODY,
    date: new Date(DATE_MS),
    algorithm,
  });
  return { authorization: h.authorization, date: h.date, 'content-type': CONTENT_TYPE };
}

function verify(overrides: Partial<VerifyInput> = {}): ReturnType<typeof verifySignature> {
  return verifySignature({
    headers: signed(),
    method: 'POST',
    path: PATH,
    body: BODY,
    secretFor,
    nowMs: DATE_MS + 1_000,
    ...overrides,
  });
}

test('domain §1 MPA signing: canonical string is Date, path, Content-Type, METHOD, body MD5 joined by newlines', () => {
  assert.equal(bodyMd5(BODY), BODY_MD5);
  assert.equal(bodyMd5(Buffer.from(BODY)), BODY_MD5);
  const canonical = canonicalString({
    date: DATE,
    path: PATH,
    contentType: CONTENT_TYPE,
    method: 'POST',
    contentMd5: BODY_MD5,
  });
  assert.equal(canonical, CANONICAL);
});

test('domain §1 MPA signing: the HMAC is taken over the canonical string (checked apart from its construction)', () => {
  assert.equal(createHmac('sha1', SECRET).update(CANONICAL).digest('base64'), SIG_SHA1);
  assert.equal(createHmac('sha256', SECRET).update(CANONICAL).digest('base64'), SIG_SHA256);
  assert.equal(createHash('md5').update(BODY).digest('base64'), BODY_MD5);
});

test('domain §1 MPA signing: fixed vector, HMAC-SHA1 under scheme MPA', () => {
  const h = signed('sha1');
  assert.equal(h['date'], DATE);
  assert.equal(h['authorization'], `MPA ${KEY_ID}:${SIG_SHA1}`);
});

test('domain §1 MPA signing: fixed vector, HMAC-SHA256 variant under scheme MPA-SHA256', () => {
  assert.equal(signed('sha256')['authorization'], `MPA-SHA256 ${KEY_ID}:${SIG_SHA256}`);
});

test('domain §1 MPA signing: an empty body signs "" and no Content-Type signs ""', () => {
  assert.equal(bodyMd5(undefined), '');
  assert.equal(bodyMd5(''), '');
  assert.equal(bodyMd5(new Uint8Array(0)), '');
  // Computed with openssl from "DATE\n/api/v1/services\n\nGET\n".
  const h = signRequest({ keyId: KEY_ID, secret: SECRET, method: 'GET', path: '/api/v1/services?x=1', date: new Date(DATE_MS) });
  assert.equal(h.authorization, `MPA ${KEY_ID}:CzHgSDoL/xf+tKizDiTTCH6NEGo=`);
  const ok = verifySignature({ headers: h, method: 'GET', path: '/api/v1/services', body: undefined, secretFor, nowMs: DATE_MS });
  assert.deepEqual(ok, { ok: true, keyId: KEY_ID, algorithm: 'sha1' });
});

test('domain §1 MPA signing: the path is signed without its query string', () => {
  assert.equal(pathWithoutQuery('/a/b?c=d&e'), '/a/b');
  assert.equal(pathWithoutQuery('/a/b'), '/a/b');
  assert.equal(pathWithoutQuery('/a/b#frag'), '/a/b');
  assert.equal(verify({ path: `${PATH}?other=query` }).ok, true);
});

test('domain §1 MPA signing: both algorithms verify', () => {
  assert.deepEqual(verify({ headers: signed('sha1') }), { ok: true, keyId: KEY_ID, algorithm: 'sha1' });
  assert.deepEqual(verify({ headers: signed('sha256') }), { ok: true, keyId: KEY_ID, algorithm: 'sha256' });
});

test('domain §1 MPA signing: tampering with body, path, method, date or content type fails', () => {
  const invalid = { ok: false, code: 'SIGNATURE_INVALID', reason: 'signature-mismatch' };
  const headers = signed();
  assert.deepEqual(verify({ body: BODY.replace('Portal', 'Other') }), invalid);
  assert.deepEqual(verify({ body: undefined }), invalid);
  assert.deepEqual(verify({ path: `${PATH}/x` }), invalid);
  assert.deepEqual(verify({ path: PATH.toUpperCase() }), invalid);
  assert.deepEqual(verify({ method: 'PUT' }), invalid);
  assert.deepEqual(verify({ headers: { ...headers, date: 'Tue, 15 Nov 1994 08:12:32 GMT' } }), invalid);
  assert.deepEqual(verify({ headers: { ...headers, 'content-type': 'application/json' } }), invalid);
  const { 'content-type': _dropped, ...withoutType } = headers;
  assert.deepEqual(verify({ headers: withoutType }), invalid);
});

test('domain §1 MPA signing: a signature made for one algorithm does not pass as the other', () => {
  const sha1 = String(signed('sha1')['authorization']).replace(/^MPA /, 'MPA-SHA256 ');
  assert.equal(verify({ headers: { ...signed(), authorization: sha1 } }).ok, false);
});

test('domain §1 MPA signing: wrong secret and unknown key id get the same answer', () => {
  const invalid = { ok: false, code: 'SIGNATURE_INVALID', reason: 'signature-mismatch' };
  assert.deepEqual(verify({ secretFor: () => 'another-secret' }), invalid);
  assert.deepEqual(verify({ secretFor: () => undefined }), invalid);
  // A request correctly signed under a key id the server does not know fails the same way.
  const emptyKey = signRequest({ keyId: 'ck_unknown', secret: '', method: 'POST', path: PATH, contentType: CONTENT_TYPE, body: BODY, date: new Date(DATE_MS) });
  assert.deepEqual(verify({ headers: { ...emptyKey, 'content-type': CONTENT_TYPE } }), invalid);
});

test('domain §1 MPA signing: replay window is 5 minutes either way', () => {
  const expired = { ok: false, code: 'SIGNATURE_EXPIRED', reason: 'date-outside-window' };
  assert.equal(verify({ nowMs: DATE_MS + 300_000 }).ok, true);
  assert.equal(verify({ nowMs: DATE_MS - 300_000 }).ok, true);
  assert.deepEqual(verify({ nowMs: DATE_MS + 300_001 }), expired);
  assert.deepEqual(verify({ nowMs: DATE_MS - 300_001 }), expired);
  assert.deepEqual(verify({ nowMs: DATE_MS + 86_400_000 }), expired);
  assert.deepEqual(verify({ nowMs: DATE_MS + 61_000, windowMs: 60_000 }), expired);
});

test('domain §1 MPA signing: a stale request with a bad signature is reported invalid, not expired', () => {
  const r = verify({ nowMs: DATE_MS + 3_600_000, method: 'DELETE' });
  assert.deepEqual(r, { ok: false, code: 'SIGNATURE_INVALID', reason: 'signature-mismatch' });
});

test('domain §1 MPA signing: missing or foreign Authorization is unauthenticated', () => {
  const { authorization: _a, ...noAuth } = signed();
  assert.deepEqual(verify({ headers: noAuth }), { ok: false, code: 'UNAUTHENTICATED', reason: 'missing-authorization' });
  assert.deepEqual(verify({ headers: { ...noAuth, authorization: '  ' } }), {
    ok: false,
    code: 'UNAUTHENTICATED',
    reason: 'missing-authorization',
  });
  assert.deepEqual(verify({ headers: { ...noAuth, authorization: 'Bearer abc.def' } }), {
    ok: false,
    code: 'UNAUTHENTICATED',
    reason: 'other-scheme',
  });
});

test('domain §1 MPA signing: malformed Authorization headers are refused', () => {
  const good = String(signed()['authorization']);
  const sig = good.slice(good.indexOf(':') + 1);
  const cases = [
    'MPA',
    'MPA ',
    `MPA ${KEY_ID}`,
    `MPA ${KEY_ID}:`,
    `MPA :${sig}`,
    `MPA ${KEY_ID}:${sig.slice(0, -1)}`, // missing padding
    `MPA ${KEY_ID}:${sig.slice(0, -4)}`, // too short for SHA-1
    `MPA ${KEY_ID}:${sig}${sig}`, // too long
    `MPA ${KEY_ID}:${sig.replace(/=$/, '!')}`,
    `MPA ${KEY_ID}:${sig} extra`,
    `MPA key id:${sig}`,
    `MPA ${KEY_ID}:${sig}, MPA ${KEY_ID}:${sig}`,
    `MPA-SHA256 ${KEY_ID}:${sig}`, // a SHA-1 length under the SHA-256 scheme
  ];
  for (const authorization of cases) {
    assert.equal(parseAuthorization(authorization).ok, false, authorization);
    assert.deepEqual(
      verify({ headers: { ...signed(), authorization } }),
      { ok: false, code: 'SIGNATURE_INVALID', reason: 'malformed-authorization' },
      authorization,
    );
  }
});

test('RFC 9110 §11.1 auth-scheme is case-insensitive; §5.2 header names too', () => {
  const h = signed('sha256');
  const lower = String(h['authorization']).replace('MPA-SHA256', 'mpa-sha256');
  assert.equal(verify({ headers: { Authorization: lower, Date: h['date'], 'Content-Type': CONTENT_TYPE } }).ok, true);
  const parsed = parseAuthorization(`mpa ${KEY_ID}:${SIG_SHA1}`);
  assert.ok(parsed.ok);
  assert.equal(parsed.value.algorithm, 'sha1');
  assert.equal(parsed.value.keyId, KEY_ID);
});

test('RFC 9110 §5.6.7 Date: missing or not IMF-fixdate is refused', () => {
  const { date: _d, ...noDate } = signed();
  assert.deepEqual(verify({ headers: noDate }), { ok: false, code: 'SIGNATURE_INVALID', reason: 'missing-date' });
  const bad = [
    'Tuesday, 15-Nov-94 08:12:31 GMT', // RFC 850, obsolete
    'Tue Nov 15 08:12:31 1994', // asctime, obsolete
    '1994-11-15T08:12:31Z',
    'Tue, 15 Nov 1994 08:12:31 UTC',
    'Wed, 15 Nov 1994 08:12:31 GMT', // wrong weekday
    'Thu, 31 Feb 1994 08:12:31 GMT', // no such day
    'Tue, 15 Nov 1994 24:00:00 GMT',
    '',
  ];
  for (const date of bad) {
    assert.equal(parseHttpDate(date), undefined, date);
    assert.deepEqual(
      verify({ headers: { ...signed(), date } }),
      { ok: false, code: 'SIGNATURE_INVALID', reason: 'malformed-date' },
      date,
    );
  }
  assert.equal(parseHttpDate(DATE), DATE_MS);
  assert.equal(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT'), Date.UTC(1994, 10, 6, 8, 49, 37));
});
