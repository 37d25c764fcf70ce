import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isSfToken, parseSfDictionary, serializeSfInteger, serializeSfString, serializeSfTokenOrString } from './structured-fields.js';

describe('structured-fields (RFC 8941)', () => {
  test('RFC 8941 §4.2.2 dictionary members: booleans, integers, decimals, strings, tokens', () => {
    const d = parseSfDictionary('max-age=60, no-store, private="a, b", x=1.5, y=?0, t=tok/x:1');
    assert.deepEqual(d?.get('max-age'), { type: 'integer', value: 60, raw: '60' });
    assert.deepEqual(d?.get('no-store'), { type: 'boolean', value: true });
    assert.deepEqual(d?.get('private'), { type: 'string', value: 'a, b' });
    assert.deepEqual(d?.get('x'), { type: 'decimal', value: 1.5, raw: '1.5' });
    assert.deepEqual(d?.get('y'), { type: 'boolean', value: false });
    assert.deepEqual(d?.get('t'), { type: 'token', value: 'tok/x:1' });
  });

  test('RFC 8941 §4.2.2 parameters and inner lists are accepted', () => {
    const d = parseSfDictionary('a=1;p=2, b;q, c=(1 "x" tok);z=?1, d=:aGk=:');
    assert.deepEqual([...(d?.keys() ?? [])], ['a', 'b', 'c', 'd']);
    assert.equal(d?.get('c')?.type, 'inner-list');
    assert.equal(d?.get('d')?.type, 'bytes');
  });

  test('RFC 8941 §4.2.2 a repeated key overwrites the earlier value', () => {
    const d = parseSfDictionary('max-age=1, max-age=2');
    assert.deepEqual(d?.get('max-age'), { type: 'integer', value: 2, raw: '2' });
  });

  test('RFC 8941 §4.2 any parse error fails the whole field', () => {
    for (const bad of ['Max-Age=1', 'a=', 'a=1,', 'a=1,,b', 'a="x', 'a=1 b', 'a=?2', 'a=1.2345', 'a=(1', '9a=1', 'a="\\x"']) {
      assert.equal(parseSfDictionary(bad), undefined, bad);
    }
  });

  test('RFC 8941 §4.2 leading and trailing spaces are discarded', () => {
    assert.equal(parseSfDictionary('  a=1  ')?.size, 1);
    assert.equal(parseSfDictionary('')?.size, 0);
  });

  test('RFC 8941 §4.1.6 strings escape quotes and backslashes and stay ASCII', () => {
    assert.equal(serializeSfString('say "hi" \\ ok'), '"say \\"hi\\" \\\\ ok"');
    assert.equal(serializeSfString('café'), '"caf?"');
  });

  test('RFC 8941 §4.1.4 integers are whole and at most 15 digits', () => {
    assert.equal(serializeSfInteger(-3.7), '-3');
    assert.equal(serializeSfInteger(-0.2), '0');
    assert.equal(serializeSfInteger(1e20), '999999999999999');
    assert.equal(serializeSfInteger(Number.NaN), '0');
  });

  test('RFC 8941 §3.3.4 tokens, with a string fallback', () => {
    assert.equal(isSfToken('Candela'), true);
    assert.equal(isSfToken('9lives'), false);
    assert.equal(serializeSfTokenOrString('edge-1.example'), 'edge-1.example');
    assert.equal(serializeSfTokenOrString('has space'), '"has space"');
  });
});
