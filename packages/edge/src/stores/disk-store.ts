// The disk tier: one body file and one meta file per entry (layout in disk-layout.ts), an in-memory index
// of the metadata, and an LRU byte budget. It survives restarts: open() rebuilds the index from the files.
//
// Safety rules, and why:
// - put writes the body, then the meta, each through temp + rename: an entry exists (for open() and for
//   the index) only once its meta does, so a half-written response is never served.
// - every file operation on one entry runs through a per-entry queue in call order, so overlapping
//   put/updateMeta/delete of one key cannot interleave their renames.
// - get checks the body's length and CRC against the meta; a mismatch that survives all writes in flight
//   is corruption, and the entry is removed rather than served.
// - invalidate journals the entries it covers (disk-journal.ts), changes the index (what lookups read) at
//   once and returns; the files follow in the background, and open() replays a journal a crash left.
import { mkdir, readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { encodeMeta, entryId, entryPaths, errorCode, forEachLimited, unlinkQuiet, writeAtomic } from './disk-layout.js';
import { readJournals, writeJournal } from './disk-journal.js';
import type { JournalFile } from './disk-journal.js';
import { recoverEntries } from './disk-recovery.js';
import { assertBodyBytes, invalidationApplies } from './entries.js';
import { ScopeIndex } from './entry-scope.js';
import type { EntryScope } from './entry-scope.js';
import { KeyedQueue } from './key-queue.js';
import type { CacheStore, EntryMeta, EntryPredicate, StoredEntry } from './types.js';

export interface DiskStoreOptions {
  readonly dir: string;
  /** Budget for body plus meta file bytes. */
  readonly maxBytes: number;
  /** Clock used when rebuilding the LRU order at open (defaults to Date.now). */
  readonly nowMs?: () => number;
}

interface DiskRecord {
  readonly id: string;
  readonly meta: EntryMeta;
  readonly bodyCrc32: number;
  /** Body plus meta file bytes: what the budget counts. */
  readonly bytes: number;
}

/** Bounds the file operations one invalidation keeps in flight. */
const INVALIDATE_CONCURRENCY = 32;
/** A get re-reads at most this often when writes keep replacing the entry under it. */
const GET_ATTEMPTS = 3;

const ignore = (): void => undefined;

export class DiskStore implements CacheStore {
  readonly #dir: string;
  readonly #maxBytes: number;
  /** id → record. Map order is the LRU order, least recently used first. */
  readonly #records = new Map<string, DiskRecord>();
  readonly #byPrimary = new Map<string, Map<string, DiskRecord>>();
  /** The same records by property and path extension, so a scoped invalidation visits only its candidates. */
  readonly #byScope = new ScopeIndex<DiskRecord>();
  readonly #queue = new KeyedQueue();
  /** Shard directories known to exist, so a put does not mkdir every time. */
  readonly #shards = new Set<string>();
  #bytes = 0;
  #closed = false;
  /** Puts in flight. An invalidation waits for these: an entry written before it must not escape it. */
  readonly #pendingPuts = new Set<Promise<void>>();
  /** The same puts by primary key: variants() waits for them, so a lookup sees a put issued before it. */
  readonly #pendingByPrimary = new Map<string, Set<Promise<void>>>();
  /** Invalidations' file work still running after they returned; close() waits for it. */
  readonly #background = new Set<Promise<void>>();
  #journalCounter = 0;
  readonly #nowMs: () => number;

  private constructor(dir: string, maxBytes: number, nowMs: () => number) {
    this.#dir = dir;
    this.#maxBytes = maxBytes;
    this.#nowMs = nowMs;
  }

  static async open(opts: DiskStoreOptions): Promise<DiskStore> {
    if (!Number.isSafeInteger(opts.maxBytes) || opts.maxBytes <= 0) {
      throw new RangeError(`maxBytes must be a positive integer, got ${opts.maxBytes}`);
    }
    await mkdir(opts.dir, { recursive: true });
    const nowMs = opts.nowMs ?? Date.now;
    const store = new DiskStore(opts.dir, opts.maxBytes, nowMs);
    for (const found of await recoverEntries(opts.dir, nowMs())) {
      const { id, meta, bodyCrc32, metaBytes } = found;
      store.#install({ id, meta, bodyCrc32, bytes: meta.bodyBytes + metaBytes }, true);
    }
    // Before anything is served: invalidations that returned but whose files a crash left unchanged.
    for (const journal of await readJournals(opts.dir)) await store.#replay(journal);
    // The budget may have shrunk since the last run.
    store.#evictOver(undefined);
    await store.#queue.drain();
    return store;
  }

  /** Marks an entry as just used (the memory tier above served it), so it is not evicted here first. */
  touch(primaryKey: string, variantKey: string): void {
    const record = this.#byPrimary.get(primaryKey)?.get(variantKey);
    if (record === undefined) return;
    this.#records.delete(record.id);
    this.#records.set(record.id, record);
  }

  async variants(primaryKey: string): Promise<EntryMeta[]> {
    const pending = this.#pendingByPrimary.get(primaryKey);
    if (pending !== undefined) await Promise.allSettled([...pending]);
    return Array.from(this.#byPrimary.get(primaryKey)?.values() ?? [], (r) => r.meta);
  }

  async get(primaryKey: string, variantKey: string): Promise<StoredEntry | undefined> {
    const id = entryId(primaryKey, variantKey);
    for (let attempt = 0; attempt < GET_ATTEMPTS; attempt++) {
      // Writes issued before this get finish first, so a get after a put or delete sees its effect.
      await this.#queue.pending(id);
      const record = this.#records.get(id);
      if (record === undefined) return undefined;
      const body = await this.#readBody(id);
      if (body !== undefined && body.length === record.meta.bodyBytes && crc32(body) === record.bodyCrc32) {
        if (this.#records.get(id) === record) this.#moveToNewest(record);
        return { meta: record.meta, body };
      }
      // A write that began after our lookup may have replaced or removed the file; wait for it and retry.
      await this.#queue.pending(id);
      if (this.#records.get(id) !== record) continue;
      // Same record, still wrong: the file is damaged. Remove it (unless something replaced it meanwhile).
      await this.#queue.run(id, async () => {
        if (this.#records.get(id) === record) await this.#remove(id);
      });
      return undefined;
    }
    return undefined;
  }

  async put(entry: StoredEntry): Promise<void> {
    this.#assertOpen();
    assertBodyBytes(entry);
    const meta: EntryMeta = { ...entry.meta };
    const id = entryId(meta.primaryKey, meta.variantKey);
    const bodyCrc32 = crc32(entry.body);
    const metaFile = encodeMeta(meta, bodyCrc32);
    const record: DiskRecord = { id, meta, bodyCrc32, bytes: entry.body.length + metaFile.length };
    const done = this.#queue.run(id, async () => {
      // Too big to ever fit: not stored, and an older copy goes too (it is no longer what the origin sends).
      if (record.bytes > this.#maxBytes) return this.#remove(id);
      const paths = entryPaths(this.#dir, id);
      try {
        await this.#ensureShard(paths.shard);
        await writeAtomic(paths.body, entry.body);
        await writeAtomic(paths.meta, metaFile);
      } catch (err) {
        // The new body may sit beside the old meta now: drop the pair rather than rely on the CRC later.
        this.#shards.delete(paths.shard);
        await this.#remove(id).catch(ignore);
        throw err;
      }
      this.#install(record, true);
      this.#evictOver(id);
    });
    this.#pendingPuts.add(done);
    let byPrimary = this.#pendingByPrimary.get(meta.primaryKey);
    if (byPrimary === undefined) this.#pendingByPrimary.set(meta.primaryKey, (byPrimary = new Set()));
    byPrimary.add(done);
    try {
      await done;
    } finally {
      this.#pendingPuts.delete(done);
      byPrimary.delete(done);
      if (byPrimary.size === 0) this.#pendingByPrimary.delete(meta.primaryKey);
    }
  }

  async updateMeta(meta: EntryMeta): Promise<void> {
    this.#assertOpen();
    const next: EntryMeta = { ...meta };
    const id = entryId(meta.primaryKey, meta.variantKey);
    // A 304 refresh is a use of the entry, so it moves to the newest end of the LRU.
    await this.#queue.run(id, () => this.#rewriteMeta(id, (current) => ({ ...next, bodyBytes: current.bodyBytes }), true));
  }

  async delete(primaryKey: string, variantKey: string): Promise<boolean> {
    this.#assertOpen();
    const id = entryId(primaryKey, variantKey);
    return this.#queue.run(id, async () => {
      const held = this.#records.has(id);
      await this.#remove(id);
      return held;
    });
  }

  async invalidate(match: EntryPredicate, mode: 'soft' | 'hard', beforeMs: number, scope?: EntryScope): Promise<number> {
    this.#assertOpen();
    // Only the puts already started: waiting for all future ones could wait forever under load.
    await Promise.allSettled([...this.#pendingPuts]);
    const applies = (record: DiskRecord): boolean => invalidationApplies(record.meta, match, beforeMs);
    const hits = scope === undefined ? [...this.#records.values()].filter(applies) : this.#byScope.select(scope, applies);
    const todo = mode === 'hard' ? hits : hits.filter((hit) => hit.meta.invalidated !== 'soft');
    if (todo.length === 0) return hits.length;
    // Durable first (a crash from here on is replayed at open), then the index, then the files.
    const journal = await writeJournal(this.#dir, this.#nowMs(), ++this.#journalCounter, { mode, beforeMs, ids: todo.map((hit) => hit.id) });
    // The index may have changed while the journal was written: a put replaced an entry, an eviction took one.
    const changed: { readonly id: string; readonly installed: DiskRecord | undefined }[] = [];
    for (const hit of todo) {
      const current = this.#records.get(hit.id);
      if (current === undefined || (current !== hit && !invalidationApplies(current.meta, match, beforeMs))) continue;
      if (mode === 'hard') {
        this.#forget(hit.id);
        changed.push({ id: hit.id, installed: undefined });
      } else {
        // A purge is not a use: the LRU position stays. The byte count is already the marked file's.
        const installed = this.#withMeta(current, { ...current.meta, invalidated: 'soft' });
        this.#install(installed, false);
        changed.push({ id: hit.id, installed });
      }
    }
    const files = forEachLimited(changed, INVALIDATE_CONCURRENCY, ({ id, installed }) => this.#queue.run(id, () => this.#settleFiles(id, installed)))
      // Done: the journal has nothing left to replay. On failure it stays, and the next open replays it.
      .then(() => unlinkQuiet(journal))
      .catch(ignore);
    this.#background.add(files);
    void files.finally(() => this.#background.delete(files));
    return hits.length;
  }

  /**
   * The files of one invalidated entry, in its queue, only while the index still holds what the
   * invalidation left there: the entry forgotten (Force: its files go) or the marked record (Normal: the
   * meta file gets the mark). A put since then wrote files of its own; an eviction removes its files itself.
   */
  async #settleFiles(id: string, installed: DiskRecord | undefined): Promise<void> {
    const current = this.#records.get(id);
    if (current !== installed) return;
    if (installed === undefined) await this.#remove(id);
    else await this.#rewriteMeta(id, (m) => m, false);
  }

  /**
   * Open: applies a journal left by a crash, then deletes it. One that does not parse (it cannot be, as it
   * is written through rename, but a disk can rot) says nothing of what it covered: every entry is then
   * marked for revalidation, which is costly but never serves what should have been dropped.
   */
  async #replay(journal: JournalFile): Promise<void> {
    const record = journal.record;
    const ids = record === undefined ? [...this.#records.keys()] : record.ids;
    const applies = (r: DiskRecord) => record === undefined || r.meta.storedAtMs <= record.beforeMs;
    await forEachLimited(ids, INVALIDATE_CONCURRENCY, (id) =>
      this.#queue.run(id, async () => {
        const current = this.#records.get(id);
        if (current === undefined || !applies(current)) return;
        if (record?.mode === 'hard') await this.#remove(id);
        else if (current.meta.invalidated !== 'soft') await this.#rewriteMeta(id, (m) => ({ ...m, invalidated: 'soft' }), false);
      }),
    );
    await unlinkQuiet(journal.path);
  }

  stats(): { bytes: number; entries: number; maxBytes: number } {
    return { bytes: this.#bytes, entries: this.#records.size, maxBytes: this.#maxBytes };
  }

  /** Refuses new writes and waits for every queued file operation (writes and evictions) to finish. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#background]);
    await this.#queue.drain();
  }

  // ---- internals; the ones touching files run inside the entry's queue ----

  #assertOpen(): void {
    if (this.#closed) throw new Error(`disk store ${this.#dir} is closed`);
  }

  async #readBody(id: string): Promise<Buffer | undefined> {
    try {
      return await readFile(entryPaths(this.#dir, id).body);
    } catch (err) {
      // Only "gone" means a concurrent delete; other errors (EMFILE, EIO) say nothing about the entry.
      if (errorCode(err) === 'ENOENT') return undefined;
      throw err;
    }
  }

  async #ensureShard(shard: string): Promise<void> {
    if (this.#shards.has(shard)) return;
    await mkdir(shard, { recursive: true });
    this.#shards.add(shard);
  }

  /** The record with another meta, counted at the size its meta file has. */
  #withMeta(record: DiskRecord, meta: EntryMeta): DiskRecord {
    return { id: record.id, meta, bodyCrc32: record.bodyCrc32, bytes: meta.bodyBytes + encodeMeta(meta, record.bodyCrc32).length };
  }

  async #rewriteMeta(id: string, change: (current: EntryMeta) => EntryMeta, touch: boolean): Promise<void> {
    const record = this.#records.get(id);
    if (record === undefined) return;
    const meta = change(record.meta);
    const metaFile = encodeMeta(meta, record.bodyCrc32);
    const next: DiskRecord = { id, meta, bodyCrc32: record.bodyCrc32, bytes: meta.bodyBytes + metaFile.length };
    if (next.bytes > this.#maxBytes) return this.#remove(id);
    await writeAtomic(entryPaths(this.#dir, id).meta, metaFile);
    // Evicted while writing: the eviction's file removal is queued behind us and will clean up.
    if (this.#records.get(id) !== record) return;
    this.#install(next, touch);
    this.#evictOver(id);
  }

  /** Removes an entry from the index and its files from disk. Runs inside the entry's queue. */
  async #remove(id: string): Promise<void> {
    this.#forget(id);
    const paths = entryPaths(this.#dir, id);
    // Meta first: without it the entry no longer exists, even if the body unlink then fails.
    await unlinkQuiet(paths.meta);
    await unlinkQuiet(paths.body);
  }

  /** Adds or replaces an entry in the index. Without touch, a replacement keeps its LRU position. */
  #install(record: DiskRecord, touch: boolean): void {
    const previous = this.#records.get(record.id);
    if (previous !== undefined) {
      this.#unindex(previous);
      // Map.set on an existing key keeps its place in the order; deleting first moves it to the end.
      if (touch) this.#records.delete(record.id);
    }
    this.#records.set(record.id, record);
    let variants = this.#byPrimary.get(record.meta.primaryKey);
    if (variants === undefined) {
      variants = new Map();
      this.#byPrimary.set(record.meta.primaryKey, variants);
    }
    variants.set(record.meta.variantKey, record);
    this.#byScope.add(record);
    this.#bytes += record.bytes;
  }

  #forget(id: string): void {
    const record = this.#records.get(id);
    if (record === undefined) return;
    this.#records.delete(id);
    this.#unindex(record);
  }

  /** Takes a record out of the per-primary-key index and the byte count (not out of #records). */
  #unindex(record: DiskRecord): void {
    this.#byScope.remove(record);
    const variants = this.#byPrimary.get(record.meta.primaryKey);
    if (variants?.get(record.meta.variantKey) === record) {
      variants.delete(record.meta.variantKey);
      if (variants.size === 0) this.#byPrimary.delete(record.meta.primaryKey);
    }
    this.#bytes -= record.bytes;
  }

  #moveToNewest(record: DiskRecord): void {
    this.#records.delete(record.id);
    this.#records.set(record.id, record);
  }

  /**
   * Evicts least recently used entries until the budget holds. They leave the index at once (so the byte
   * count is right immediately); their files are removed through their queues, and only if no newer write
   * has installed the entry again by then.
   */
  #evictOver(keepId: string | undefined): void {
    for (const record of this.#records.values()) {
      if (this.#bytes <= this.#maxBytes) return;
      if (record.id !== keepId) this.#evict(record.id);
    }
    // Only the kept entry is left and it alone is over budget (its meta grew): it goes too.
    if (this.#bytes > this.#maxBytes && keepId !== undefined) this.#evict(keepId);
  }

  #evict(id: string): void {
    this.#forget(id);
    // A failed unlink is swallowed: the files, still a valid entry, come back at the next open and are
    // evicted or replaced like any other.
    void this.#queue
      .run(id, async () => {
        if (!this.#records.has(id)) await this.#remove(id);
      })
      .catch(ignore);
  }
}
