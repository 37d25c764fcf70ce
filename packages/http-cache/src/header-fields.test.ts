import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldLines, getHeader, isToken, listElements, splitList, trimOws, withoutFields } from './header-fields.js';

describe('header-fields (RFC 9110 §5.3, §5.6)', () => {
  test('RFC 9110 §5.3 repeated field lines combine with ", "', () => {
    assert.equal(getHeader({ vary: ['accept', 'origin'] }, 'vary'), 'accept, origin');
    assert.equal(getHeader({ vary: 'accept' }, 'Vary'), 'accept');
    assert.equal(getHeader({}, 'vary'), undefined);
    assert.equal(getHeader({ vary: [] }, 'vary'), undefined);
  });

  test('RFC 9110 §5.3 field lines are kept apart when asked', () => {
    assert.deepEqual(fieldLines({ expires: ['a', 'b'] }, 'expires'), ['a', 'b']);
    assert.deepEqual(fieldLines({ expires: 'a' }, 'expires'), ['a']);
    assert.deepEqual(fieldLines({}, 'expires'), []);
  });

  test('RFC 9110 §5.6.1 lists drop empty elements and split outside quoted strings only', () => {
    assert.deepEqual(splitList(' a ,, b,\t"c, d" ,'), ['a', 'b', '"c, d"']);
    assert.deepEqual(splitList('"a\\", b", c'), ['"a\\", b"', 'c']);
    assert.deepEqual(splitList(undefined), []);
    assert.deepEqual(listElements({ connection: ['close, x-a', 'x-b'] }, 'connection'), ['close', 'x-a', 'x-b']);
  });

  test('RFC 9110 §5.6.3 optional whitespace is spaces and tabs only', () => {
    assert.equal(trimOws(' \tx \t'), 'x');
    assert.equal(trimOws('\nx'), '\nx');
  });

  test('RFC 9110 §5.6.2 tokens', () => {
    assert.equal(isToken('max-age'), true);
    assert.equal(isToken("it's"), true);
    assert.equal(isToken('a b'), false);
    assert.equal(isToken(''), false);
  });

  test('withoutFields returns a copy and drops undefined values', () => {
    const h = { a: '1', b: undefined, c: '3' };
    const out = withoutFields(h, (name) => name === 'c');
    assert.deepEqual(out, { a: '1' });
    assert.deepEqual(h, { a: '1', b: undefined, c: '3' });
  });
});
