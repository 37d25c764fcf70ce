// The invalidation benchmark's arithmetic and tables: a wrong rule here (an edge that never applied
// counted as fast, a refused one dropped, the wrong matched count accepted) would silently flatter the
// numbers in docs/benchmarks.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeCell, targetVerdict, typeOf } from './stats.js';
import type { Repetition } from './stats.js';
import { anchorTable, detailTable, mainTable } from './table.js';
import type { CellResult, RunInfo } from './table.js';

function rep(appliedMs: (number | undefined)[], extra: Partial<Repetition> = {}): Repetition {
  const edges = appliedMs.length;
  return {
    rep: 1,
    id: 'inv_1',
    feedSeq: 3,
    type: 'normal',
    apiCallMs: 4,
    throttled: 0,
    startedMs: appliedMs.map((v) => (v === undefined ? undefined : v - 2)),
    appliedMs,
    sweptMs: appliedMs.map((v) => (v === undefined ? undefined : v + 30)),
    matched: appliedMs.map((v) => (v === undefined ? undefined : 10)),
    refused: 0,
    completeMs: 50,
    countedMs: 80,
    finalStatus: 'complete',
    edgesDone: edges,
    edgesTotal: edges,
    apiObjectsMatched: 10 * edges,
    purgedOnEdges: edges,
    keptOnEdges: edges,
    ...extra,
  };
}

test('typeOf: Normal and Force in turn, Normal first', () => {
  assert.deepEqual([0, 1, 2, 3].map(typeOf), ['normal', 'force', 'normal', 'force']);
});

test('summarizeCell: the last edge per invalidation; every edge, its start and its own apply time', () => {
  // 20 invalidations of 2 edges: the last edge at 1..20 ms (edge 0 always at 1 ms), Normal and Force in turn.
  const reps = Array.from({ length: 20 }, (_, i) => rep([1, i + 1], { type: typeOf(i) }));
  const s = summarizeCell(reps, 2, 10);
  assert.equal(s.invalidations, 20);
  assert.equal(s.complete, 20);
  assert.equal(s.allApplied.p50Ms, 10);
  assert.equal(s.allApplied.p99Ms, 20, 'nearest rank: with 20 samples p99 is the slowest');
  assert.equal(s.allAppliedNormal.count, 10);
  assert.equal(s.allAppliedForce.maxMs, 20);
  assert.equal(s.eachApplied.count, 40);
  assert.equal(s.eachStarted.maxMs, 18);
  assert.deepEqual([s.applyDuration.count, s.applyDuration.maxMs], [40, 2]);
  assert.deepEqual([s.allSwept.p50Ms, s.allSwept.maxMs], [40, 50], 'the last edge to sweep, 30 ms after it was in force');
  assert.deepEqual([s.sweepDuration.count, s.sweepDuration.maxMs], [40, 30]);
  assert.deepEqual([s.completeApi.maxMs, s.countedApi.maxMs], [50, 80]);
  assert.deepEqual([s.matchedMin, s.matchedMax, s.matchedOff], [10, 10, 0]);
  assert.equal(s.apiMatchedRight, 20);
  assert.equal(s.checkedAll, 20);
});

test('summarizeCell: an edge that never applied (or refused) makes the invalidation incomplete, never fast', () => {
  const reps = [rep([5, 7]), rep([5, undefined], { refused: 1, edgesTotal: 1, apiObjectsMatched: 10, purgedOnEdges: 1 }), rep([9])];
  const s = summarizeCell(reps, 2, 10);
  assert.equal(s.complete, 2);
  assert.equal(s.missingEdges, 2, 'one undefined, and one edge absent from the third invalidation');
  assert.deepEqual([s.allApplied.count, s.allApplied.maxMs], [2, 9]);
  assert.equal(s.refused, 1);
  assert.equal(s.edgesTotalShort, 2);
  assert.equal(s.apiMatchedRight, 1);
  assert.equal(s.checkedAll, 1);
  const v = targetVerdict(s);
  assert.equal(v.met, false);
  assert.match(v.text, /1 of 3 invalidations did not reach every edge/);
});

test('summarizeCell: an edge reporting another count than expected is counted as off', () => {
  const s = summarizeCell([rep([1, 2], { matched: [10, 11] })], 2, 10);
  assert.deepEqual([s.matchedMin, s.matchedMax, s.matchedOff], [10, 11, 1]);
});

test('targetVerdict: met below 1 s at p99 with every invalidation complete; not met at or above it', () => {
  assert.deepEqual(targetVerdict(summarizeCell([rep([999])], 1, 10)), { met: true, text: 'met: p99 999 ms' });
  assert.equal(targetVerdict(summarizeCell([rep([1_000])], 1, 10)).met, false);
  assert.equal(targetVerdict(summarizeCell([], 1, 10)).met, false);
});

const info: RunInfo = {
  date: '2026-01-01T00:00:00.000Z',
  nproc: 2,
  cpuModel: 'test',
  memTotalGiB: 8,
  kernel: '6',
  node: 'v20',
  invalidations: 20,
  warmup: 2,
  objects: 100_000,
  pattern: '/assets/*.jpg',
  expectedMatched: 10_000,
  tiers: 'memory',
  edgesPerProcess: 10,
  completePollMs: 20,
  refillGc: true,
  gapMs: 250,
  logLevel: 'info',
  natsUrl: 'nats://127.0.0.1:4222',
};

test('mainTable and detailTable: p50/p99/max per transport; failures and incomplete invalidations said', () => {
  const cells: CellResult[] = [
    { transport: 'http', edges: 1, ok: true, summary: summarizeCell([rep([2]), rep([4])], 1, 10) },
    { transport: 'http', edges: 50, ok: true, summary: summarizeCell([rep([100, 300]), rep([100, undefined])], 2, 10) },
    { transport: 'nats', edges: 1, ok: false, error: 'NATS unreachable' },
  ];
  assert.deepEqual(mainTable(cells), [
    ['edges', 'HTTP/SSE p50 ms', 'p99 ms', 'max ms', 'NATS JetStream p50 ms', 'p99 ms', 'max ms'],
    ['1', '2.0', '4.0', '4.0', 'failed', '—', '—'],
    ['50', '300', '300', '300 (1 of 2 incomplete)', '—', '—', '—'],
  ]);
  const detail = detailTable(cells, info);
  assert.deepEqual(detail[0], ['', 'HTTP/SSE, 1 edge', 'HTTP/SSE, 50 edges', 'NATS JetStream, 1 edge']);
  assert.equal(detail.find((r) => r[0]?.startsWith('objects matched per edge'))?.[1], '10');
});

test('anchorTable: the p99 at 50 edges beside the target and the issue anchors; the largest N when 50 was not run', () => {
  const at50: CellResult[] = [
    { transport: 'http', edges: 50, ok: true, summary: summarizeCell([rep([400, 800])], 2, 10) },
    { transport: 'nats', edges: 50, ok: true, summary: summarizeCell([rep([400, 1_200])], 2, 10) },
  ];
  const t = anchorTable(at50) ?? [];
  assert.deepEqual(t[1], ['measured p99 until every edge applied it', '800 ms', '1200 ms']);
  assert.deepEqual(t[2], ['target (issue 5, at 50 edges)', '< 1 s: met', '< 1 s: NOT met']);
  assert.ok(t.some((r) => r[0]?.startsWith('Fastly') && r[1] === '~150 ms average'));
  const small = anchorTable([{ transport: 'http', edges: 10, ok: true, summary: summarizeCell([rep([3])], 1, 10) }]) ?? [];
  assert.deepEqual(small[0], ['', 'HTTP/SSE, 10 edges']);
  assert.equal(small[2]?.[1], '< 1 s (not at 50 edges)');
  assert.equal(anchorTable([{ transport: 'http', edges: 1, ok: false }]), undefined);
});
