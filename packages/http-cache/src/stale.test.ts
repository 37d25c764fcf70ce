import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCacheControl } from './cache-control.js';
import { mayServeStale, staleForbidden } from './stale.js';

const may = (cc: string, stalenessMs: number, reason: 'while-revalidate' | 'if-error', reqCc = '') =>
  mayServeStale({ directives: parseCacheControl(cc), stalenessMs, reason, reqDirectives: parseCacheControl(reqCc) });

describe('stale (RFC 9111 §4.2.4, RFC 5861)', () => {
  test('RFC 5861 §3 stale-while-revalidate=N allows staleness up to N seconds', () => {
    assert.equal(may('max-age=60, stale-while-revalidate=30', 30_000, 'while-revalidate'), true);
    assert.equal(may('max-age=60, stale-while-revalidate=30', 30_001, 'while-revalidate'), false);
    assert.equal(may('max-age=60, stale-while-revalidate=30', 1000, 'if-error'), false);
  });

  test('RFC 5861 §4 stale-if-error=N on the response or the request', () => {
    assert.equal(may('max-age=60, stale-if-error=60', 59_000, 'if-error'), true);
    assert.equal(may('max-age=60, stale-if-error=60', 61_000, 'if-error'), false);
    assert.equal(may('max-age=60', 5000, 'if-error', 'stale-if-error=10'), true);
    assert.equal(may('max-age=60, stale-if-error=1', 5000, 'if-error', 'stale-if-error=10'), true);
    assert.equal(may('max-age=60', 5000, 'while-revalidate', 'stale-if-error=10'), false);
  });

  test('RFC 9111 §4.2.4 without explicit permission a CDN does not serve stale', () => {
    assert.equal(may('max-age=60', 1, 'if-error'), false);
    assert.equal(may('max-age=60, stale-if-error=abc', 1, 'if-error'), false);
  });

  test('RFC 9111 §5.2.2.2 §5.2.2.8 §5.2.2.10 §5.2.2.4 must-revalidate, proxy-revalidate, s-maxage and no-cache forbid stale', () => {
    for (const cc of ['must-revalidate', 'proxy-revalidate', 's-maxage=60', 'no-cache']) {
      assert.equal(staleForbidden(parseCacheControl(cc)), true, cc);
      assert.equal(may(`max-age=60, ${cc}, stale-if-error=600, stale-while-revalidate=600`, 1, 'if-error'), false, cc);
      assert.equal(may(`max-age=60, ${cc}, stale-while-revalidate=600`, 1, 'while-revalidate'), false, cc);
    }
    assert.equal(staleForbidden(parseCacheControl('max-age=60, public')), false);
  });
});

describe('RFC 9111 §4.2.4 disconnected cache', () => {
  const cc = (v: string) => parseCacheControl(v);
  test('RFC 9111 §4.2.4 a disconnected cache may serve stale within the operator bound', () => {
    const input = { directives: cc('max-age=60'), reqDirectives: cc(''), reason: 'disconnected' as const, disconnectedMaxMs: 10_000 };
    assert.equal(mayServeStale({ ...input, stalenessMs: 5_000 }), true);
    assert.equal(mayServeStale({ ...input, stalenessMs: 20_000 }), false);
  });
  test('RFC 9111 §4.2.4 without an operator bound only stale-if-error allows it', () => {
    const base = { reqDirectives: cc(''), reason: 'disconnected' as const, stalenessMs: 5_000 };
    assert.equal(mayServeStale({ ...base, directives: cc('max-age=60') }), false);
    assert.equal(mayServeStale({ ...base, directives: cc('max-age=60, stale-if-error=10') }), true);
  });
  for (const forbidding of ['must-revalidate', 'proxy-revalidate', 's-maxage=60', 'no-cache']) {
    test(`RFC 9111 §4.2.4 ${forbidding} forbids serving stale even when disconnected`, () => {
      assert.equal(
        mayServeStale({ directives: cc(`max-age=60, ${forbidding}`), reqDirectives: cc(''), reason: 'disconnected', stalenessMs: 1, disconnectedMaxMs: 86_400_000 }),
        false,
      );
    });
  }
});
