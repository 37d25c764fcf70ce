// The runners' option checks: a value that slips through would measure something else than asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choiceList, intArg, intList, numberArg, UsageError } from './args.js';

test('intArg: integers at or above the minimum; anything else is a usage error', () => {
  assert.equal(intArg('edges', '50', 1), 50);
  assert.equal(intArg('warmup', '0', 0), 0);
  for (const bad of ['0', '-1', '1.5', 'x', '', ' ']) assert.throws(() => intArg('edges', bad, 1), UsageError, bad);
  assert.throws(() => intArg('edges', '0', 1), /--edges must be an integer ≥ 1 \(got 0\)/);
});

test('numberArg: any finite number at or above the minimum', () => {
  assert.equal(numberArg('rate', '2.5', 1), 2.5);
  for (const bad of ['0.5', 'Infinity', 'NaN', '']) assert.throws(() => numberArg('rate', bad, 1), UsageError, bad);
});

test('choiceList: a subset in the allowed order; an unknown name says what is allowed', () => {
  assert.deepEqual(choiceList('only', 'nats, http', ['http', 'nats'] as const, 'transport'), ['http', 'nats']);
  assert.deepEqual(choiceList('only', 'nats', ['http', 'nats'] as const, 'transport'), ['nats']);
  assert.throws(() => choiceList('only', 'http,mqtt', ['http', 'nats'] as const, 'transport'), /--only: unknown transport mqtt \(http, nats\)/);
});

test('intList: sorted, without repeats, bounded', () => {
  assert.deepEqual(intList('edges', '50,1,10,1', 1, 2520), [1, 10, 50]);
  assert.throws(() => intList('edges', '1,2521', 1, 2520), /--edges: at most 2520 \(got 2521\)/);
  assert.throws(() => intList('edges', '1,,2', 1), UsageError);
});
