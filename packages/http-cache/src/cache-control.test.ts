import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DELTA_SECONDS_MAX, deltaSeconds, formatCacheControl, parseCacheControl } from './cache-control.js';

const entries = (value: string): [string, string | true][] => [...parseCacheControl(value)];

describe('cache-control (RFC 9111 §5.2, §1.2.2)', () => {
  test('RFC 9111 §5.2 directive names are case-insensitive', () => {
    assert.deepEqual(entries('No-Store, MaX-AgE=60'), [
      ['no-store', true],
      ['max-age', '60'],
    ]);
  });

  test('RFC 9111 §5.2 quoted-string arguments are unquoted', () => {
    assert.equal(parseCacheControl('max-age="3600"').get('max-age'), '3600');
    assert.equal(parseCacheControl('no-cache="set-cookie, x-a"').get('no-cache'), 'set-cookie, x-a');
    assert.equal(parseCacheControl('x="a\\"b\\\\c"').get('x'), 'a"b\\c');
  });

  test('RFC 9111 §5.2 a directive inside a quoted argument is not a directive', () => {
    assert.deepEqual(entries('extension="max-age=3600", max-age=1'), [
      ['extension', 'max-age=3600'],
      ['max-age', '1'],
    ]);
    assert.equal(parseCacheControl('max-age=1, extension="max-age=3600"').get('max-age'), '1');
  });

  test('RFC 9111 §4.2.1 a duplicated directive keeps its first occurrence', () => {
    assert.equal(parseCacheControl('max-age=60, max-age=0').get('max-age'), '60');
    assert.equal(parseCacheControl('max-age=0, max-age=60').get('max-age'), '0');
  });

  test('RFC 9110 §5.6.1 empty elements and surrounding whitespace are tolerated', () => {
    assert.deepEqual(entries(' ,, public ,\tmax-age=5 ,'), [
      ['public', true],
      ['max-age', '5'],
    ]);
    assert.equal(parseCacheControl(undefined).size, 0);
    assert.equal(parseCacheControl('').size, 0);
  });

  test('RFC 9111 §5.2 malformed elements are dropped, the rest kept', () => {
    assert.deepEqual(entries('max-age =100, public'), [['public', true]]);
    assert.deepEqual(entries('max-age= 100, no-store'), [['no-store', true]]);
    assert.deepEqual(entries('max-age=1 2, s-maxage=3'), [['s-maxage', '3']]);
    assert.deepEqual(entries('=5, private'), [['private', true]]);
    assert.deepEqual(entries('a="unterminated, b'), []);
    assert.deepEqual(entries('x;y=1, public'), [['public', true]]);
  });

  test("RFC 9111 §5.2 a single-quoted argument is a token, not a quoted-string", () => {
    assert.equal(parseCacheControl("max-age='3600'").get('max-age'), "'3600'");
    assert.equal(deltaSeconds("'3600'"), undefined);
  });

  test('RFC 9111 §1.2.2 delta-seconds is a non-negative integer', () => {
    assert.equal(deltaSeconds('0'), 0);
    assert.equal(deltaSeconds('003600'), 3600);
    for (const bad of ['-1', '1.5', '3600.0', '', 'a100', '100a', ' 1', true, undefined] as const) {
      assert.equal(deltaSeconds(bad), undefined, String(bad));
    }
  });

  test('RFC 9111 §1.2.2 delta-seconds overflow becomes 2147483648', () => {
    assert.equal(deltaSeconds('2147483647'), 2147483647);
    assert.equal(deltaSeconds('2147483648'), DELTA_SECONDS_MAX);
    assert.equal(deltaSeconds('99999999999999999999999'), DELTA_SECONDS_MAX);
  });

  test('RFC 9111 §5.2 property: formatted directives parse back unchanged', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
    const arg = fc.oneof(fc.constant(true as const), fc.stringMatching(/^[ -~]{0,12}$/));
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(name, arg), { selector: ([n]) => n, maxLength: 6 }), (list) => {
        const parsed = parseCacheControl(formatCacheControl(new Map(list)));
        assert.deepEqual([...parsed], list);
      }),
    );
  });
});
