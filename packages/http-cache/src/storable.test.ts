import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storability } from './storable.js';
import { cacheDirectives } from './targeted-fields.js';
import type { HeaderMap } from './types.js';

function check(res: HeaderMap, opts: { method?: string; status?: number; req?: HeaderMap } = {}): string {
  const verdict = storability({
    method: opts.method ?? 'GET',
    status: opts.status ?? 200,
    req: opts.req ?? {},
    res,
    directives: cacheDirectives(res).directives,
  });
  return verdict.storable ? 'stored' : verdict.reason;
}

describe('storable (RFC 9111 §3)', () => {
  test('RFC 9111 §3 a fresh GET 200 is storable', () => {
    assert.equal(check({ 'cache-control': 'max-age=60' }), 'stored');
  });

  test('RFC 9111 §3 only GET responses are stored; HEAD has no content to store', () => {
    assert.equal(check({ 'cache-control': 'max-age=60' }, { method: 'HEAD' }), 'head');
    assert.equal(check({ 'cache-control': 'max-age=60' }, { method: 'POST' }), 'method');
  });

  test('RFC 9111 §3 the status must be final; 206 and 304 are not stored', () => {
    assert.equal(check({ 'cache-control': 'max-age=60' }, { status: 103 }), 'not-final');
    assert.equal(check({ 'cache-control': 'max-age=60' }, { status: 206 }), 'partial');
    assert.equal(check({ 'cache-control': 'max-age=60' }, { status: 304 }), 'not-modified');
    assert.equal(check({ 'cache-control': 'max-age=60' }, { status: 600 }), 'status');
    assert.equal(check({ 'cache-control': 'max-age=60' }, { status: 599 }), 'stored');
  });

  test('RFC 9111 §5.2.2.5 response no-store prevents storing (any case)', () => {
    assert.equal(check({ 'cache-control': 'No-StOrE, max-age=60' }), 'no-store');
  });

  test('RFC 9111 §5.2.1.5 request no-store prevents storing', () => {
    const req = { 'cache-control': 'no-store' };
    assert.equal(check({ 'cache-control': 'max-age=60' }, { req }), 'request-no-store');
  });

  test('RFC 9111 §5.2.2.3 must-understand: unknown status not stored, no-store ignored for known ones', () => {
    assert.equal(check({ 'cache-control': 'max-age=3600, must-understand' }, { status: 599 }), 'must-understand');
    assert.equal(check({ 'cache-control': 'max-age=3600, must-understand, no-store' }), 'stored');
  });

  test('RFC 9111 §5.2.2.7 private (qualified or not) is not stored by a shared cache', () => {
    assert.equal(check({ 'cache-control': 'private, max-age=60' }), 'private');
    assert.equal(check({ 'cache-control': 'private="set-cookie", max-age=60' }), 'private');
  });

  test('RFC 9111 §3.5 Authorization requires public, must-revalidate or s-maxage', () => {
    const req = { authorization: 'Basic Zm9vOmJhcg==' };
    assert.equal(check({ 'cache-control': 'max-age=60' }, { req }), 'authorization');
    assert.equal(check({ 'cache-control': 'max-age=60, public' }, { req }), 'stored');
    assert.equal(check({ 'cache-control': 'max-age=60, must-revalidate' }, { req }), 'stored');
    assert.equal(check({ 'cache-control': 's-maxage=60' }, { req }), 'stored');
  });

  test('RFC 9111 §3 needs explicit freshness, public, or a status cacheable by default', () => {
    assert.equal(check({}, { status: 201 }), 'no-freshness');
    assert.equal(check({ expires: 'Thu, 01 Jan 2099 00:00:00 GMT' }, { status: 201 }), 'stored');
    assert.equal(check({ expires: '0' }, { status: 201 }), 'stored');
    assert.equal(check({ 'cache-control': 'public' }, { status: 201 }), 'stored');
    assert.equal(check({ 'cache-control': 's-maxage=5' }, { status: 302 }), 'stored');
    assert.equal(check({}, { status: 200 }), 'stored');
    assert.equal(check({}, { status: 404 }), 'stored');
  });

  test('RFC 9111 §5.2.2.4 no-cache responses are storable (they are revalidated on use)', () => {
    assert.equal(check({ 'cache-control': 'no-cache' }), 'stored');
  });

  test('RFC 9213 §2.1 the targeted field decides storability; its Expires-free policy applies', () => {
    assert.equal(check({ 'cache-control': 'no-store', 'cdn-cache-control': 'max-age=60' }), 'stored');
    assert.equal(check({ 'cache-control': 'max-age=60', 'cdn-cache-control': 'no-store' }), 'no-store');
    assert.equal(check({ 'cdn-cache-control': 'none', expires: 'Thu, 01 Jan 2099 00:00:00 GMT' }, { status: 201 }), 'no-freshness');
  });
});
