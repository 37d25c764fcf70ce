import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CACHE_TAG_FIELDS,
  MAX_TAG_BYTES,
  MAX_TAG_FIELD_BYTES,
  MAX_TAGS,
  parseCacheTags,
  validateTagList,
} from './cache-tags.js';

const keys = (n: number, prefix = 'k'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

test('domain §3 cache tags: Surrogate-Key and Cache-Tag are the fields read (and stripped)', () => {
  assert.deepEqual([...CACHE_TAG_FIELDS], ['surrogate-key', 'cache-tag']);
  assert.deepEqual(parseCacheTags({}), { tags: [], dropped: 0 });
  assert.deepEqual(parseCacheTags({ 'content-type': 'text/html', 'cache-tag': undefined }), { tags: [], dropped: 0 });
});

test('domain §3 cache tags: Surrogate-Key is space-separated, Cache-Tag comma-separated', () => {
  assert.deepEqual(parseCacheTags({ 'surrogate-key': '  product-1 product-2\tcategory-9 ' }).tags, [
    'product-1',
    'product-2',
    'category-9',
  ]);
  assert.deepEqual(parseCacheTags({ 'cache-tag': 'x,y, z ,,w' }).tags, ['x', 'y', 'z', 'w']);
});

test('domain §3 cache tags: both fields are collected, deduplicated, in order (Surrogate-Key first)', () => {
  const parsed = parseCacheTags({ 'cache-tag': 'b,c,a', 'surrogate-key': 'a b a' });
  assert.deepEqual(parsed, { tags: ['a', 'b', 'c'], dropped: 0 });
});

test('domain §3 cache tags: repeated header lines and any name casing are read', () => {
  assert.deepEqual(parseCacheTags({ 'surrogate-key': ['a b', 'c'] }).tags, ['a', 'b', 'c']);
  assert.deepEqual(parseCacheTags({ 'Surrogate-Key': 'a', 'CACHE-TAG': 'b' }).tags, ['a', 'b']);
  // Node joins repeated unknown fields with ", ": the comma must not stick to a key.
  assert.deepEqual(parseCacheTags({ 'surrogate-key': 'a b, c d' }).tags, ['a', 'b', 'c', 'd']);
  // Keys are case-sensitive.
  assert.deepEqual(parseCacheTags({ 'surrogate-key': 'Tag tag' }).tags, ['Tag', 'tag']);
});

test('domain §3 cache tags: a key is at most 1024 bytes of UTF-8; a longer one is dropped on its own', () => {
  const max = 'k'.repeat(MAX_TAG_BYTES);
  assert.deepEqual(parseCacheTags({ 'surrogate-key': `${max} after` }), { tags: [max, 'after'], dropped: 0 });
  assert.deepEqual(parseCacheTags({ 'surrogate-key': `before ${max}x after` }), { tags: ['before', 'after'], dropped: 1 });
  // Bytes, not characters: 'é' takes two bytes.
  const accents = 'é'.repeat(MAX_TAG_BYTES / 2);
  assert.deepEqual(parseCacheTags({ 'cache-tag': accents }).tags, [accents]);
  assert.deepEqual(parseCacheTags({ 'cache-tag': accents + 'é' }), { tags: [], dropped: 1 });
});

test('domain §3 cache tags: only keys within the first 16 KiB of a header are kept, the rest are counted', () => {
  // 1024 + 15 × (1 + 1023) bytes: the 16th key ends exactly at byte 16 384.
  const full = ['a'.repeat(1024), ...keys(15).map((k) => k.padEnd(1023, '-'))];
  const atLimit = full.join(' ');
  assert.equal(Buffer.byteLength(atLimit), MAX_TAG_FIELD_BYTES);
  assert.deepEqual(parseCacheTags({ 'surrogate-key': atLimit }), { tags: full, dropped: 0 });
  const over = parseCacheTags({ 'surrogate-key': `${atLimit} x y`, 'cache-tag': 'z' });
  // Each field has its own 16 KiB, so Cache-Tag's key is still read.
  assert.deepEqual(over, { tags: [...full, 'z'], dropped: 2 });
  // Repeated lines count with their ", " join, as the combined field would on the wire.
  const lines = parseCacheTags({ 'surrogate-key': [atLimit.slice(0, -2), 'q'] });
  assert.equal(lines.tags.includes('q'), false);
  assert.equal(lines.dropped, 1);
});

test('domain §3 cache tags: at most 256 keys per response; extra distinct keys are dropped and counted', () => {
  assert.deepEqual(parseCacheTags({ 'surrogate-key': keys(MAX_TAGS).join(' ') }), { tags: keys(MAX_TAGS), dropped: 0 });
  const many = parseCacheTags({ 'surrogate-key': keys(200).join(' '), 'cache-tag': [...keys(100, 'c'), 'k0', 'k1'].join(',') });
  assert.equal(many.tags.length, MAX_TAGS);
  assert.deepEqual(many.tags.slice(0, 200), keys(200));
  assert.deepEqual(many.tags.slice(200), keys(56, 'c'));
  // Duplicates of kept keys are not losses; a dropped key repeated is counted once.
  assert.equal(many.dropped, 44);
  assert.equal(parseCacheTags({ 'surrogate-key': [...keys(MAX_TAGS), 'x', 'x', 'y'].join(' ') }).dropped, 2);
});

test('domain §3 cache tags: a key with control characters is dropped', () => {
  assert.deepEqual(parseCacheTags({ 'cache-tag': 'ok,bad\u0001key' }), { tags: ['ok'], dropped: 1 });
});

test('domain §3 cache tags: every parsed tag is one a purge request may name', () => {
  const header = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: fc.constantFrom('a', 'B', ' ', ',', '\t', 'é', '\u0001'), maxLength: 200 }),
    fc.array(fc.string({ maxLength: 50 }), { maxLength: 3 }),
  );
  fc.assert(
    fc.property(header, header, (sk, ct) => {
      const { tags, dropped } = parseCacheTags({ 'surrogate-key': sk, 'cache-tag': ct });
      assert.ok(dropped >= 0 && tags.length <= MAX_TAGS);
      assert.equal(new Set(tags).size, tags.length);
      if (tags.length > 0) assert.deepEqual(validateTagList(tags), { ok: true });
    }),
  );
});

test('domain §3 cache tags: a purge request names 1 to 256 tags', () => {
  assert.deepEqual(validateTagList(['a']), { ok: true });
  assert.deepEqual(validateTagList(keys(MAX_TAGS)), { ok: true });
  assert.deepEqual(
    { ...validateTagList([]), message: undefined },
    { ok: false, index: 0, message: undefined },
  );
  const tooMany = validateTagList(keys(MAX_TAGS + 1));
  assert.equal(tooMany.ok, false);
  if (!tooMany.ok) assert.equal(tooMany.index, MAX_TAGS);
});

test('domain §3 cache tags: each purge tag is 1..1024 bytes with no whitespace, commas or controls', () => {
  const cases: [tag: string, ok: boolean][] = [
    ['product-62952', true],
    ['k'.repeat(MAX_TAG_BYTES), true],
    ['k'.repeat(MAX_TAG_BYTES + 1), false],
    ['é'.repeat(MAX_TAG_BYTES / 2), true],
    ['é'.repeat(MAX_TAG_BYTES / 2 + 1), false],
    ['', false],
    ['a b', false],
    ['a,b', false],
    ['a\tb', false],
    ['a\u00a0b', false],
    ['a\u0000b', false],
    ['a\u007fb', false],
    ['ÜberTag:1/2;x=y', true],
  ];
  for (const [tag, ok] of cases) {
    const result = validateTagList(['fine', tag]);
    assert.equal(result.ok, ok, JSON.stringify(tag).slice(0, 40));
    if (!result.ok) {
      assert.equal(result.index, 1);
      assert.ok(result.message.length > 0);
    }
  }
});
