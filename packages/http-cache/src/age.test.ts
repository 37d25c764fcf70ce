import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ageIsTrustworthy, currentAgeMs, formatAge, initialAgeMs, isFresh, parseAge, stalenessMs } from './age.js';
import { formatHttpDate } from './http-date.js';

const T = Date.UTC(2024, 0, 15, 12, 0, 0);
const date = (offsetS: number): string => formatHttpDate(T + offsetS * 1000);

describe('age (RFC 9111 §4.2.3, §5.1)', () => {
  test('RFC 9111 §5.1 Age is a non-negative integer', () => {
    assert.equal(parseAge({ age: '30' }), 30);
    assert.equal(parseAge({ age: ' 007 ' }), 7);
    assert.equal(parseAge({}), undefined);
    for (const bad of ['abc', '-7200', '7200.0', '7200;foo=bar', '']) {
      assert.equal(parseAge({ age: bad }), undefined, bad);
    }
  });

  test('RFC 9111 §5.1 a list-valued Age uses its first member', () => {
    assert.equal(parseAge({ age: '0,7200' }), 0);
    assert.equal(parseAge({ age: '7200, 0' }), 7200);
    assert.equal(parseAge({ age: ['3600', '0'] }), 3600);
    assert.equal(parseAge({ age: 'x, 5' }), undefined);
  });

  test('RFC 9111 §1.2.2 Age overflow becomes 2147483648', () => {
    assert.equal(parseAge({ age: '99999999999' }), 2_147_483_648);
  });

  test('RFC 9111 §4.2.3 apparent age from Date', () => {
    const age = currentAgeMs({ res: { date: date(-100) }, requestAtMs: T, responseAtMs: T, nowMs: T });
    assert.equal(age, 100_000);
  });

  test('RFC 9111 §4.2.3 corrected age value adds the response delay to Age', () => {
    const age = currentAgeMs({ res: { date: date(2), age: '30' }, requestAtMs: T, responseAtMs: T + 2000, nowMs: T + 2000 });
    assert.equal(age, 32_000);
  });

  test('RFC 9111 §4.2.3 corrected initial age is the larger of the two estimates', () => {
    const res = { date: date(-100), age: '10' };
    assert.equal(currentAgeMs({ res, requestAtMs: T, responseAtMs: T, nowMs: T }), 100_000);
  });

  test('RFC 9111 §4.2.3 current age adds resident time', () => {
    const age = currentAgeMs({ res: { date: date(0) }, requestAtMs: T, responseAtMs: T, nowMs: T + 45_000 });
    assert.equal(age, 45_000);
  });

  test('RFC 9111 §4.2.3 a Date in the future gives no negative apparent age', () => {
    const age = currentAgeMs({ res: { date: date(500) }, requestAtMs: T, responseAtMs: T, nowMs: T + 1000 });
    assert.equal(age, 1000);
  });

  test('RFC 9111 §4.2.3 missing Date, invalid Age and a clock stepping back never make age negative', () => {
    assert.equal(currentAgeMs({ res: { age: '-5' }, requestAtMs: T, responseAtMs: T, nowMs: T }), 0);
    assert.equal(currentAgeMs({ res: {}, requestAtMs: T + 5, responseAtMs: T, nowMs: T - 1000 }), 0);
  });

  test('RFC 9111 §4.2 fresh iff lifetime exceeds age', () => {
    assert.equal(isFresh(1000, 999), true);
    assert.equal(isFresh(1000, 1000), false);
    assert.equal(isFresh(0, 0), false);
    assert.equal(stalenessMs(1000, 1500), 500);
  });

  test('RFC 9111 §5.1 Age is sent in whole seconds, at most 2^31', () => {
    assert.equal(formatAge(1999), '1');
    assert.equal(formatAge(-5), '0');
    assert.equal(formatAge(1e15), '2147483648');
  });
});

describe('RFC 9111 §5.1 untrustworthy Age', () => {
  test('RFC 9111 §5.1 a single non-negative integer Age is trusted; absent Age is trusted', () => {
    assert.equal(ageIsTrustworthy({ age: '10' }), true);
    assert.equal(ageIsTrustworthy({}), true);
  });
  for (const [label, value] of [
    ['non-numeric', 'abc'],
    ['negative', '-7200'],
    ['float', '7200.0'],
    ['list', '0, 0'],
    ['two lines', ['0', '3600']],
    ['parameter', '3600;a=b'],
  ] as const) {
    test(`RFC 9111 §5.1 an Age that is ${label} is not trusted (the response counts as stale)`, () => {
      assert.equal(ageIsTrustworthy({ age: value as string | string[] }), false);
    });
  }
});

describe('RFC 9111 §4.2.3 corrected initial age', () => {
  test('RFC 9111 §4.2.3 current_age = corrected_initial_age + resident_time', () => {
    const res = { date: date(-10), age: '5' };
    const initial = initialAgeMs({ res, requestAtMs: T - 2_000, responseAtMs: T });
    assert.equal(initial, 10_000); // apparent age 10 s beats Age 5 s + 2 s delay
    assert.equal(currentAgeMs({ res, requestAtMs: T - 2_000, responseAtMs: T, nowMs: T + 30_000 }), initial + 30_000);
  });
});
