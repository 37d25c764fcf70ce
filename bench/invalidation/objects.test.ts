// The object layout and what a pattern reaches: the bench checks every edge's own count against
// matchingObjects, so a wrong rule here would either hide an edge that matched too much or fail a good run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PATTERN, firstUnmatched, matchingObjects, objectPath } from './objects.js';

test('objectPath: 100 directories, ten extensions in turn', () => {
  assert.equal(objectPath(0), '/assets/d0/0.jpg');
  assert.equal(objectPath(9), '/assets/d0/9.jpg.map');
  assert.equal(objectPath(10), '/assets/d1/10.jpg');
  assert.equal(objectPath(1_008), '/assets/d0/1008.jpeg');
  assert.equal(objectPath(99_999), '/assets/d99/99999.jpg.map');
});

test('matchingObjects: /assets/*.jpg reaches exactly one object in ten, not .jpeg nor .jpg.map', () => {
  const m = matchingObjects(DEFAULT_PATTERN, 100_000);
  assert.equal(m.length, 10_000);
  assert.ok(m.every((i) => i % 10 === 0));
});

test('matchingObjects: the grammar of domain.md §3 (+, sets, ignore case)', () => {
  // d1+ : "d1" and one or more characters other than "/": d10 … d19, a tenth of the directories.
  assert.equal(matchingObjects('/assets/d1+/*.jpg', 100_000).length, 1_000);
  assert.equal(matchingObjects('/assets/d[0-4]/*', 1_000).length, 50, 'objects 0–999: ten per directory d0 … d99');
  assert.equal(matchingObjects('/ASSETS/*.JPG', 100).length, 0);
  assert.equal(matchingObjects('/ASSETS/*.JPG', 100, true).length, 10);
  assert.throws(() => matchingObjects('/assets/[', 10), /invalid pattern/);
});

test('firstUnmatched: the lowest index the pattern leaves alone', () => {
  assert.equal(firstUnmatched([0, 10, 20], 30), 1);
  assert.equal(firstUnmatched([0, 1], 2), undefined);
});
