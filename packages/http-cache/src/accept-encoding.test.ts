import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { codingWeights, normaliseAcceptEncoding } from './accept-encoding.js';

describe('accept-encoding (RFC 9110 §12.5.3, domain.md §2)', () => {
  test('RFC 9110 §12.5.3 only br and gzip are kept, in a fixed order', () => {
    assert.equal(normaliseAcceptEncoding('gzip, deflate, br, zstd'), 'br,gzip');
    assert.equal(normaliseAcceptEncoding('br;q=1, gzip'), 'br,gzip');
    assert.equal(normaliseAcceptEncoding('GZIP'), 'gzip');
    assert.equal(normaliseAcceptEncoding('deflate, identity'), '');
  });

  test('RFC 9110 §12.4.2 q=0 means not acceptable; invalid qvalues count as 0', () => {
    assert.equal(normaliseAcceptEncoding('gzip;q=0, br;q=0.001'), 'br');
    assert.equal(normaliseAcceptEncoding('gzip; q=0.000, br ; Q=0.5'), 'br');
    assert.equal(normaliseAcceptEncoding('gzip;q=2, br;q=abc'), '');
    assert.equal(normaliseAcceptEncoding('gzip;q=1.000'), 'gzip');
  });

  test('RFC 9110 §12.5.3 "*" accepts codings not listed explicitly', () => {
    assert.equal(normaliseAcceptEncoding('*'), 'br,gzip');
    assert.equal(normaliseAcceptEncoding('*, br;q=0'), 'gzip');
    assert.equal(normaliseAcceptEncoding('*;q=0, gzip'), 'gzip');
  });

  test('RFC 9110 §8.4.1.3 x-gzip is gzip', () => {
    assert.equal(normaliseAcceptEncoding('x-gzip'), 'gzip');
  });

  test('RFC 9110 §12.5.3 no header or an empty one gives identity only', () => {
    assert.equal(normaliseAcceptEncoding(undefined), '');
    assert.equal(normaliseAcceptEncoding(''), '');
    assert.equal(normaliseAcceptEncoding(['gzip', 'br']), 'br,gzip');
  });

  test('RFC 9110 §12.5.3 a coding listed twice keeps its first weight', () => {
    assert.equal(codingWeights('gzip;q=0, gzip').get('gzip'), 0);
  });
});
