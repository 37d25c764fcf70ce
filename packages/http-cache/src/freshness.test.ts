import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCacheControl } from './cache-control.js';
import { HEURISTIC_CAP_MS, freshnessLifetimeMs, heuristicLifetimeMs } from './freshness.js';
import { formatHttpDate } from './http-date.js';
import { cacheDirectives } from './targeted-fields.js';
import type { HeaderMap } from './types.js';

const T = Date.UTC(2024, 0, 15, 12, 0, 0);
const date = (offsetS: number): string => formatHttpDate(T + offsetS * 1000);

function lifetime(res: HeaderMap, status = 200, responseAtMs = T): { lifetimeMs: number; heuristic: boolean } {
  return freshnessLifetimeMs({ status, res, directives: cacheDirectives(res).directives, responseAtMs });
}

describe('freshness (RFC 9111 §4.2.1, §4.2.2)', () => {
  test('RFC 9111 §4.2.1 s-maxage takes precedence over max-age for a shared cache', () => {
    assert.equal(lifetime({ 'cache-control': 'max-age=3600, s-maxage=1' }).lifetimeMs, 1000);
    assert.equal(lifetime({ 'cache-control': 's-maxage=3600, max-age=1' }).lifetimeMs, 3_600_000);
    assert.equal(lifetime({ 'cache-control': ['max-age=3600', 's-maxage=1'] }).lifetimeMs, 1000);
  });

  test('RFC 9111 §4.2.1 max-age takes precedence over Expires', () => {
    const res = { 'cache-control': 'max-age=60', date: date(0), expires: date(-10) };
    assert.deepEqual(lifetime(res), { lifetimeMs: 60_000, heuristic: false });
    const zero = { 'cache-control': 'max-age=0', date: date(0), expires: date(3600) };
    assert.equal(lifetime(zero).lifetimeMs, 0);
  });

  test('RFC 9111 §4.2.1 invalid max-age or s-maxage means stale', () => {
    for (const cc of ['max-age=-3600', 'max-age=1.5', 'max-age', 's-maxage=abc, max-age=60']) {
      const res = { 'cache-control': cc, date: date(0), 'last-modified': date(-86_400), expires: date(60) };
      assert.deepEqual(lifetime(res), { lifetimeMs: 0, heuristic: false }, cc);
    }
  });

  test('RFC 9111 §4.2.1 Expires minus Date', () => {
    assert.equal(lifetime({ date: date(0), expires: date(600) }).lifetimeMs, 600_000);
    assert.equal(lifetime({ date: date(400), expires: date(300) }).lifetimeMs, 0);
    assert.equal(lifetime({ date: date(0), expires: date(0) }).lifetimeMs, 0);
  });

  test('RFC 9111 §4.2.1 Expires with a missing or invalid Date uses the response time', () => {
    assert.equal(lifetime({ date: 'foo', expires: date(10) }, 200, T).lifetimeMs, 10_000);
    assert.equal(lifetime({ expires: date(10) }, 200, T + 4000).lifetimeMs, 6000);
  });

  test('RFC 9111 §5.3 an invalid Expires ("0") is already expired', () => {
    assert.deepEqual(lifetime({ date: date(0), expires: '0', 'last-modified': date(-86_400) }), {
      lifetimeMs: 0,
      heuristic: false,
    });
  });

  test('RFC 9111 §4.2.1 several Expires values mean stale', () => {
    assert.equal(lifetime({ date: date(0), expires: [date(60), date(120)] }).lifetimeMs, 0);
  });

  test('RFC 9213 §2.1 Expires is ignored when CDN-Cache-Control is in use', () => {
    const res = { 'cdn-cache-control': 'none', date: date(0), expires: date(600) };
    assert.deepEqual(lifetime(res, 201), { lifetimeMs: 0, heuristic: false });
    const explicitSource = freshnessLifetimeMs({
      status: 201,
      res,
      directives: parseCacheControl(''),
      responseAtMs: T,
      source: 'cache-control',
    });
    assert.equal(explicitSource.lifetimeMs, 600_000);
  });

  test('RFC 9111 §4.2.2 heuristic is 10% of Date minus Last-Modified', () => {
    assert.deepEqual(lifetime({ date: date(0), 'last-modified': date(-1000) }), { lifetimeMs: 100_000, heuristic: true });
    assert.deepEqual(lifetime({ 'last-modified': date(-1000) }, 200, T), { lifetimeMs: 100_000, heuristic: true });
  });

  test('RFC 9111 §4.2.2 heuristic is capped at one day', () => {
    const res = { date: date(0), 'last-modified': date(-365 * 86_400) };
    assert.equal(lifetime(res).lifetimeMs, HEURISTIC_CAP_MS);
  });

  test('RFC 9111 §4.2.2 heuristic only for heuristically cacheable statuses or public', () => {
    const res = { date: date(0), 'last-modified': date(-86_400) };
    for (const status of [200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]) {
      assert.equal(lifetime(res, status).heuristic, true, String(status));
    }
    for (const status of [201, 202, 302, 307, 403, 502, 503, 504, 599]) {
      assert.deepEqual(lifetime(res, status), { lifetimeMs: 0, heuristic: false }, String(status));
    }
    assert.equal(lifetime({ ...res, 'cache-control': 'public' }, 599).heuristic, true);
  });

  test('RFC 9111 §4.2.2 no heuristic without a valid Last-Modified in the past', () => {
    assert.equal(lifetime({ date: date(0) }).lifetimeMs, 0);
    assert.equal(lifetime({ date: date(0), 'last-modified': 'yesterday' }).lifetimeMs, 0);
    assert.equal(lifetime({ date: date(0), 'last-modified': date(60) }).lifetimeMs, 0);
    const input = { status: 200, res: { 'last-modified': date(-100) }, directives: new Map(), responseAtMs: T };
    assert.equal(heuristicLifetimeMs(input), 10_000);
  });
});
