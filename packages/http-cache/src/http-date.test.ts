import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatHttpDate, parseHttpDate, rfc850Year } from './http-date.js';

const NOV_6_1994 = Date.UTC(1994, 10, 6, 8, 49, 37);

describe('http-date (RFC 9110 §5.6.7)', () => {
  test('RFC 9110 §5.6.7 IMF-fixdate parses', () => {
    assert.equal(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT'), NOV_6_1994);
  });

  test('RFC 9110 §5.6.7 obsolete RFC 850 format parses', () => {
    assert.equal(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT'), NOV_6_1994);
  });

  test('RFC 9110 §5.6.7 obsolete asctime format parses (space-padded day)', () => {
    assert.equal(parseHttpDate('Sun Nov  6 08:49:37 1994'), NOV_6_1994);
  });

  test('RFC 9110 §5.6.7 two-digit years more than 50 years ahead are in the past', () => {
    const now = Date.UTC(2024, 0, 1);
    assert.equal(rfc850Year(74, now), 2074);
    assert.equal(rfc850Year(75, now), 2075 - 100);
    assert.equal(rfc850Year(99, now), 1999);
    assert.equal(rfc850Year(99), 1999);
    assert.equal(rfc850Year(5), 2005);
    assert.equal(parseHttpDate('Thursday, 18-Aug-50 02:01:18 GMT', now), Date.UTC(2050, 7, 18, 2, 1, 18));
  });

  test('RFC 9110 §5.6.7 recipients are robust to the case of names', () => {
    assert.equal(parseHttpDate('SUN, 06 NOV 1994 08:49:37 gmt'), NOV_6_1994);
  });

  test('RFC 9110 §5.6.7 invalid dates are undefined', () => {
    for (const bad of [
      undefined,
      '',
      '0',
      '-1',
      'Sun, 06 Nov 1994 08:49:37 UTC',
      'Sun, 06 Nov 94 08:49:37 GMT',
      'Sun 06 Nov 1994 08:49:37 GMT',
      'Sun, 6 Nov 1994 08:49:37 GMT',
      'Sun, 06  Nov  1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 8:49:37 GMT',
      'Sun, 31 Feb 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 24:00:00 GMT',
      'Sun, 06 Nov 1994 08:60:00 GMT',
      'Xyz, 06 Nov 1994 08:49:37 GMT',
      'Sun, 06 Foo 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT',
    ]) {
      assert.equal(parseHttpDate(bad), undefined, String(bad));
    }
  });

  test('RFC 9110 §5.6.7 leap years and small years are calendar-correct', () => {
    assert.equal(parseHttpDate('Tue, 29 Feb 2000 00:00:00 GMT'), Date.UTC(2000, 1, 29));
    assert.equal(parseHttpDate('Thu, 29 Feb 1900 00:00:00 GMT'), undefined);
    assert.equal(parseHttpDate('Mon, 01 Jan 0001 00:00:00 GMT'), new Date('0001-01-01T00:00:00Z').getTime());
  });

  test('RFC 9110 §5.6.7 formatHttpDate writes IMF-fixdate', () => {
    assert.equal(formatHttpDate(NOV_6_1994 + 999), 'Sun, 06 Nov 1994 08:49:37 GMT');
    assert.equal(formatHttpDate(0), 'Thu, 01 Jan 1970 00:00:00 GMT');
    assert.throws(() => formatHttpDate(Number.NaN), RangeError);
  });

  test('RFC 9110 §5.6.7 property: parse(format(t)) is t truncated to the second', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        assert.equal(parseHttpDate(formatHttpDate(ms)), Math.floor(ms / 1000) * 1000);
      }),
    );
  });
});
