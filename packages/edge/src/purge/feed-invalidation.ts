// A content invalidation from the feed (issue 5, contract feed.ts invalidationEventSchema) as store passes:
// which stored entries it reaches, in which mode (soft = Normal: marked, revalidated on the next request;
// hard = Force: removed), and which of the request's items each one matched, so the ack can say how many
// distinct objects it applied to and how many per item. Pure except for applyPlan, which drives a store.
//
// Items (contract feed.ts): for kind path/tag item i is patterns[i]/tags[i] of every property's request (an
// object counts once per item however many requests name it); for kind property item i is requests[i].
import type { InvalidationRequest } from '@candela/contract';
import type { CompiledConfig } from '../config/compile.js';
import { entryKey } from '../stores/entries.js';
import { unionScopes } from '../stores/entry-scope.js';
import type { EntryScope } from '../stores/entry-scope.js';
import type { EntryMeta, EntryPredicate } from '../stores/types.js';
import { InvalidationError, itemMatcherFor } from './invalidation-predicate.js';

/** What the feed asks: the event's requests and its item count (the length of matchedByItem). */
export interface InvalidationOrder {
  readonly requests: readonly InvalidationRequest[];
  readonly itemCount: number;
}

/**
 * Either an order, or every stored object (soft): what an edge does when its transport cannot tell what it
 * missed (a NATS consumer created anew for an edge that had followed the feed before).
 */
export type FeedInvalidation = InvalidationOrder | { readonly everything: true };

/** What a feed invalidation did on this edge: the ack's numbers. */
export interface FeedInvalidationResult {
  readonly matched: number;
  readonly matchedByItem: number[];
  /** Properties named that this edge does not serve (so nothing of theirs was here). */
  readonly unknown: readonly string[];
}

/**
 * A feed invalidation in force on an edge (invalidation-in-force.ts): nothing it covers is served from
 * now on. `sweep()` (called once, after the "in force" ack is out) marks or removes every entry it
 * reaches and resolves with the ack's numbers, or rejects when the sweep failed.
 */
export interface FeedInvalidationInForce {
  sweep(): Promise<FeedInvalidationResult>;
}

export interface InvalidationPass {
  readonly mode: 'soft' | 'hard';
  /** The entries this pass's requests can reach (undefined: any); the store visits only those. */
  readonly scope: EntryScope | undefined;
  /**
   * The items an entry matched, across every request (the other mode's too, so an object both a hard and
   * a soft request name is counted once, for all its items); undefined when this pass leaves the entry.
   */
  itemsOf(meta: EntryMeta): readonly number[] | undefined;
}

export interface InvalidationPlan {
  readonly itemCount: number;
  /** Hard first: what it removes, a soft pass cannot mark again. */
  readonly passes: readonly InvalidationPass[];
  /**
   * Properties a request named that this edge does not serve (a snapshot it refused, or one that replaced
   * them): nothing it serves can hold their objects, so those requests match nothing.
   */
  readonly unknown: readonly string[];
}

interface PlannedRequest {
  readonly mode: 'soft' | 'hard';
  readonly inScope: EntryPredicate;
  readonly scope: EntryScope | undefined;
  /** [index in matchedByItem, predicate]. */
  readonly items: ReadonlyArray<readonly [number, EntryPredicate]>;
}

/**
 * Throws InvalidationError (INVALID_PATTERN, pointer from the event: `/invalidation/requests/<r>/...`) when
 * a request cannot be applied at all; the event is then refused and nothing of it is applied.
 */
export function planInvalidation(cfg: CompiledConfig, order: FeedInvalidation): InvalidationPlan {
  if ('everything' in order) return { itemCount: 0, passes: [{ mode: 'soft', scope: undefined, itemsOf: () => [] }], unknown: [] };
  const unknown: string[] = [];
  const planned: PlannedRequest[] = [];
  order.requests.forEach((req, r) => {
    let matcher;
    try {
      matcher = itemMatcherFor(cfg, req);
    } catch (err) {
      if (!(err instanceof InvalidationError)) throw err;
      if (err.code === 'UNKNOWN_PROPERTY' && req.type !== 'url') {
        unknown.push(req.property ?? '');
        return;
      }
      throw new InvalidationError(err.code, err.message, `/invalidation/requests/${r}${err.pointer}`);
    }
    const items = matcher.items
      .map((match, j) => [req.type === 'property' ? r : j, match] as const)
      .filter(([index]) => index < order.itemCount);
    planned.push({ mode: req.mode, inScope: matcher.inScope, scope: matcher.scope, items });
  });
  // Called for every stored entry (100,000s): nothing is allocated for an entry that matches nothing, and
  // an entry matching one item (the common case) shares a preallocated one-element array.
  const single = Array.from({ length: order.itemCount }, (_, i): readonly number[] => [i]);
  const matchedItems = (meta: EntryMeta, mode: 'soft' | 'hard'): readonly number[] | undefined => {
    let ofMode = false;
    let first = -1;
    let more: number[] | undefined;
    for (const p of planned) {
      if (!p.inScope(meta)) continue;
      let hit = false;
      for (const [index, match] of p.items) {
        if (!match(meta)) continue;
        hit = true;
        if (first < 0) first = index;
        else if (index !== first && !(more ??= [first]).includes(index)) more.push(index);
      }
      if (hit && p.mode === mode) ofMode = true;
    }
    if (!ofMode || first < 0) return undefined;
    return more === undefined ? single[first] : more.sort((a, b) => a - b);
  };
  const modes = (['hard', 'soft'] as const).filter((mode) => planned.some((p) => p.mode === mode));
  // A pass reaches only what its own mode's requests can reach: an entry no request of that mode names
  // is left by it (matchedItems), whatever the other mode's requests name.
  const passes = modes.map((mode): InvalidationPass => ({
    mode,
    scope: unionScopes(planned.filter((p) => p.mode === mode).map((p) => p.scope)),
    itemsOf: (meta) => matchedItems(meta, mode),
  }));
  return { itemCount: order.itemCount, passes, unknown };
}

/** What applyPlan reports each applied entry to, and what the ack's numbers come from. */
export interface MatchRecorder {
  record(meta: EntryMeta, items: readonly number[]): void;
  /** `matched`: distinct objects; `matchedByItem[i]`: distinct objects that matched item i. */
  result(itemCount: number): { matched: number; matchedByItem: number[] };
}

/**
 * Counts for one store whose passes never report an entry twice: a single tier, or a TieredStore, which
 * reports an entry both tiers hold once (tiered-store.ts). No key is built or hashed per entry, which is
 * most of what recording 10,000s of them would cost.
 */
export class InvalidationCount implements MatchRecorder {
  #matched = 0;
  #byItem: number[] = [];

  record(_meta: EntryMeta, items: readonly number[]): void {
    this.#matched++;
    for (const i of items) this.#byItem[i] = (this.#byItem[i] ?? 0) + 1;
  }

  result(itemCount: number): { matched: number; matchedByItem: number[] } {
    return { matched: this.#matched, matchedByItem: Array.from({ length: itemCount }, (_, i) => this.#byItem[i] ?? 0) };
  }
}

/**
 * The entries an invalidation applied to, each with its items, by entry key: for reports that may name
 * an entry more than once and are merged (a cluster's disk tier and each worker's memory tier).
 */
export class InvalidationTally implements MatchRecorder {
  /**
   * Entry key → its items, ascending. The arrays are the plan's (never changed): an entry recorded once,
   * the common case, costs one map slot; only one recorded again (another tier, a worker) gets its own.
   */
  readonly #entries = new Map<string, readonly number[]>();

  record(meta: EntryMeta, items: readonly number[]): void {
    this.#add(entryKey(meta.primaryKey, meta.variantKey), items);
  }

  #add(key: string, items: readonly number[]): void {
    const held = this.#entries.get(key);
    if (held === undefined) this.#entries.set(key, items);
    else if (held !== items && items.some((i) => !held.includes(i))) this.#entries.set(key, [...new Set([...held, ...items])].sort((a, b) => a - b));
  }

  /** What a cluster worker sends back to the primary. */
  entries(): Array<[string, number[]]> {
    return Array.from(this.#entries, ([key, items]) => [key, [...items]]);
  }

  merge(entries: ReadonlyArray<readonly [string, readonly number[]]>): void {
    for (const [key, items] of entries) this.#add(key, items);
  }

  result(itemCount: number): { matched: number; matchedByItem: number[] } {
    const byItem = new Array<number>(itemCount).fill(0);
    for (const items of this.#entries.values()) for (const i of items) if (i < itemCount) byItem[i]! += 1;
    return { matched: this.#entries.size, matchedByItem: byItem };
  }
}

/**
 * A store's (or tier's) invalidate: marks or removes what `match` selects among entries stored by
 * `beforeMs`, asking only the entries within `scope` when one is given.
 */
export type InvalidateFn = (match: EntryPredicate, mode: 'soft' | 'hard', beforeMs: number, scope: EntryScope | undefined) => unknown;

/**
 * Runs the plan's passes against one store, recording what each applied to. Entries stored after
 * `beforeMs` (the moment the edge applies the event) are left alone, whatever the store checks first.
 */
export async function applyPlan(plan: InvalidationPlan, beforeMs: number, invalidate: InvalidateFn, tally: MatchRecorder): Promise<void> {
  for (const pass of plan.passes) {
    await invalidate(
      (meta) => {
        if (meta.storedAtMs > beforeMs) return false;
        const items = pass.itemsOf(meta);
        if (items === undefined) return false;
        tally.record(meta, items);
        return true;
      },
      pass.mode,
      beforeMs,
      pass.scope,
    );
  }
}
