import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCacheControl } from './cache-control.js';
import { maxStaleMs, onlyIfCached, pragmaNoCache, requestAllowsStored, requestDirectives } from './request-directives.js';
import type { Directives, HeaderMap } from './types.js';

function verdict(req: HeaderMap, ageMs: number, lifetimeMs: number, resDirectives?: Directives) {
  return requestAllowsStored({
    reqDirectives: requestDirectives(req),
    req,
    ageMs,
    lifetimeMs,
    ...(resDirectives ? { resDirectives } : {}),
  });
}

describe('request-directives (RFC 9111 §5.2.1, §5.4)', () => {
  test('RFC 9111 §4.2 a fresh response with no request directives is ok; a stale one revalidates', () => {
    assert.equal(verdict({}, 10_000, 60_000), 'ok');
    assert.equal(verdict({}, 60_000, 60_000), 'revalidate');
  });

  test('RFC 9111 §5.2.1.5 request no-store reloads', () => {
    assert.equal(verdict({ 'cache-control': 'no-store' }, 0, 60_000), 'reload');
  });

  test('RFC 9111 §5.2.1.4 request no-cache revalidates', () => {
    assert.equal(verdict({ 'cache-control': 'no-cache' }, 0, 60_000), 'revalidate');
  });

  test('RFC 9111 §5.4 Pragma: no-cache counts only without Cache-Control', () => {
    assert.equal(pragmaNoCache({ pragma: 'No-Cache' }), true);
    assert.equal(pragmaNoCache({ pragma: 'unrecognised-extension' }), false);
    assert.equal(verdict({ pragma: 'no-cache' }, 0, 60_000), 'revalidate');
    assert.equal(verdict({ pragma: 'no-cache', 'cache-control': 'max-age=600' }, 0, 60_000), 'ok');
  });

  test('RFC 9111 §5.2.1.1 max-age=N revalidates responses older than N', () => {
    assert.equal(verdict({ 'cache-control': 'max-age=0' }, 1, 60_000), 'revalidate');
    assert.equal(verdict({ 'cache-control': 'max-age=600' }, 1_800_000, 3_600_000), 'revalidate');
    assert.equal(verdict({ 'cache-control': 'max-age=600' }, 600_000, 3_600_000), 'ok');
  });

  test('RFC 9111 §5.2.1.3 min-fresh=N needs N seconds of freshness left', () => {
    assert.equal(verdict({ 'cache-control': 'min-fresh=2000' }, 0, 1_500_000), 'revalidate');
    assert.equal(verdict({ 'cache-control': 'min-fresh=1000' }, 1_000_000, 1_500_000), 'revalidate');
    assert.equal(verdict({ 'cache-control': 'min-fresh=100' }, 0, 1_500_000), 'ok');
  });

  test('RFC 9111 §5.2.1.2 max-stale allows staleness unless the response forbids it', () => {
    const res = parseCacheControl('max-age=1500');
    assert.equal(verdict({ 'cache-control': 'max-stale=1000' }, 2_000_000, 1_500_000, res), 'ok');
    assert.equal(verdict({ 'cache-control': 'max-stale=100' }, 2_000_000, 1_500_000, res), 'revalidate');
    assert.equal(verdict({ 'cache-control': 'max-stale' }, 9e9, 1_500_000, res), 'ok');
    const forbids = parseCacheControl('max-age=1500, must-revalidate');
    assert.equal(verdict({ 'cache-control': 'max-stale' }, 2_000_000, 1_500_000, forbids), 'revalidate');
    assert.equal(verdict({ 'cache-control': 'max-stale' }, 2_000_000, 1_500_000), 'revalidate');
  });

  test('RFC 9111 §5.2.1.2 max-stale values', () => {
    assert.equal(maxStaleMs(parseCacheControl('max-stale')), Number.POSITIVE_INFINITY);
    assert.equal(maxStaleMs(parseCacheControl('max-stale=5')), 5000);
    assert.equal(maxStaleMs(parseCacheControl('max-stale=-5')), undefined);
    assert.equal(maxStaleMs(parseCacheControl('')), undefined);
  });

  test('RFC 9111 §5.2.1.7 only-if-cached is reported to the caller', () => {
    assert.equal(onlyIfCached(parseCacheControl('only-if-cached')), true);
    assert.equal(onlyIfCached(parseCacheControl('max-age=5')), false);
  });
});
