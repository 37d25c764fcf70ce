// Where an invalidation stands (domain.md §3: "pending → in progress (edges acknowledging) → complete, with
// the number of edges done / total and objects matched"). Pure: the fleet, the acks and the request's
// creation time in, the progress out.
//
// Which edges count (the total):
// - an edge removed from the fleet never counts, so a dead edge never holds a request open (staff remove
//   it and the request completes if everyone else is done);
// - an edge in the fleet when the request was made counts whether it is online or not: one that was
//   offline applies the invalidation when it comes back, before it serves from cache again, and the
//   request is complete only then (or once it is removed); after 12 hours the requester and staff hear
//   of it (jobs/invalidation-watcher.ts);
// - an edge that enrolled (or enrolled again) after the request counts only once it has applied it: it
//   cannot hold anything the request was about, so it must not hold the request open.
// Done: counted edges with an ok ack for the request's seq. An edge that refused it (ok: false) is not
// done: its cache may still hold the objects, so the request stays open and is alerted on at 12 hours.
// Objects matched: the sum over the done edges of what each reported (distinct objects per edge), and per
// item the sum of each edge's count for that item.
// Two acks per edge: an edge acks an invalidation as soon as it is in force (ok, no counts: from then on
// it serves nothing the request covers, so the edge is done), and again with its counts once it has swept
// its cache (the second replaces the first, keeping its time). The request is complete on the first
// acks; it is settled (frozen, and the "notify when complete" mail sent with the objects matched) once
// every done edge has reported its counts, or COUNT_GRACE_MS after it completed when one never does (an
// edge that stopped while sweeping reports them when it is back, but it may never be).

export interface ProgressEdge {
  readonly id: string;
  readonly enrolledAtMs: number;
  readonly removedAtMs: number | null;
}

export interface ProgressAck {
  readonly edgeId: string;
  readonly ok: boolean;
  readonly matched: number | null;
  readonly matchedByItem: readonly number[] | null;
  readonly atMs: number;
}

export type ProgressStatus = 'pending' | 'in-progress' | 'complete';

export interface InvalidationProgress {
  readonly status: ProgressStatus;
  readonly edgesDone: number;
  readonly edgesTotal: number;
  /** Done edges that have reported their counts (the rest acked "in force" only, so far). */
  readonly edgesCounted: number;
  readonly objectsMatched: number;
  /** One count per item, in request order. */
  readonly itemsMatched: number[];
  /**
   * When complete: the moment the last obstacle went away (the last counted edge's ack, or the removal of
   * an edge that never acked), never before the request itself. Null while open.
   */
  readonly completedAtMs: number | null;
}

export interface ProgressInput {
  readonly createdAtMs: number;
  readonly itemCount: number;
  /** Every edge of the fleet (removed ones included: their removal time may be when it completed). */
  readonly edges: readonly ProgressEdge[];
  /** The acks for the request's feed seq. */
  readonly acks: readonly ProgressAck[];
}

/** How long a complete request waits for the counts of its edges before it is settled without them. */
export const COUNT_GRACE_MS = 5 * 60_000;

export function countsTowardsTotal(edge: ProgressEdge, createdAtMs: number, acked: boolean): boolean {
  return edge.removedAtMs === null && (edge.enrolledAtMs <= createdAtMs || acked);
}


/**
 * Whether a complete request is settled now: every done edge has reported its counts, or COUNT_GRACE_MS
 * have gone by since it completed.
 */
export function readyToSettle(progress: InvalidationProgress, nowMs: number): boolean {
  if (progress.status !== 'complete') return false;
  return progress.edgesCounted === progress.edgesDone || nowMs - (progress.completedAtMs ?? nowMs) >= COUNT_GRACE_MS;
}

export function invalidationProgress(input: ProgressInput): InvalidationProgress {
  const okAcks = new Map(input.acks.filter((a) => a.ok).map((a) => [a.edgeId, a]));
  const counted = input.edges.filter((e) => countsTowardsTotal(e, input.createdAtMs, okAcks.has(e.id)));
  const done = counted.flatMap((e) => okAcks.get(e.id) ?? []);
  const itemsMatched = new Array<number>(input.itemCount).fill(0);
  let objectsMatched = 0;
  for (const ack of done) {
    objectsMatched += ack.matched ?? 0;
    ack.matchedByItem?.forEach((n, i) => {
      if (i < itemsMatched.length) itemsMatched[i]! += n;
    });
  }
  const edgesTotal = counted.length;
  const edgesDone = done.length;
  const edgesCounted = done.filter((a) => a.matched !== null).length;
  if (edgesDone < edgesTotal) return { status: edgesDone === 0 ? 'pending' : 'in-progress', edgesDone, edgesTotal, edgesCounted, objectsMatched, itemsMatched, completedAtMs: null };
  const removals = input.edges
    .filter((e) => e.removedAtMs !== null && e.removedAtMs >= input.createdAtMs && e.enrolledAtMs <= input.createdAtMs && !okAcks.has(e.id))
    .map((e) => e.removedAtMs ?? 0);
  const completedAtMs = Math.max(input.createdAtMs, ...done.map((a) => a.atMs), ...removals);
  return { status: 'complete', edgesDone, edgesTotal, edgesCounted, objectsMatched, itemsMatched, completedAtMs };
}
