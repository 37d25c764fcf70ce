// The memory tier: an LRU bounded by bytes (bodies plus an estimate of their metadata). A cache hit runs
// through getSync/peekVariants without a promise, so the hot path never waits on a microtask.
import { LRUCache } from 'lru-cache';
import { assertBodyBytes, estimateMetaBytes, entryKey, invalidationApplies } from './entries.js';
import { ScopeIndex } from './entry-scope.js';
import type { EntryScope, ScopeBucket } from './entry-scope.js';
import type { CacheStore, EntryMeta, EntryPredicate, StoredEntry } from './types.js';

/**
 * What the LRU holds. `meta` is replaced on every change but one, so a meta handed to a caller stays a
 * snapshot of it: a soft invalidation sets `invalidated` in place (see invalidateSync), and a caller still
 * holding that meta then sees an entry that must be revalidated, which is what the purge asked for.
 * `key` is kept so lookups through the per-primary-key index need not rebuild the LRU key string.
 */
interface Slot {
  meta: EntryMeta;
  readonly body: Buffer;
  readonly key: string;
  readonly size: number;
  /**
   * Where the slot is indexed, set by #store: an invalidation reaching 10,000s of slots then changes
   * their index entries without looking each one up again in maps of 100,000s.
   */
  variants: VariantSet | undefined;
  bucket: ScopeBucket<Slot> | undefined;
}

interface VariantSet {
  readonly byVariant: Map<string, Slot>;
  /** The list peekVariants returns, cached so a hit does not allocate it; cleared on every change. */
  list: readonly EntryMeta[] | undefined;
}

export interface MemoryStoreOptions {
  /** Budget for bodies plus estimated metadata bytes. */
  readonly maxBytes: number;
}

/**
 * The store's own copy of a meta, with `invalidated` always an own property (undefined when unmarked):
 * a soft invalidation then sets it in place without changing the object's shape, which would allocate
 * a property store for each of the 10,000s of entries one purge marks (their collection was most of
 * what a purge cost, bench/invalidation).
 */
function ownMeta(meta: EntryMeta): EntryMeta {
  return { ...meta, invalidated: meta.invalidated };
}

/** Runs a synchronous store operation as a promise, turning a throw into a rejection. */
function asPromise<T>(run: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(run()));
}

export class MemoryStore implements CacheStore {
  readonly #maxBytes: number;
  readonly #lru: LRUCache<string, Slot>;
  /** primaryKey → variants. Kept in step with the LRU by its dispose hook (evictions included). */
  readonly #byPrimary = new Map<string, VariantSet>();
  /** The same slots by property and path extension, so a scoped invalidation visits only its candidates. */
  readonly #byScope = new ScopeIndex<Slot>();

  constructor(opts: MemoryStoreOptions) {
    if (!Number.isSafeInteger(opts.maxBytes) || opts.maxBytes <= 0) {
      throw new RangeError(`maxBytes must be a positive integer, got ${opts.maxBytes}`);
    }
    this.#maxBytes = opts.maxBytes;
    this.#lru = new LRUCache<string, Slot>({
      maxSize: opts.maxBytes,
      sizeCalculation: (slot) => slot.size,
      // Called for evictions, deletes, replacements and clear(): the one place the index loses entries.
      dispose: (slot) => this.#unindex(slot),
    });
  }

  // ---- synchronous hot-path API ----

  /** The variants under a primary key without touching recency, or undefined when there are none. */
  peekVariants(primaryKey: string): readonly EntryMeta[] | undefined {
    const set = this.#byPrimary.get(primaryKey);
    if (set === undefined) return undefined;
    set.list ??= Array.from(set.byVariant.values(), (slot) => slot.meta);
    return set.list;
  }

  /** The entry, marking it most recently used. */
  getSync(primaryKey: string, variantKey: string): StoredEntry | undefined {
    const slot = this.#byPrimary.get(primaryKey)?.byVariant.get(variantKey);
    if (slot === undefined) return undefined;
    this.#lru.get(slot.key); // refreshes recency
    return { meta: slot.meta, body: slot.body };
  }

  /** Whether the entry is held, without touching recency. */
  has(primaryKey: string, variantKey: string): boolean {
    return this.#byPrimary.get(primaryKey)?.byVariant.has(variantKey) ?? false;
  }

  /**
   * Stores or replaces an entry; returns false when it is larger than the whole budget. A replacement that
   * does not fit still removes the old entry: it no longer represents what the origin sends.
   */
  putSync(entry: StoredEntry): boolean {
    assertBodyBytes(entry);
    const meta = ownMeta(entry.meta);
    const key = entryKey(meta.primaryKey, meta.variantKey);
    return this.#store({ meta, body: entry.body, key, size: entry.body.length + estimateMetaBytes(meta), variants: undefined, bucket: undefined });
  }

  /** Replaces the meta of a held entry (the body, and so bodyBytes, stay). False when not held. */
  updateMetaSync(meta: EntryMeta): boolean {
    const old = this.#byPrimary.get(meta.primaryKey)?.byVariant.get(meta.variantKey);
    if (old === undefined) return false;
    const next: EntryMeta = ownMeta({ ...meta, bodyBytes: old.body.length });
    return this.#store({ meta: next, body: old.body, key: old.key, size: old.body.length + estimateMetaBytes(next), variants: undefined, bucket: undefined });
  }

  deleteSync(primaryKey: string, variantKey: string): boolean {
    const slot = this.#byPrimary.get(primaryKey)?.byVariant.get(variantKey);
    if (slot === undefined) return false;
    this.#lru.delete(slot.key);
    return true;
  }

  /**
   * Marks one held entry for revalidation, as a soft invalidation does, if it was stored at or before
   * `storedAtMs` (so a newer entry stored under the key since is left alone); returns its meta (marked),
   * or undefined when no such entry is held.
   */
  markSoftSync(primaryKey: string, variantKey: string, storedAtMs: number): EntryMeta | undefined {
    const slot = this.#byPrimary.get(primaryKey)?.byVariant.get(variantKey);
    if (slot === undefined || slot.meta.storedAtMs > storedAtMs) return undefined;
    (slot.meta as { invalidated?: EntryMeta['invalidated'] }).invalidated = 'soft';
    return slot.meta;
  }

  invalidateSync(match: EntryPredicate, mode: 'soft' | 'hard', beforeMs: number, scope?: EntryScope): number {
    // Collected first so the index is not changed while it is being walked.
    const applies = (slot: Slot): boolean => invalidationApplies(slot.meta, match, beforeMs);
    const hits = scope === undefined ? this.#selectAll(applies) : this.#byScope.select(scope, applies);
    for (const slot of hits) {
      if (mode === 'hard') {
        this.#lru.delete(slot.key);
      } else if (slot.meta.invalidated !== 'soft') {
        // In place, not through set(): a purge is not a use and must not refresh recency. The size
        // estimate is not redone; one short field is within its slack. The mark is set on the meta
        // itself rather than on a copy: a purge reaching 10,000s of entries would otherwise allocate as
        // many copies, and collecting them cost more than the marking (bench/invalidation). A caller
        // still holding this meta then sees it marked, which is what the purge asked for.
        (slot.meta as { invalidated?: EntryMeta['invalidated'] }).invalidated = 'soft';
      }
    }
    return hits.length;
  }

  // ---- CacheStore ----

  variants(primaryKey: string): Promise<EntryMeta[]> {
    return Promise.resolve([...(this.peekVariants(primaryKey) ?? [])]);
  }

  get(primaryKey: string, variantKey: string): Promise<StoredEntry | undefined> {
    return Promise.resolve(this.getSync(primaryKey, variantKey));
  }

  put(entry: StoredEntry): Promise<void> {
    return asPromise(() => {
      this.putSync(entry);
    });
  }

  updateMeta(meta: EntryMeta): Promise<void> {
    return asPromise(() => {
      this.updateMetaSync(meta);
    });
  }

  delete(primaryKey: string, variantKey: string): Promise<boolean> {
    return Promise.resolve(this.deleteSync(primaryKey, variantKey));
  }

  invalidate(match: EntryPredicate, mode: 'soft' | 'hard', beforeMs: number, scope?: EntryScope): Promise<number> {
    return asPromise(() => this.invalidateSync(match, mode, beforeMs, scope));
  }

  stats(): { bytes: number; entries: number; maxBytes: number } {
    return { bytes: this.#lru.calculatedSize, entries: this.#lru.size, maxBytes: this.#maxBytes };
  }

  close(): Promise<void> {
    this.#lru.clear();
    return Promise.resolve();
  }

  // ---- internals ----

  #store(slot: Slot): boolean {
    if (slot.size > this.#maxBytes) {
      this.#lru.delete(slot.key);
      return false;
    }
    // set() disposes the slot it replaces (unindexing it) and may evict others, before we index this one.
    this.#lru.set(slot.key, slot);
    const { primaryKey, variantKey } = slot.meta;
    let set = this.#byPrimary.get(primaryKey);
    if (set === undefined) {
      set = { byVariant: new Map(), list: undefined };
      this.#byPrimary.set(primaryKey, set);
    }
    set.byVariant.set(variantKey, slot);
    set.list = undefined;
    slot.variants = set;
    slot.bucket = this.#byScope.add(slot);
    return true;
  }

  #selectAll(accept: (slot: Slot) => boolean): Slot[] {
    const selected: Slot[] = [];
    for (const set of this.#byPrimary.values()) for (const slot of set.byVariant.values()) if (accept(slot)) selected.push(slot);
    return selected;
  }

  #unindex(slot: Slot): void {
    const { primaryKey, variantKey } = slot.meta;
    const set = slot.variants;
    // Only the slot the index still points at is removed, so a late dispose can never drop a newer entry.
    if (set === undefined || set.byVariant.get(variantKey) !== slot) return;
    this.#byScope.remove(slot, slot.bucket);
    set.byVariant.delete(variantKey);
    set.list = undefined;
    if (set.byVariant.size === 0) this.#byPrimary.delete(primaryKey);
  }
}
