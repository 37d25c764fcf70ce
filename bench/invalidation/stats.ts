// Pure arithmetic of the invalidation benchmark: what one invalidation measured, and the percentiles over
// the invalidations of one cell (transport × number of edges). Percentiles are the shared nearest-rank
// ones (with 20 invalidations p99 is the slowest). No clock and no I/O.
import { summarize } from '../shared/latency.js';
import type { LatencySummary } from '../shared/latency.js';
import { definedMs as defined, lastEdgeMs, perEdgeDifferences } from '../shared/edge-times.js';
import { targetVerdict as verdict } from '../shared/feed-report.js';

/** Issue 5's target: every one of 50 edges has applied the invalidation within 1 s of the API call returning, at p99. */
export const TARGET_EDGES = 50;
export const TARGET_P99_MS = 1_000;

/** The anchors: stated in the issue, not measured here. */
export const ANCHORS: readonly { who: string; figure: string }[] = [
  { who: 'Fastly', figure: '~150 ms average' },
  { who: 'Akamai', figure: '< 5 s' },
  { who: 'the open-source CDN control plane', figure: '≥ 60 s' },
];

export type InvalidationType = 'normal' | 'force';

/** Repetition r (0-based, warm-ups included) alternates Normal (soft: revalidate) and Force (hard: refetch). */
export function typeOf(r: number): InvalidationType {
  return r % 2 === 0 ? 'normal' : 'force';
}

/** One invalidation. Every time is in ms after t0, the moment the API call returned (≤ 0 for an edge faster than the answer). */
export interface Repetition {
  rep: number;
  id: string;
  feedSeq: number;
  type: InvalidationType;
  /** The POST, from sending to its complete answer. */
  apiCallMs: number;
  /** 429 answers before it was accepted (the runner paces itself, so 0 unless something else used the group). */
  throttled: number;
  /** Per edge: its feed client called the edge's apply (the event had arrived and its turn came). */
  startedMs: (number | undefined)[];
  /**
   * Per edge: applied, i.e. in force (packages/edge/src/purge/invalidation-in-force.ts): from then on every
   * lookup applies it, so the edge serves nothing it covers; the edge acks this at once.
   */
  appliedMs: (number | undefined)[];
  /** Per edge: its sweep ended: every matched entry in every tier marked (Normal) or removed (Force), counted. */
  sweptMs: (number | undefined)[];
  /** Per edge: the objects it reported matched (its ack's number). */
  matched: (number | undefined)[];
  /** Edges that refused it (then they never apply it). */
  refused: number;
  /** When GET /invalidations/{id} first said `complete` (polled), if it did within the time allowed. */
  completeMs: number | undefined;
  /** When its objectsMatched first reached edges × the expected count (polled): every edge's counts in. */
  countedMs: number | undefined;
  finalStatus: string;
  edgesDone: number;
  edgesTotal: number;
  /** objectsMatched of the API's answer: the sum over the edges that acked. */
  apiObjectsMatched: number;
  /** HTTP check afterwards, on every edge: a matched object was not a plain hit; an unmatched object still was. */
  purgedOnEdges: number;
  keptOnEdges: number;
}

export interface CellSummary {
  invalidations: number;
  /** Invalidations every edge applied (the others count as failures, never as fast samples). */
  complete: number;
  /** Edge samples that never arrived, over all invalidations. */
  missingEdges: number;
  /** Per invalidation, the last of the N edges to have applied it: the benchmark's number. */
  allApplied: LatencySummary;
  /** The same, Normal and Force apart. */
  allAppliedNormal: LatencySummary;
  allAppliedForce: LatencySummary;
  /** Every edge of every invalidation, one sample each. */
  eachApplied: LatencySummary;
  /** Every edge of every invalidation: when its apply began (delivery, and waiting for its turn in its process). */
  eachStarted: LatencySummary;
  /** Every edge of every invalidation: putting it in force (planning it). */
  applyDuration: LatencySummary;
  /** Per invalidation, the last of the N edges to have swept its cache for it. */
  allSwept: LatencySummary;
  /** Every edge of every invalidation: its sweep, from in force to every entry marked or removed (waiting for its turn included). */
  sweepDuration: LatencySummary;
  /** Until the API said `complete` (every edge acked it in force), polled. */
  completeApi: LatencySummary;
  /** Until the API's objects matched were every edge's count, polled. */
  countedApi: LatencySummary;
  apiCall: LatencySummary;
  /** Objects each edge reported matched: the least and most seen, and samples that differ from the expected count. */
  matchedMin: number;
  matchedMax: number;
  matchedOff: number;
  /** Invalidations whose API count was N × the expected count per edge. */
  apiMatchedRight: number;
  /** Invalidations after which every edge passed the HTTP check both ways. */
  checkedAll: number;
  refused: number;
  throttled: number;
  /** Invalidations the control plane counted fewer edges for than were running. */
  edgesTotalShort: number;
}

export function summarizeCell(reps: readonly Repetition[], edges: number, expectedMatched: number): CellSummary {
  const last = (rs: readonly Repetition[]) => rs.map((r) => lastEdgeMs(r.appliedMs));
  const allApplied = last(reps);
  const matched = defined(reps.flatMap((r) => r.matched));
  return {
    invalidations: reps.length,
    complete: allApplied.filter((v) => v !== undefined).length,
    missingEdges: reps.reduce((n, r) => n + r.appliedMs.filter((v) => v === undefined).length + Math.max(0, edges - r.appliedMs.length), 0),
    allApplied: summarize(defined(allApplied)),
    allAppliedNormal: summarize(defined(last(reps.filter((r) => r.type === 'normal')))),
    allAppliedForce: summarize(defined(last(reps.filter((r) => r.type === 'force')))),
    eachApplied: summarize(defined(reps.flatMap((r) => r.appliedMs))),
    eachStarted: summarize(defined(reps.flatMap((r) => r.startedMs))),
    applyDuration: summarize(reps.flatMap((r) => perEdgeDifferences(r.startedMs, r.appliedMs))),
    allSwept: summarize(defined(reps.map((r) => lastEdgeMs(r.sweptMs)))),
    sweepDuration: summarize(reps.flatMap((r) => perEdgeDifferences(r.appliedMs, r.sweptMs))),
    completeApi: summarize(defined(reps.map((r) => r.completeMs))),
    countedApi: summarize(defined(reps.map((r) => r.countedMs))),
    apiCall: summarize(reps.map((r) => r.apiCallMs)),
    matchedMin: matched.length === 0 ? Number.NaN : Math.min(...matched),
    matchedMax: matched.length === 0 ? Number.NaN : Math.max(...matched),
    matchedOff: matched.filter((m) => m !== expectedMatched).length,
    apiMatchedRight: reps.filter((r) => r.apiObjectsMatched === edges * expectedMatched).length,
    checkedAll: reps.filter((r) => r.purgedOnEdges === edges && r.keptOnEdges === edges).length,
    refused: reps.reduce((n, r) => n + r.refused, 0),
    throttled: reps.reduce((n, r) => n + r.throttled, 0),
    edgesTotalShort: reps.filter((r) => r.edgesTotal < edges).length,
  };
}

/** Met when every invalidation reached every edge and the p99 of the last edge stayed under the target. */
export function targetVerdict(s: CellSummary): { met: boolean; text: string } {
  return verdict({ p99Ms: s.allApplied.p99Ms, total: s.invalidations, complete: s.complete, targetMs: TARGET_P99_MS, noun: 'invalidations' });
}
