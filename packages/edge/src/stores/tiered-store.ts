// Memory in front of disk. Hits are answered from memory synchronously; a disk hit is copied up into memory
// (promotion); writes go to both tiers (write-through), memory first so a new entry is visible at once.
import { entryKey, invalidationApplies } from './entries.js';
import type { EntryScope } from './entry-scope.js';
import type { MemoryStore } from './memory-store.js';
import { PendingInvalidations } from './pending-invalidations.js';
import type { CacheStore, EntryMeta, EntryPredicate, StoredEntry } from './types.js';

export interface TieredStoreOptions {
  readonly memory: MemoryStore;
  /** The lower tier; without one the tiered store is just the memory tier. */
  readonly disk?: CacheStore | undefined;
}

type Stats = ReturnType<CacheStore['stats']>;

/**
 * Disk reads in flight for one key. A write to the key bumps `version`, and a read that sees it changed
 * does not promote what it read: the copy may predate a put, updateMeta or delete, and promoting it would
 * put back into memory something the caller has already replaced or removed.
 */
interface Flight {
  readers: number;
  version: number;
}

export class TieredStore implements CacheStore {
  readonly memory: MemoryStore;
  readonly disk: CacheStore | undefined;
  readonly #flights = new Map<string, Flight>();
  /**
   * Invalidations in force whose sweep (invalidate()) has not finished: every read below applies them to
   * what it returns (pending-invalidations.ts), so an entry is never served between an invalidation being
   * put in force and the sweep reaching it.
   */
  readonly pending = new PendingInvalidations();
  /**
   * Bumped when an invalidation starts and when it ends. Invalidations select entries by predicate, not by
   * key, so a disk read that overlapped one in any way does not promote (purges are rare; hits are not lost,
   * only that one promotion).
   */
  #invalidationEpoch = 0;
  #invalidationsRunning = 0;

  constructor(opts: TieredStoreOptions) {
    this.memory = opts.memory;
    this.disk = opts.disk;
  }

  // ---- synchronous hot-path passthroughs ----

  /** A memory hit, or undefined (then call get() for the disk tier). */
  getSync(primaryKey: string, variantKey: string): StoredEntry | undefined {
    const entry = this.memory.getSync(primaryKey, variantKey);
    if (entry === undefined) return undefined;
    if (this.pending.size > 0 && this.#screen(entry.meta) === undefined) return undefined;
    // Keep the disk LRU in step: otherwise the hottest entries, always served from memory, would look
    // idle to the disk tier and be the first it evicts.
    this.disk?.touch?.(primaryKey, variantKey);
    return entry;
  }

  /** The variants the memory tier holds (a partial view: get() and variants() also consult disk). */
  memoryVariantsSync(primaryKey: string): readonly EntryMeta[] | undefined {
    const metas = this.memory.peekVariants(primaryKey);
    if (metas === undefined || this.pending.size === 0) return metas;
    const kept = this.#screenAll(metas);
    return kept.length === 0 ? undefined : kept;
  }

  // ---- CacheStore ----

  async variants(primaryKey: string): Promise<EntryMeta[]> {
    if (this.disk === undefined) return [...(this.memoryVariantsSync(primaryKey) ?? [])];
    const fromDisk = await this.disk.variants(primaryKey);
    // Memory is read after the disk answer so that it reflects writes made while disk was being asked.
    const merged = new Map<string, EntryMeta>();
    for (const meta of this.memory.peekVariants(primaryKey) ?? []) merged.set(meta.variantKey, meta);
    for (const meta of fromDisk) {
      const held = merged.get(meta.variantKey);
      if (held === undefined || meta.storedAtMs > held.storedAtMs) merged.set(meta.variantKey, meta);
    }
    return this.pending.size === 0 ? [...merged.values()] : this.#screenAll([...merged.values()]);
  }

  async get(primaryKey: string, variantKey: string): Promise<StoredEntry | undefined> {
    const hit = this.getSync(primaryKey, variantKey);
    if (hit !== undefined || this.disk === undefined) return hit;
    const key = entryKey(primaryKey, variantKey);
    const flight = this.#enter(key);
    const version = flight.version;
    const epoch = this.#invalidationEpoch;
    try {
      const read = await this.disk.get(primaryKey, variantKey);
      const meta = read === undefined || this.pending.size === 0 ? read?.meta : this.#screen(read.meta);
      const entry = read === undefined || meta === undefined ? undefined : { meta, body: read.body };
      const undisturbed =
        flight.version === version && epoch === this.#invalidationEpoch && this.#invalidationsRunning === 0;
      // If memory gained the key meanwhile, that copy came from a later write and wins.
      if (entry !== undefined && undisturbed && !this.memory.has(primaryKey, variantKey)) {
        this.memory.putSync(entry);
      }
      return entry;
    } finally {
      this.#leave(key, flight);
    }
  }

  async put(entry: StoredEntry): Promise<void> {
    this.#wrote(entry.meta.primaryKey, entry.meta.variantKey);
    this.memory.putSync(entry);
    if (this.disk !== undefined) await this.disk.put(entry);
  }

  async updateMeta(meta: EntryMeta): Promise<void> {
    this.#wrote(meta.primaryKey, meta.variantKey);
    this.memory.updateMetaSync(meta);
    if (this.disk !== undefined) await this.disk.updateMeta(meta);
  }

  async delete(primaryKey: string, variantKey: string): Promise<boolean> {
    this.#wrote(primaryKey, variantKey);
    const inMemory = this.memory.deleteSync(primaryKey, variantKey);
    const onDisk = this.disk === undefined ? false : await this.disk.delete(primaryKey, variantKey);
    return inMemory || onDisk;
  }

  /** Counts distinct entries: one held by both tiers is one entry, not two. */
  async invalidate(match: EntryPredicate, mode: 'soft' | 'hard', beforeMs: number, scope?: EntryScope): Promise<number> {
    this.#invalidationEpoch++;
    this.#invalidationsRunning++;
    try {
      // One tier: its own count is already the count of distinct entries.
      if (this.disk === undefined) return this.memory.invalidateSync(match, mode, beforeMs, scope);
      // `match` sees each entry once, even one both tiers hold: the disk copy of an entry the memory tier
      // matched is taken without asking again. So a caller whose predicate records what it matches (a
      // feed invalidation's count) needs no key of its own, and any CacheStore works as the lower tier
      // without a key-returning variant of invalidate(). The time rule is applied here as well, so only
      // entries the tiers actually invalidate are counted, whatever order a tier checks the two in. The
      // memory tier's keys are only built once the disk tier has a candidate (never, when it is empty).
      const inMemory: EntryMeta[] = [];
      this.memory.invalidateSync((meta) => invalidationApplies(meta, match, beforeMs) && inMemory.push(meta) > 0, mode, beforeMs, scope);
      let memoryKeys: Set<string> | undefined;
      const diskOnly = new Set<string>();
      const diskPass: EntryPredicate = (meta) => {
        if (meta.storedAtMs > beforeMs) return false;
        memoryKeys ??= new Set(inMemory.map((m) => entryKey(m.primaryKey, m.variantKey)));
        const key = entryKey(meta.primaryKey, meta.variantKey);
        if (memoryKeys.has(key) || diskOnly.has(key)) return true;
        if (!match(meta)) return false;
        diskOnly.add(key);
        return true;
      };
      await this.disk.invalidate(diskPass, mode, beforeMs, scope);
      return inMemory.length + diskOnly.size;
    } finally {
      this.#invalidationsRunning--;
      this.#invalidationEpoch++;
    }
  }

  /**
   * The memory tier's share of an invalidation whose lower tier is someone else's (a cluster worker: the
   * primary invalidates the disk tier). Counts as an invalidation for promotion, so a disk read that began
   * before the disk tier was invalidated cannot put its older copy back into memory afterwards.
   */
  invalidateMemorySync(match: EntryPredicate, mode: 'soft' | 'hard', beforeMs: number, scope?: EntryScope): number {
    this.#invalidationEpoch++;
    try {
      return this.memory.invalidateSync(match, mode, beforeMs, scope);
    } finally {
      this.#invalidationEpoch++;
    }
  }

  /**
   * The lowest tier's numbers: with write-through it holds every entry, so its entry count is the number
   * of distinct entries. tierStats() gives each tier's own.
   */
  stats(): Stats {
    return (this.disk ?? this.memory).stats();
  }

  tierStats(): { memory: Stats; disk: Stats | undefined } {
    return { memory: this.memory.stats(), disk: this.disk?.stats() };
  }

  async close(): Promise<void> {
    await Promise.all([this.memory.close(), this.disk?.close()]);
  }

  // ---- invalidations in force, applied at lookup ----

  /**
   * Applies the pending invalidations to one entry a read met: undefined when one removes it (from the
   * memory tier at once; the sweep removes the disk copy, and hides it until then), else the meta to
   * serve, marked for revalidation when one marks it. Only the memory tier is changed here, in place as
   * a sweep would; the disk copy is left to the sweep, which is still running (that is why the
   * invalidation is pending) and marks or removes it without counting it twice.
   */
  #screen(meta: EntryMeta): EntryMeta | undefined {
    const mode = this.pending.verdict(meta);
    if (mode === undefined || (mode === 'soft' && meta.invalidated === 'soft')) return meta;
    const { primaryKey, variantKey } = meta;
    if (mode === 'hard') {
      // Only the copy this meta describes (or an older one): a newer entry stored in memory while a disk
      // read of the old one was in flight is what the origin sends now, and stays.
      const held = this.memory.peekVariants(primaryKey)?.find((m) => m.variantKey === variantKey);
      if (held !== undefined && held.storedAtMs <= meta.storedAtMs) {
        this.#wrote(primaryKey, variantKey);
        this.memory.deleteSync(primaryKey, variantKey);
      }
      return undefined;
    }
    const inMemory = this.memory.markSoftSync(primaryKey, variantKey, meta.storedAtMs);
    // A meta the memory tier holds was marked in place; one read from disk is the disk tier's own object.
    return inMemory === meta ? meta : { ...meta, invalidated: 'soft' };
  }

  #screenAll(metas: readonly EntryMeta[]): EntryMeta[] {
    const kept: EntryMeta[] = [];
    for (const meta of metas) {
      const screened = this.#screen(meta);
      if (screened !== undefined) kept.push(screened);
    }
    return kept;
  }

  // ---- promotion bookkeeping ----

  #enter(key: string): Flight {
    let flight = this.#flights.get(key);
    if (flight === undefined) {
      flight = { readers: 0, version: 0 };
      this.#flights.set(key, flight);
    }
    flight.readers++;
    return flight;
  }

  #leave(key: string, flight: Flight): void {
    flight.readers--;
    // Only keys with reads in flight are tracked, so the map stays as small as the disk read queue.
    if (flight.readers === 0 && this.#flights.get(key) === flight) this.#flights.delete(key);
  }

  #wrote(primaryKey: string, variantKey: string): void {
    if (this.#flights.size === 0) return;
    const flight = this.#flights.get(entryKey(primaryKey, variantKey));
    if (flight !== undefined) flight.version++;
  }
}
