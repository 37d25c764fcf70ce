// The invalidation benchmark's options: the defaults are what docs/benchmarks.md reports, and a bad value
// must stop the run before it measures something else than asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../shared/args.js';
import { budgets, diskNeed, parseOptions, processesFor } from './options.js';

test('parseOptions: the defaults', () => {
  const o = parseOptions([], {});
  assert.deepEqual(o.only, ['http', 'nats']);
  assert.deepEqual(o.edges, [1, 10, 50]);
  assert.equal(o.invalidations, 20);
  assert.equal(o.warmup, 2);
  assert.equal(o.edgeProcesses, undefined);
  assert.equal(o.objects, 100_000);
  assert.equal(o.pattern, '/assets/*.jpg');
  assert.equal(o.tiers, 'memory');
  assert.equal(o.natsUrl, 'nats://127.0.0.1:4222');
  assert.equal(o.maxMs, 40 * 60_000);
  assert.equal(o.refillGc, true);
  assert.equal(parseOptions(['--refill-gc', 'off'], {}).refillGc, false);
  assert.throws(() => parseOptions(['--refill-gc', 'yes'], {}), /--refill-gc: on or off/);
  assert.equal(parseOptions([], { CANDELA_NATS_URL: 'nats://10.0.0.1:4222' }).natsUrl, 'nats://10.0.0.1:4222');
});

test('parseOptions: lists sorted and checked; transports in their fixed order', () => {
  const o = parseOptions(['--edges', '50,1,10,1', '--only', 'nats,http', '--edge-processes', '3', '--tiers', 'both'], {});
  assert.deepEqual(o.edges, [1, 10, 50]);
  assert.deepEqual(o.only, ['http', 'nats']);
  assert.equal(o.edgeProcesses, 3);
  assert.equal(o.tiers, 'both');
});

test('parseOptions: bad values are usage errors', () => {
  for (const argv of [['--edges', '0'], ['--edges', '2521'], ['--only', 'mqtt'], ['--invalidations', 'x'], ['--tiers', 'ssd'], ['--timeout', '1.5']]) {
    assert.throws(() => parseOptions(argv, {}), UsageError, argv.join(' '));
  }
  assert.throws(() => parseOptions(['--pattern', '/assets/['], {}), /--pattern: invalid pattern/);
  assert.throws(() => parseOptions(['--pattern', '/nothing/*'], {}), /matches 0 of the 100000/);
  assert.throws(() => parseOptions(['--pattern', '*'], {}), /must match some but not all/);
});

test('processesFor: ten edges a process unless told; never more processes than edges', () => {
  assert.equal(processesFor(1, { edgeProcesses: undefined }), 1);
  assert.equal(processesFor(10, { edgeProcesses: undefined }), 1);
  assert.equal(processesFor(50, { edgeProcesses: undefined }), 5);
  assert.equal(processesFor(2, { edgeProcesses: 4 }), 2);
});

test('budgets: room for every object in the memory tier, a heap that grows with the edges a host holds', () => {
  const b = budgets(100_000, 'memory', 10);
  assert.equal(b.memoryMb, 114);
  assert.equal(b.diskMb, 16);
  assert.equal(b.heapMb, 1_657);
  assert.equal(budgets(100_000, 'both', 1).diskMb, 212);
  assert.equal(budgets(10, 'memory', 1).heapMb, 1_024, 'never below 1 GiB');
});

test('diskNeed: two 4 KiB files per object per edge', () => {
  assert.deepEqual(diskNeed(10, 100_000), { bytes: 8_192_000_000, inodes: 2_000_000 });
});
