import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCacheControl } from './cache-control.js';
import { formatHttpDate } from './http-date.js';
import { conditionalHeadersFor, headersAfter304, isNotModifiedFor, mustRevalidateBeforeReuse } from './revalidation.js';

const T = Date.UTC(2024, 0, 15, 12, 0, 0);
const date = (offsetS: number): string => formatHttpDate(T + offsetS * 1000);

describe('revalidation (RFC 9111 §4.3, §3.2)', () => {
  test('RFC 9111 §5.2.2.4 no-cache, qualified or not, requires revalidation before reuse', () => {
    assert.equal(mustRevalidateBeforeReuse(parseCacheControl('no-cache')), true);
    assert.equal(mustRevalidateBeforeReuse(parseCacheControl('no-cache="set-cookie"')), true);
    assert.equal(mustRevalidateBeforeReuse(parseCacheControl('max-age=60, must-revalidate')), false);
  });

  test('RFC 9111 §4.3.1 validators come from ETag and Last-Modified, never from Date', () => {
    assert.deepEqual(conditionalHeadersFor({ etag: 'W/"v1"', 'last-modified': date(-60), date: date(0) }), {
      'if-none-match': 'W/"v1"',
      'if-modified-since': date(-60),
    });
    assert.deepEqual(conditionalHeadersFor({ date: date(0) }), {});
    assert.deepEqual(conditionalHeadersFor({ 'last-modified': 'not a date' }), {});
  });

  test('RFC 9111 §4.3.1 an unquoted stored ETag is sent quoted', () => {
    assert.deepEqual(conditionalHeadersFor({ etag: 'abc' }), { 'if-none-match': '"abc"' });
  });

  test('RFC 9111 §4.3.4 a strong ETag in the 304 must strongly match the stored one', () => {
    assert.equal(isNotModifiedFor({ etag: '"a"' }, { etag: '"a"' }), true);
    assert.equal(isNotModifiedFor({ etag: '"a"' }, { etag: '"b"' }), false);
    assert.equal(isNotModifiedFor({ etag: 'W/"a"' }, { etag: '"a"' }), false);
    assert.equal(isNotModifiedFor({}, { etag: '"a"' }), false);
  });

  test('RFC 9111 §4.3.4 a weak ETag in the 304 must weakly match', () => {
    assert.equal(isNotModifiedFor({ etag: 'W/"a"' }, { etag: 'W/"a"' }), true);
    assert.equal(isNotModifiedFor({ etag: '"a"' }, { etag: 'W/"a"' }), true);
    assert.equal(isNotModifiedFor({ etag: 'W/"a"' }, { etag: 'W/"b"' }), false);
  });

  test('RFC 9111 §4.3.4 a Last-Modified in the 304 must equal the stored one', () => {
    assert.equal(isNotModifiedFor({ 'last-modified': date(-60) }, { 'last-modified': date(-60) }), true);
    assert.equal(isNotModifiedFor({ 'last-modified': date(-60) }, { 'last-modified': date(-30) }), false);
    assert.equal(isNotModifiedFor({ etag: '"a"', 'last-modified': date(-60) }, { etag: '"a"', 'last-modified': date(-1) }), false);
  });

  test('RFC 9111 §4.3.4 a 304 without validators applies to the response it revalidates', () => {
    assert.equal(isNotModifiedFor({ etag: '"a"' }, { date: date(0) }), true);
  });

  test('RFC 9111 §3.2 fields in the 304 replace stored ones; others are kept', () => {
    const stored = { 'cache-control': 'max-age=1', 'x-kept': 'yes', 'content-type': 'text/plain', date: date(-100) };
    const res304 = { 'cache-control': 'max-age=3600', 'content-type': 'text/plain;charset=utf-8', date: date(0) };
    assert.deepEqual(headersAfter304(stored, res304), {
      'cache-control': 'max-age=3600',
      'x-kept': 'yes',
      'content-type': 'text/plain;charset=utf-8',
      date: date(0),
    });
  });

  test('RFC 9111 §3.2 Content-Length and the fields the stored content depends on are not updated', () => {
    const stored = { 'content-length': '5', 'content-encoding': 'gzip', 'content-range': 'bytes 0-4/5', 'content-md5': 'x', etag: '"a"' };
    const res304 = { 'content-length': '10', 'content-encoding': 'br', 'content-range': 'bytes 0-9/10', 'content-md5': 'y', etag: '"b"' };
    assert.deepEqual(headersAfter304(stored, res304), stored);
  });

  test('RFC 9111 §3.2 hop-by-hop, Connection-listed and proxy fields of the 304 are not stored', () => {
    const res304 = { connection: 'x-conn', 'x-conn': '1', 'keep-alive': 'timeout=5', 'proxy-authenticate': 'Basic', 'x-new': '1' };
    assert.deepEqual(headersAfter304({ a: '1' }, res304), { a: '1', 'x-new': '1' });
  });

  test('RFC 9213 §2.1 a targeted field in the 304 updates the stored policy', () => {
    const out = headersAfter304({ 'cdn-cache-control': 'max-age=1' }, { 'cdn-cache-control': 'max-age=600' });
    assert.equal(out['cdn-cache-control'], 'max-age=600');
  });

  test('RFC 9111 §4.2.3 the stored Age is replaced by the 304 (or dropped)', () => {
    assert.deepEqual(headersAfter304({ age: '100', a: '1' }, { a: '2' }), { a: '2' });
    assert.deepEqual(headersAfter304({ age: '100' }, { age: '3' }), { age: '3' });
  });

  test('RFC 9110 §6.6.1 a 304 without a valid Date dates the update at its receipt time', () => {
    assert.equal(headersAfter304({ date: date(-100) }, {}, T).date, date(0));
    assert.equal(headersAfter304({ date: date(-100) }, { date: date(-5) }, T).date, date(-5));
    assert.equal(headersAfter304({ date: date(-100) }, {}).date, date(-100));
  });
});
