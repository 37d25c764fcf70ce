// Invalidations in force whose sweep over the stored entries has not finished (issue 5). An edge puts a
// feed invalidation in force at once, acks that, and then sweeps its tiers (marking or removing what
// matches); until the sweep is done, every lookup asks this registry about the entry it met and applies
// the answer to that entry first, so nothing the invalidation covers is served in the meantime. This is
// how Varnish applies a ban: at lookup, and by a background pass that retires it.
import type { EntryMeta } from './types.js';

/** One invalidation in force and not yet swept. */
export interface PendingInvalidation {
  /**
   * The mode this invalidation applies to the entry a lookup met ('hard': remove, 'soft': mark for
   * revalidation), or undefined when it does not reach it (not matched, or stored after it). The
   * invalidation counts the entry as matched the first time it is asked about it.
   */
  takeAtLookup(meta: EntryMeta): 'soft' | 'hard' | undefined;
}

export class PendingInvalidations {
  readonly #rules = new Set<PendingInvalidation>();

  /** In force from now until removed (after its sweep). */
  add(rule: PendingInvalidation): void {
    this.#rules.add(rule);
  }

  remove(rule: PendingInvalidation): void {
    this.#rules.delete(rule);
  }

  get size(): number {
    return this.#rules.size;
  }

  /**
   * What the invalidations in force do to this entry: 'hard' when any removes it, else 'soft' when any
   * marks it, else undefined. Every rule is asked (each counts the entry for itself).
   */
  verdict(meta: EntryMeta): 'soft' | 'hard' | undefined {
    let verdict: 'soft' | 'hard' | undefined;
    for (const rule of this.#rules) {
      const mode = rule.takeAtLookup(meta);
      if (mode === 'hard' || (mode === 'soft' && verdict === undefined)) verdict = mode;
    }
    return verdict;
  }
}
