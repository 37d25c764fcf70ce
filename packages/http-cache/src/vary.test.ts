import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { variantKey, varyFields } from './vary.js';

describe('vary (RFC 9111 §4.1, RFC 9110 §12.5.5)', () => {
  test('RFC 9110 §12.5.5 Vary names are lower-cased, trimmed and de-duplicated', () => {
    assert.deepEqual(varyFields({ vary: ' Accept-Encoding ,accept-encoding, Origin' }), ['accept-encoding', 'origin']);
    assert.deepEqual(varyFields({ vary: ['Accept', '', 'Origin, accept'] }), ['accept', 'origin']);
    assert.deepEqual(varyFields({}), []);
  });

  test('RFC 9110 §12.5.5 a "*" member anywhere is reported', () => {
    for (const vary of ['*', '*, *', ', *', 'Foo, *', '*, Foo']) assert.ok(varyFields({ vary }).includes('*'), vary);
    assert.ok(varyFields({ vary: ['', '*'] }).includes('*'));
  });

  test('RFC 9111 §4.1 Vary: * never matches', () => {
    assert.equal(variantKey({ foo: '1' }, ['foo', '*']), undefined);
  });

  test('RFC 9111 §4.1 no Vary gives the empty key', () => {
    assert.equal(variantKey({ foo: '1' }, []), '');
  });

  test('RFC 9111 §4.1 whitespace around commas and line splits are normalised', () => {
    const a = variantKey({ 'accept-language': 'en,  fr ;q=0.5' }, ['Accept-Language']);
    const b = variantKey({ 'accept-language': ['en', 'fr ;q=0.5'] }, ['accept-language']);
    const c = variantKey({ 'accept-language': ' en , fr ;q=0.5 ' }, ['accept-language']);
    assert.equal(a, b);
    assert.equal(a, c);
    assert.notEqual(a, variantKey({ 'accept-language': 'fr ;q=0.5, en' }, ['accept-language']));
  });

  test('RFC 9111 §4.1 an absent field differs from an empty one', () => {
    assert.notEqual(variantKey({}, ['origin']), variantKey({ origin: '' }, ['origin']));
    assert.equal(variantKey({}, ['origin']), variantKey({ 'x-other': 'y' }, ['origin']));
  });

  test('RFC 9111 §4.1 field order in Vary does not change the key', () => {
    const req = { a: '1', b: '2' };
    assert.equal(variantKey(req, ['a', 'b']), variantKey(req, ['B', 'A', 'a']));
    assert.notEqual(variantKey(req, ['a']), variantKey({ a: '2' }, ['a']));
  });

  test('RFC 9111 §4.1 values cannot collide through the encoding', () => {
    assert.notEqual(variantKey({ a: 'x","b' }, ['a']), variantKey({ a: 'x', b: 'b' }, ['a', 'b']));
  });
});
