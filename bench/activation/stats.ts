// Pure arithmetic of the activation benchmark: what one activation measured, and the percentiles over
// the activations of one cell (transport × number of edges). Percentiles and summaries are the shared ones
// (bench/shared/latency.ts: nearest rank: with 20 activations p99 is the slowest one). No clock and no I/O.
import { summarize } from '../shared/latency.js';
import type { LatencySummary } from '../shared/latency.js';
import { definedMs as defined, lastEdgeMs, perEdgeDifferences } from '../shared/edge-times.js';
import { targetVerdict as verdict } from '../shared/feed-report.js';

export { TRANSPORTS } from '../shared/transports.js';
export type { Transport } from '../shared/transports.js';

/** The target: every one of 50 edges serving the new version within 2 s of the API call returning, at p99. */
export const TARGET_EDGES = 50;
export const TARGET_P99_MS = 2_000;

/** One activation. Every time is in ms after t0, the moment the activation API call returned (may be ≤ 0 for an edge faster than the API's answer). */
export interface Repetition {
  rep: number;
  feedSeq: number;
  /** The activation API call, from sending to its complete answer. */
  apiCallMs: number;
  /** Per edge: when its node swapped in the document of this feed seq (undefined: not within the time allowed). */
  servingMs: (number | undefined)[];
  /** Per edge: when its feed client had the snapshot on disk and in force (just before the ack). */
  inForceMs: (number | undefined)[];
  /** Per edge: the first HTTP answer carrying the new version, when the runner polled (--poll-ms). */
  polledMs?: (number | undefined)[];
  /** When GET /activations/{id} first said `active` (polled), if it did within the time allowed. */
  activeMs: number | undefined;
  /** The activation's status when the runner stopped looking, and its edge counts then. */
  finalStatus: string;
  edgesDone: number;
  edgesTotal: number;
  /** Edges that answered a request for the alias with the new version after the measurement. */
  verified: number;
}

/** When the last edge served the new version; undefined when any edge never did (or there are none). */
export const allEdgesMs = lastEdgeMs;

/** Per edge, polled − hook: how much later HTTP polling saw the version than the node swapped it in. */
export const pollLagMs = perEdgeDifferences;

export interface CellSummary {
  activations: number;
  /** Activations that every edge served (the others count as failures, never as fast samples). */
  complete: number;
  /** Edge samples that never arrived, over all activations. */
  missingEdges: number;
  /** Per activation, the last of the N edges to serve the new version: the benchmark's number. */
  allServing: LatencySummary;
  /** Every edge of every activation, one sample each. */
  eachServing: LatencySummary;
  /** Per activation, the last edge to have the snapshot on disk and in force (its ack follows). */
  allInForce: LatencySummary;
  /** Until the API said `active` (every online edge acked or reported it), polled. */
  active: LatencySummary;
  apiCall: LatencySummary;
  /** With --poll-ms: per activation, the last edge's first HTTP answer with the new version. */
  allPolled?: LatencySummary;
  /** With --poll-ms: per edge, polled − swapped. */
  pollLag?: LatencySummary;
  /** Activations where every edge answered with the new version when checked afterwards. */
  verifiedAll: number;
  /** Activations the control plane counted fewer edges for than were running. */
  edgesTotalShort: number;
}

export function summarizeCell(reps: readonly Repetition[], edges: number): CellSummary {
  const allServing = reps.map((r) => allEdgesMs(r.servingMs));
  const polling = reps.some((r) => r.polledMs !== undefined);
  return {
    activations: reps.length,
    complete: allServing.filter((v) => v !== undefined).length,
    missingEdges: reps.reduce((n, r) => n + r.servingMs.filter((v) => v === undefined).length + Math.max(0, edges - r.servingMs.length), 0),
    allServing: summarize(defined(allServing)),
    eachServing: summarize(defined(reps.flatMap((r) => r.servingMs))),
    allInForce: summarize(defined(reps.map((r) => allEdgesMs(r.inForceMs)))),
    active: summarize(defined(reps.map((r) => r.activeMs))),
    apiCall: summarize(reps.map((r) => r.apiCallMs)),
    ...(polling
      ? {
          allPolled: summarize(defined(reps.map((r) => allEdgesMs(r.polledMs ?? [])))),
          pollLag: summarize(reps.flatMap((r) => pollLagMs(r.servingMs, r.polledMs ?? []))),
        }
      : {}),
    verifiedAll: reps.filter((r) => r.verified === edges).length,
    edgesTotalShort: reps.filter((r) => r.edgesTotal < edges).length,
  };
}

/** Met when every activation reached every edge and the p99 of the last edge stayed under the target. */
export function targetVerdict(s: CellSummary): { met: boolean; text: string } {
  return verdict({ p99Ms: s.allServing.p99Ms, total: s.activations, complete: s.complete, targetMs: TARGET_P99_MS, noun: 'activations' });
}
