// May a stored entry be reused without asking the origin first? Not when a Normal (soft) invalidation
// marked it (domain.md §3), and not, in feed mode, while the edge may have missed invalidations: "an edge
// that was offline applies every invalidation it missed before it serves again from cache". From the
// moment an edge starts (from its disk) or loses its feed until the feed says it has caught up (SSE
// `event: caught-up`, or on NATS the stream's last message at connect handled), every entry stored at or before that moment
// is revalidated with a conditional request (a 304 serves it, and freshens it, so the next request is a
// hit again). An entry fetched or revalidated after the hold began reflects the origin since then, so it
// is reused as usual; once caught up, the missed invalidations have been applied (cut off at the moment
// they were applied, so they reach those entries too). Pure.
import type { EntryMeta } from '../stores/types.js';

export type ReuseDecision =
  | 'reuse'
  /** Soft-invalidated: revalidate before reuse, never serve it stale. */
  | 'invalidated'
  /** Stored before the feed hold began: revalidate before reuse, never serve it stale. */
  | 'held';

export function reuseDecision(meta: Pick<EntryMeta, 'invalidated' | 'storedAtMs'>, holdSinceMs: number | undefined): ReuseDecision {
  if (meta.invalidated !== undefined) return 'invalidated';
  if (holdSinceMs !== undefined && meta.storedAtMs <= holdSinceMs) return 'held';
  return 'reuse';
}

/** Cache-Status detail of a revalidation the hold caused (RFC 9211 §2.8). */
export const HOLD_DETAIL = 'feed-catching-up';
