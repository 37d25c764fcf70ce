// The arrival board the feed benchmarks wait on: a wrong rule (a late second report overwriting the first,
// a wait that returns before every edge reported) would silently move their numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Arrivals, relativeTo } from './arrivals.js';
import { wallClockMs } from './clock.js';

test('record: the first report of each edge counts; complete once every edge reported', () => {
  const a = new Arrivals<number>(2);
  a.record(7, 0, 100);
  assert.equal(a.complete(7), false);
  a.record(7, 0, 150);
  a.record(7, 1, 120);
  assert.equal(a.complete(7), true);
  assert.deepEqual(a.row(7), [100, 120]);
  assert.deepEqual(a.row(8), [undefined, undefined], 'a key nobody reported');
});

test('waitFor: resolves true when the last edge reports, false at the deadline', async () => {
  const a = new Arrivals<string, { matched: number }>(2);
  a.record('inv', 1, { matched: 3 });
  const waiting = a.waitFor('inv', wallClockMs() + 5_000);
  setTimeout(() => a.record('inv', 0, { matched: 4 }), 5);
  assert.equal(await waiting, true);
  assert.deepEqual(a.row('inv'), [{ matched: 4 }, { matched: 3 }]);
  assert.equal(await a.waitFor('other', wallClockMs() + 20), false);
});

test('relativeTo: ms after t0, negative kept, missing kept missing', () => {
  assert.deepEqual(relativeTo([105, 98, undefined], 100), [5, -2, undefined]);
});
