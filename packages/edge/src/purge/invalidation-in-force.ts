// A feed invalidation put in force before its sweep (issue 5): the edge acks "in force" at once, then
// sweeps, and acks the objects matched once its sweep is done. From the moment it is in force, every lookup applies it to the
// entry it meets (stores/pending-invalidations.ts); the sweep then marks or removes every entry it reaches
// in every tier, as applyPlan always did, and retires it. The ack's time no longer grows with the number
// of objects an invalidation reaches, the way Varnish bans work; the count is as exact as before: an
// entry a lookup took is counted there, once, and the sweep applies to it again without counting it.
import { entryKey } from '../stores/entries.js';
import type { PendingInvalidation } from '../stores/pending-invalidations.js';
import type { EntryMeta, EntryPredicate } from '../stores/types.js';
import { applyPlan } from './feed-invalidation.js';
import type { InvalidateFn, InvalidationPlan, MatchRecorder } from './feed-invalidation.js';

/** The invalidation as lookups see it until its sweep is done. */
export class InvalidationInForce implements PendingInvalidation {
  /** Entries a lookup took, by entry key, with the mode it applied (so the sweep does not count them). */
  readonly #taken = new Map<string, 'soft' | 'hard'>();

  constructor(
    readonly plan: InvalidationPlan,
    readonly beforeMs: number,
    readonly tally: MatchRecorder,
  ) {}

  takeAtLookup(meta: EntryMeta): 'soft' | 'hard' | undefined {
    if (meta.storedAtMs > this.beforeMs) return undefined;
    // The plan's passes, hard first: the same question the sweep asks, so both agree on every entry.
    for (const pass of this.plan.passes) {
      const items = pass.itemsOf(meta);
      if (items === undefined) continue;
      const key = entryKey(meta.primaryKey, meta.variantKey);
      if (!this.#taken.has(key)) {
        this.#taken.set(key, pass.mode);
        this.tally.record(meta, items);
      }
      return pass.mode;
    }
    return undefined;
  }

  /**
   * The sweep's store pass: `match` (applyPlan's, which counts) for every entry, except one a lookup took,
   * which the pass of the mode it applied marks or removes again (its other tier's copy) without counting.
   */
  sweeping(invalidate: InvalidateFn): InvalidateFn {
    return (match, mode, beforeMs, scope) => {
      const taken = this.#taken;
      const predicate: EntryPredicate = (meta) => {
        if (taken.size > 0) {
          const took = taken.get(entryKey(meta.primaryKey, meta.variantKey));
          if (took !== undefined) return took === mode && meta.storedAtMs <= this.beforeMs;
        }
        return match(meta);
      };
      return invalidate(predicate, mode, beforeMs, scope);
    };
  }
}

/** Where the invalidation is put in force: a store's pending set (TieredStore.pending). */
export interface PendingSet {
  add(rule: PendingInvalidation): void;
  remove(rule: PendingInvalidation): void;
}

/**
 * Puts `plan` in force in `pending` now, and returns its sweep, to be started once (by the caller, after
 * it has said the invalidation is in force: the sweep is CPU the ack must not queue behind). The sweep
 * runs through `schedule` over `invalidate`, and resolves once every entry it reaches is marked or removed
 * and the invalidation is retired; until it is started, lookups keep applying the invalidation.
 */
export function putInForce(
  plan: InvalidationPlan,
  beforeMs: number,
  tally: MatchRecorder,
  pending: PendingSet,
  invalidate: InvalidateFn,
  schedule: (sweep: () => Promise<void>) => Promise<void>,
): () => Promise<void> {
  const rule = new InvalidationInForce(plan, beforeMs, tally);
  pending.add(rule);
  let started: Promise<void> | undefined;
  return () =>
    (started ??= schedule(async () => {
      try {
        await applyPlan(plan, beforeMs, rule.sweeping(invalidate), tally);
      } finally {
        pending.remove(rule);
      }
    }));
}
