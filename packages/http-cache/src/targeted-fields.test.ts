import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheDirectives, parseSurrogateControl, parseTargetedField, usesExpires } from './targeted-fields.js';

describe('targeted-fields (RFC 9213, Edge Architecture 1.0)', () => {
  test('RFC 9213 §2.1 CDN-Cache-Control is used instead of Cache-Control', () => {
    const r = cacheDirectives({ 'cache-control': 'no-store', 'cdn-cache-control': 'max-age=600' });
    assert.equal(r.source, 'cdn-cache-control');
    assert.deepEqual([...r.directives], [['max-age', '600']]);
  });

  test('RFC 9213 §2.1 a valid field of unknown directives is still used ("none")', () => {
    const r = cacheDirectives({ 'cache-control': 'no-store', 'cdn-cache-control': 'none' });
    assert.equal(r.source, 'cdn-cache-control');
    assert.equal(r.directives.has('no-store'), false);
  });

  test('RFC 9213 §2.2 an empty or invalid targeted field is ignored (fall back)', () => {
    for (const cdn of ['', '   ', 'Max-Age=60', 'max-age=60,', 'max-age="60']) {
      const r = cacheDirectives({ 'cache-control': 'max-age=5', 'cdn-cache-control': cdn });
      assert.equal(r.source, 'cache-control', cdn);
      assert.equal(r.directives.get('max-age'), '5');
    }
  });

  test('RFC 9213 §2.2 values of the wrong type are not consumed', () => {
    const d = parseTargetedField('max-age=1.0, no-store=?0, private=(a b), s-maxage=-5, x="q"');
    assert.equal(d?.get('max-age'), '1.0');
    assert.equal(d?.has('no-store'), false);
    assert.equal(d?.has('private'), false);
    assert.equal(d?.get('s-maxage'), '-5');
    assert.equal(d?.get('x'), 'q');
  });

  test('RFC 9213 §2.1 Expires counts only when Cache-Control is the source', () => {
    assert.equal(usesExpires('cache-control'), true);
    assert.equal(usesExpires('cdn-cache-control'), false);
    assert.equal(usesExpires('surrogate-control'), false);
  });

  test('Edge Architecture 1.0 Surrogate-Control comes after CDN-Cache-Control and before Cache-Control', () => {
    const both = cacheDirectives({ 'cdn-cache-control': 'max-age=1', 'surrogate-control': 'max-age=2' });
    assert.equal(both.source, 'cdn-cache-control');
    const surrogate = cacheDirectives({ 'cache-control': 'no-store', 'surrogate-control': 'max-age=2' });
    assert.equal(surrogate.source, 'surrogate-control');
    assert.deepEqual([...surrogate.directives], [['max-age', '2']]);
  });

  test('Edge Architecture 1.0 only max-age, no-store and the stale directives are meaningful', () => {
    const d = parseSurrogateControl('MaX-AgE=60, private, no-cache, stale-if-error=5, no-store, stale-while-revalidate=9');
    assert.deepEqual([...(d ?? [])], [
      ['max-age', '60'],
      ['stale-if-error', '5'],
      ['no-store', true],
      ['stale-while-revalidate', '9'],
    ]);
    assert.equal(parseSurrogateControl('foo, private'), undefined);
    assert.equal(cacheDirectives({ 'surrogate-control': 'foo', 'cache-control': 'max-age=1' }).source, 'cache-control');
  });

  test('Edge Architecture 1.0 directives targeted at another device are ignored', () => {
    assert.equal(parseSurrogateControl('max-age=3600;not-for-you'), undefined);
    const ours = parseSurrogateControl('max-age=10, max-age=3600;edge1', 'EDGE1');
    assert.equal(ours?.get('max-age'), '3600');
    const r = cacheDirectives({ 'surrogate-control': 'max-age=3600;edge1', 'cache-control': 'no-store' }, 'edge1');
    assert.equal(r.source, 'surrogate-control');
  });

  test('Edge Architecture 1.0 max-age=N+M keeps the freshness part', () => {
    assert.equal(parseSurrogateControl('max-age=60+30')?.get('max-age'), '60');
  });

  test('RFC 9111 §5.2 with no targeted field Cache-Control is used (lines combined)', () => {
    const r = cacheDirectives({ 'cache-control': ['public', 'max-age=5'] });
    assert.equal(r.source, 'cache-control');
    assert.deepEqual([...r.directives], [
      ['public', true],
      ['max-age', '5'],
    ]);
  });
});
