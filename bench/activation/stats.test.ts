// The activation benchmark's arithmetic and tables: a wrong rule here (an edge that never served
// counted as fast, a missing edge dropped) would silently flatter the numbers in docs/benchmarks.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allEdgesMs, pollLagMs, summarizeCell, targetVerdict } from './stats.js';
import type { Repetition } from './stats.js';
import { detailTable, mainTable, ms, render } from './table.js';
import type { CellResult, RunInfo } from './table.js';

function rep(servingMs: (number | undefined)[], extra: Partial<Repetition> = {}): Repetition {
  return {
    rep: 1,
    feedSeq: 2,
    apiCallMs: 10,
    servingMs,
    inForceMs: servingMs.map((v) => (v === undefined ? undefined : v + 5)),
    activeMs: 100,
    finalStatus: 'active',
    edgesDone: servingMs.length,
    edgesTotal: servingMs.length,
    verified: servingMs.length,
    ...extra,
  };
}

test('allEdgesMs: the last edge to serve; undefined when any edge never did or there are none', () => {
  assert.equal(allEdgesMs([3, 40, 12]), 40);
  assert.equal(allEdgesMs([-2.5]), -2.5, 'an edge faster than the API answer is a negative time, kept as it is');
  assert.equal(allEdgesMs([3, undefined, 12]), undefined);
  assert.equal(allEdgesMs([3, Number.NaN]), undefined);
  assert.equal(allEdgesMs([]), undefined);
});

test('pollLagMs: polled − swapped per edge, only where both are known', () => {
  assert.deepEqual(pollLagMs([10, 20, undefined], [15, undefined, 40]), [5]);
  assert.deepEqual(pollLagMs([1, 2], [3]), [2]);
});

test('summarizeCell: p50/p99/max over activations of the last edge; every edge of every activation in eachServing', () => {
  // 20 activations of 2 edges: the last edge at 1..20 ms (edge 0 always at 1 ms).
  const reps = Array.from({ length: 20 }, (_, i) => rep([1, i + 1]));
  const s = summarizeCell(reps, 2);
  assert.equal(s.activations, 20);
  assert.equal(s.complete, 20);
  assert.equal(s.missingEdges, 0);
  assert.equal(s.allServing.p50Ms, 10);
  assert.equal(s.allServing.p99Ms, 20, 'nearest rank: with 20 samples p99 is the slowest');
  assert.equal(s.allServing.maxMs, 20);
  assert.equal(s.eachServing.count, 40);
  assert.equal(s.allInForce.maxMs, 25);
  assert.equal(s.active.count, 20);
  assert.equal(s.allPolled, undefined, 'no polling, no polling rows');
  assert.equal(s.verifiedAll, 20);
});

test('summarizeCell: an activation some edge never served is not a sample, and is counted as incomplete', () => {
  const reps = [rep([5, 7]), rep([5, undefined], { verified: 1, activeMs: undefined, edgesTotal: 1 }), rep([9])];
  const s = summarizeCell(reps, 2);
  assert.equal(s.complete, 2);
  assert.equal(s.missingEdges, 2, 'one undefined, and one edge absent from the third activation');
  assert.deepEqual([s.allServing.count, s.allServing.maxMs], [2, 9]);
  assert.equal(s.active.count, 2);
  assert.equal(s.verifiedAll, 1);
  assert.equal(s.edgesTotalShort, 2);
  const v = targetVerdict(s);
  assert.equal(v.met, false);
  assert.match(v.text, /1 of 3 activations did not reach every edge/);
});

test('summarizeCell: with polling, the last edge polled and the per-edge lag behind the swap', () => {
  const s = summarizeCell([rep([1, 2], { polledMs: [4, 9] }), rep([1, 2], { polledMs: [3, undefined] })], 2);
  assert.deepEqual([s.allPolled?.count, s.allPolled?.maxMs], [1, 9]);
  assert.deepEqual([s.pollLag?.count, s.pollLag?.maxMs, s.pollLag?.p50Ms], [3, 7, 3]);
});

test('targetVerdict: met below 2 s at p99 with every activation complete; not met at or above it', () => {
  assert.deepEqual(targetVerdict(summarizeCell([rep([1_999])], 1)), { met: true, text: 'met: p99 1999 ms' });
  assert.equal(targetVerdict(summarizeCell([rep([2_000])], 1)).met, false);
  assert.equal(targetVerdict(summarizeCell([], 1)).met, false);
});

test('ms: one decimal below 100 ms, whole above, a dash for nothing', () => {
  assert.equal(ms(3.14159), '3.1');
  assert.equal(ms(-2.96), '-3.0');
  assert.equal(ms(140.4), '140');
  assert.equal(ms(Number.NaN), '—');
  assert.equal(ms(undefined), '—');
});

const info: RunInfo = {
  date: '2026-01-01T00:00:00.000Z',
  nproc: 2,
  cpuModel: 'test',
  memTotalGiB: 8,
  kernel: '6',
  node: 'v20',
  activations: 20,
  warmup: 2,
  edgeProcesses: 1,
  pollMs: 0,
  activePollMs: 20,
  gapMs: 250,
  logLevel: 'info',
  natsUrl: 'nats://127.0.0.1:4222',
};

test('mainTable: one row per edge count, p50/p99/max per transport; failures and incomplete activations said', () => {
  const cells: CellResult[] = [
    { transport: 'http', edges: 1, ok: true, summary: summarizeCell([rep([2]), rep([4])], 1) },
    { transport: 'http', edges: 50, ok: true, summary: summarizeCell([rep([100, 300]), rep([100, undefined])], 2) },
    { transport: 'nats', edges: 1, ok: false, error: 'NATS unreachable' },
  ];
  assert.deepEqual(mainTable(cells), [
    ['edges', 'HTTP/SSE p50 ms', 'p99 ms', 'max ms', 'NATS JetStream p50 ms', 'p99 ms', 'max ms'],
    ['1', '2.0', '4.0', '4.0', 'failed', '—', '—'],
    ['50', '300', '300', '300 (1 of 2 incomplete)', '—', '—', '—'],
  ]);
  const md = render(mainTable(cells), true).split('\n');
  assert.equal(md[1], '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  assert.equal(md[2], '| 1 | 2.0 | 4.0 | 4.0 | failed | — | — |');
});

test('detailTable: a column per cell, polling rows only when polling', () => {
  const cells: CellResult[] = [{ transport: 'nats', edges: 10, ok: true, summary: summarizeCell([rep([1, 2])], 2) }];
  const table = detailTable(cells, info);
  assert.deepEqual(table[0], ['', 'NATS JetStream, 10 edges']);
  assert.ok(!table.some((r) => (r[0] ?? '').includes('HTTP poll')));
  assert.equal(table.find((r) => r[0]?.startsWith('last edge serving'))?.[1], '2.0 / 2.0 / 2.0');
  assert.ok(detailTable(cells, { ...info, pollMs: 5 }).some((r) => (r[0] ?? '').includes('polled every 5 ms')));
});
