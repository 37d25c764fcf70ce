import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateClientConditional, hasOriginOnlyPreconditions, notModifiedHeaders } from './conditional.js';
import { formatHttpDate } from './http-date.js';
import type { HeaderMap } from './types.js';

const T = Date.UTC(2024, 0, 15, 12, 0, 0);
const date = (offsetS: number): string => formatHttpDate(T + offsetS * 1000);
const stored: HeaderMap = { etag: '"v1"', 'last-modified': date(-3000), date: date(0) };

function evaluate(req: HeaderMap, opts: { method?: string; status?: number; stored?: HeaderMap; storedAtMs?: number } = {}) {
  return evaluateClientConditional({
    method: opts.method ?? 'GET',
    req,
    stored: opts.stored ?? stored,
    status: opts.status ?? 200,
    ...(opts.storedAtMs === undefined ? {} : { storedAtMs: opts.storedAtMs }),
  });
}

describe('conditional (RFC 9110 §13.2, RFC 9111 §4.3.2)', () => {
  test('RFC 9110 §13.1.2 If-None-Match weak comparison → 304 for GET and HEAD', () => {
    assert.equal(evaluate({ 'if-none-match': '"v1"' }), 'not-modified');
    assert.equal(evaluate({ 'if-none-match': 'W/"v1"' }), 'not-modified');
    assert.equal(evaluate({ 'if-none-match': '"x", "y", "v1"' }), 'not-modified');
    assert.equal(evaluate({ 'if-none-match': '"v1"' }, { method: 'HEAD', stored: { etag: 'W/"v1"' } }), 'not-modified');
    assert.equal(evaluate({ 'if-none-match': '"v2"' }), 'none');
  });

  test("RFC 9110 §13.1.2 If-None-Match '*' matches any current representation", () => {
    assert.equal(evaluate({ 'if-none-match': '*' }), 'not-modified');
  });

  test('RFC 9110 §13.2.2 If-None-Match false for other methods → 412', () => {
    assert.equal(evaluate({ 'if-none-match': '"v1"' }, { method: 'PUT' }), 'precondition-failed');
  });

  test('RFC 9110 §13.2.2 If-None-Match takes precedence over If-Modified-Since', () => {
    assert.equal(evaluate({ 'if-none-match': '"v2"', 'if-modified-since': date(0) }), 'none');
    assert.equal(evaluate({ 'if-none-match': '"v1"', 'if-modified-since': date(-9000) }), 'not-modified');
  });

  test('RFC 9110 §13.1.3 If-Modified-Since at or after Last-Modified → 304', () => {
    assert.equal(evaluate({ 'if-modified-since': date(-3000) }), 'not-modified');
    assert.equal(evaluate({ 'if-modified-since': date(-2000) }), 'not-modified');
    assert.equal(evaluate({ 'if-modified-since': date(-4000) }), 'none');
    assert.equal(evaluate({ 'if-modified-since': formatRfc850(T - 3000 * 1000) }), 'not-modified');
  });

  test('RFC 9110 §13.1.3 If-Modified-Since is ignored when invalid or the method is not GET/HEAD', () => {
    assert.equal(evaluate({ 'if-modified-since': 'yesterday' }), 'none');
    assert.equal(evaluate({ 'if-modified-since': `${date(0)}, ${date(1)}` }), 'none');
    assert.equal(evaluate({ 'if-modified-since': date(0) }, { method: 'POST' }), 'none');
  });

  test('RFC 9111 §4.3.2 without Last-Modified If-Modified-Since uses Date, then the receipt time', () => {
    assert.equal(evaluate({ 'if-modified-since': date(-10) }, { stored: { date: date(-20) } }), 'not-modified');
    assert.equal(evaluate({ 'if-modified-since': date(-30) }, { stored: { date: date(-20) } }), 'none');
    assert.equal(evaluate({ 'if-modified-since': date(-10) }, { stored: {}, storedAtMs: T - 20_000 }), 'not-modified');
    assert.equal(evaluate({ 'if-modified-since': date(-10) }, { stored: {} }), 'none');
  });

  test('RFC 9110 §13.1.1 If-Match uses strong comparison', () => {
    assert.equal(evaluate({ 'if-match': '"v1"' }), 'none');
    assert.equal(evaluate({ 'if-match': '"v2"' }), 'precondition-failed');
    assert.equal(evaluate({ 'if-match': 'W/"v1"' }), 'precondition-failed');
    assert.equal(evaluate({ 'if-match': '"v1"' }, { stored: { etag: 'W/"v1"' } }), 'precondition-failed');
    assert.equal(evaluate({ 'if-match': '*' }), 'none');
  });

  test('RFC 9110 §13.1.4 If-Unmodified-Since, ignored when If-Match is present', () => {
    assert.equal(evaluate({ 'if-unmodified-since': date(-4000) }), 'precondition-failed');
    assert.equal(evaluate({ 'if-unmodified-since': date(-3000) }), 'none');
    assert.equal(evaluate({ 'if-unmodified-since': date(-4000), 'if-match': '"v1"' }), 'none');
    assert.equal(evaluate({ 'if-unmodified-since': 'garbage' }), 'none');
    assert.equal(evaluate({ 'if-unmodified-since': date(-4000) }, { stored: { etag: '"v1"' } }), 'none');
  });

  test('RFC 9110 §13.2.2 If-Match is evaluated before If-None-Match', () => {
    assert.equal(evaluate({ 'if-match': '"v2"', 'if-none-match': '"v1"' }), 'precondition-failed');
  });

  test('RFC 9110 §13.2.1 preconditions apply only to 2xx responses', () => {
    assert.equal(evaluate({ 'if-none-match': '"v1"' }, { status: 404 }), 'none');
    assert.equal(evaluate({ 'if-match': '"zz"' }, { status: 301 }), 'none');
  });

  test('RFC 9111 §4.3.2 If-Match and If-Unmodified-Since are origin-only preconditions', () => {
    assert.equal(hasOriginOnlyPreconditions({ 'if-match': '*' }), true);
    assert.equal(hasOriginOnlyPreconditions({ 'if-unmodified-since': date(0) }), true);
    assert.equal(hasOriginOnlyPreconditions({ 'if-none-match': '*' }), false);
  });

  test('RFC 9110 §15.4.5 a 304 carries only the listed fields', () => {
    const full: HeaderMap = {
      ...stored,
      'cache-control': 'max-age=60',
      'content-location': '/a',
      expires: date(60),
      vary: 'accept-encoding',
      'content-type': 'text/html',
      'content-length': '10',
      'content-encoding': 'gzip',
      'set-cookie': ['a=b'],
    };
    assert.deepEqual(Object.keys(notModifiedHeaders(full)).sort(), [
      'cache-control',
      'content-location',
      'date',
      'etag',
      'expires',
      'last-modified',
      'vary',
    ]);
  });
});

function formatRfc850(ms: number): string {
  const d = new Date(ms);
  const day = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()];
  const [, dd, mon, yyyy, time] = formatHttpDate(ms).split(' ');
  return `${day}, ${dd}-${mon}-${(yyyy ?? '').slice(2)} ${time} GMT`;
}
