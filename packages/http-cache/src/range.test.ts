import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatHttpDate } from './http-date.js';
import { MAX_RANGES, contentRange, ifRangeAllows, parseRange, unsatisfiedRange } from './range.js';

const T = Date.UTC(2024, 0, 15, 12, 0, 0);
const date = (offsetS: number): string => formatHttpDate(T + offsetS * 1000);
const ranges = (...pairs: [number, number][]) => ({ kind: 'ranges', ranges: pairs.map(([start, end]) => ({ start, end })) });

describe('range (RFC 9110 §14, §13.1.5)', () => {
  test('RFC 9110 §14.1.2 int-range, open range and suffix range', () => {
    assert.deepEqual(parseRange('bytes=0-1', 10), ranges([0, 1]));
    assert.deepEqual(parseRange('bytes=1-', 10), ranges([1, 9]));
    assert.deepEqual(parseRange('bytes=-1', 10), ranges([9, 9]));
    assert.deepEqual(parseRange('bytes=-50', 10), ranges([0, 9]));
  });

  test('RFC 9110 §14.1.2 last-pos past the end is clipped', () => {
    assert.deepEqual(parseRange('bytes=5-500', 10), ranges([5, 9]));
  });

  test('RFC 9110 §14.1 the range unit is case-insensitive; other units are ignored', () => {
    assert.deepEqual(parseRange('Bytes=0-0', 10), ranges([0, 0]));
    assert.deepEqual(parseRange('items=0-1', 10), { kind: 'none' });
    assert.deepEqual(parseRange(undefined, 10), { kind: 'none' });
  });

  test('RFC 9110 §14.2 invalid syntax means the header is ignored', () => {
    for (const bad of ['bytes=', 'bytes=-', 'bytes=5-1', 'bytes=a-b', 'bytes=1-2-3', 'bytes 0-1', 'bytes=0-1,x', 'bytes=+1-2']) {
      assert.deepEqual(parseRange(bad, 10), { kind: 'none' }, bad);
    }
  });

  test('RFC 9110 §14.1.1 unsatisfiable only when every range is', () => {
    assert.deepEqual(parseRange('bytes=10-', 10), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRange('bytes=-0', 10), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRange('bytes=0-5', 0), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRange('bytes=20-30, 2-3', 10), ranges([2, 3]));
  });

  test('RFC 9110 §14.6 overlapping and adjacent ranges are coalesced, request order kept', () => {
    assert.deepEqual(parseRange('bytes=0-4, 3-7', 10), ranges([0, 7]));
    assert.deepEqual(parseRange('bytes=0-1, 2-3', 10), ranges([0, 3]));
    assert.deepEqual(parseRange('bytes=8-9, 0-1', 10), ranges([8, 9], [0, 1]));
    assert.deepEqual(parseRange('bytes=6-7, 0-1, 1-2', 10), ranges([6, 7], [0, 2]));
    assert.deepEqual(parseRange('bytes=-3, 0-0', 10), ranges([7, 9], [0, 0]));
  });

  test('RFC 9110 §14.2 more than MAX_RANGES range-specs are ignored', () => {
    const many = Array.from({ length: MAX_RANGES + 1 }, (_, i) => `${i * 2}-${i * 2}`).join(',');
    assert.deepEqual(parseRange(`bytes=${many}`, 1000), { kind: 'none' });
    const enough = Array.from({ length: MAX_RANGES }, (_, i) => `${i * 2}-${i * 2}`).join(',');
    assert.equal(parseRange(`bytes=${enough}`, 1000).kind, 'ranges');
  });

  test('RFC 9110 §14.2 property: ranges are inside the representation, sorted apart and disjoint', () => {
    const spec = fc.oneof(
      fc.tuple(fc.nat(200), fc.option(fc.nat(200))).map(([a, b]) => `${a}-${b === null ? '' : a + b}`),
      fc.nat(200).map((n) => `-${n}`),
    );
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: MAX_RANGES }), fc.nat(150), (specs, size) => {
        const result = parseRange(`bytes=${specs.join(', ')}`, size);
        assert.notEqual(result.kind, 'none');
        if (result.kind !== 'ranges') return;
        assert.ok(result.ranges.length >= 1 && result.ranges.length <= specs.length);
        for (const r of result.ranges) assert.ok(r.start >= 0 && r.start <= r.end && r.end < size);
        const sorted = [...result.ranges].sort((a, b) => a.start - b.start);
        for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i]!.start > sorted[i - 1]!.end + 1);
      }),
    );
  });

  test('RFC 9110 §14.2 property: every satisfiable requested byte is covered', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.integer({ min: 1, max: 60 }), (a, len, size) => {
        const result = parseRange(`bytes=${a}-${a + len}`, size);
        if (a >= size) return assert.deepEqual(result, { kind: 'unsatisfiable' });
        assert.deepEqual(result, ranges([a, Math.min(a + len, size - 1)]));
      }),
    );
  });

  test('RFC 9110 §13.1.5 If-Range with a strong ETag must match exactly', () => {
    assert.equal(ifRangeAllows({ 'if-range': '"v1"' }, { etag: '"v1"' }), true);
    assert.equal(ifRangeAllows({ 'if-range': '"v2"' }, { etag: '"v1"' }), false);
    assert.equal(ifRangeAllows({ 'if-range': '"v1"' }, {}), false);
    assert.equal(ifRangeAllows({}, { etag: '"v1"' }), true);
  });

  test('RFC 9110 §13.1.5 a weak ETag in If-Range never matches', () => {
    assert.equal(ifRangeAllows({ 'if-range': 'W/"v1"' }, { etag: 'W/"v1"' }), false);
    assert.equal(ifRangeAllows({ 'if-range': '"v1"' }, { etag: 'W/"v1"' }), false);
  });

  test('RFC 9110 §13.1.5 If-Range date must equal a strong Last-Modified (§8.8.2.2)', () => {
    const stored = { 'last-modified': date(-60), date: date(0) };
    assert.equal(ifRangeAllows({ 'if-range': date(-60) }, stored), true);
    assert.equal(ifRangeAllows({ 'if-range': date(-30) }, stored), false);
    assert.equal(ifRangeAllows({ 'if-range': 'junk' }, stored), false);
    assert.equal(ifRangeAllows({ 'if-range': date(-60) }, { 'last-modified': date(-60) }), false);
    assert.equal(ifRangeAllows({ 'if-range': date(0) }, { 'last-modified': date(0), date: date(0) }), false);
  });

  test('RFC 9110 §14.4 Content-Range values', () => {
    assert.equal(contentRange(0, 4, 10), 'bytes 0-4/10');
    assert.equal(unsatisfiedRange(10), 'bytes */10');
  });
});
