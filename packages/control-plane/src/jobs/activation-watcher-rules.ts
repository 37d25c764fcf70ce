// When an activation is done (issue 4: "pending → propagating (n of m edges) → active | rolled back").
// The edges that count are those online now: one that went offline during propagation is left out (it
// catches up from its cursor when it returns), one removed by staff too. Pure: the clock is passed in.
//
// - an edge refused the activation's own snapshot (ack ok:false for exactly its seq) → roll back;
// - every edge online has applied it or something newer (an ok ack for a seq ≥ it, or a heartbeat
//   serving a version ≥ it) → active;
// - the deadline passed with some still behind → roll back;
// - otherwise it is still propagating, n of m.

export interface EdgeProgress {
  readonly id: string;
  readonly online: boolean;
  readonly appliedVersion: number;
  /** The highest seq this edge acked ok (null: none at or after the oldest activation watched). */
  readonly lastOkSeq: number | null;
  /** Its problems if it refused exactly this activation's seq. */
  readonly refused: readonly string[] | undefined;
}

export type Verdict =
  | { readonly kind: 'propagating'; readonly done: number; readonly total: number }
  | { readonly kind: 'active'; readonly done: number; readonly total: number }
  | { readonly kind: 'refused'; readonly done: number; readonly total: number; readonly edgeId: string; readonly problems: readonly string[] }
  | { readonly kind: 'deadline'; readonly done: number; readonly total: number };

export function hasApplied(edge: EdgeProgress, feedSeq: number): boolean {
  return edge.appliedVersion >= feedSeq || (edge.lastOkSeq !== null && edge.lastOkSeq >= feedSeq);
}

export function judgeActivation(input: { feedSeq: number; createdAtMs: number; edges: readonly EdgeProgress[]; nowMs: number; deadlineMs: number }): Verdict {
  const online = input.edges.filter((e) => e.online);
  const total = online.length;
  const done = online.filter((e) => hasApplied(e, input.feedSeq)).length;
  const refusing = input.edges.find((e) => e.refused !== undefined);
  if (refusing !== undefined) return { kind: 'refused', done, total, edgeId: refusing.id, problems: refusing.refused ?? [] };
  if (done >= total) return { kind: 'active', done, total };
  if (input.nowMs - input.createdAtMs > input.deadlineMs) return { kind: 'deadline', done, total };
  return { kind: 'propagating', done, total };
}
