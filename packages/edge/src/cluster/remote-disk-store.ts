// The disk tier as a cluster worker sees it: every operation is performed by the primary, which owns
// the files, the index and the byte budget, so that all workers share one disk tier. Invalidations
// are not sent this way: the primary applies them to the disk tier itself (see primary.ts).
import type { CacheStore, EntryMeta, EntryPredicate, StoredEntry } from '../stores/types.js';
import type { DiskOp } from './messages.js';

export type DiskCall = (op: DiskOp) => Promise<unknown>;

export class RemoteDiskStore implements CacheStore {
  #stats = { bytes: 0, entries: 0, maxBytes: 0 };
  readonly #touched = new Map<string, [string, string]>();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly call: DiskCall) {}

  async variants(primaryKey: string): Promise<EntryMeta[]> {
    return (await this.call({ op: 'variants', primaryKey })) as EntryMeta[];
  }

  async get(primaryKey: string, variantKey: string): Promise<StoredEntry | undefined> {
    const r = (await this.call({ op: 'get', primaryKey, variantKey })) as { meta: EntryMeta; body: Uint8Array } | undefined;
    // Structured clone delivers a Uint8Array; view it as a Buffer without copying.
    return r ? { meta: r.meta, body: Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength) } : undefined;
  }

  async put(entry: StoredEntry): Promise<void> {
    await this.call({ op: 'put', entry });
  }

  async updateMeta(meta: EntryMeta): Promise<void> {
    await this.call({ op: 'updateMeta', meta });
  }

  async delete(primaryKey: string, variantKey: string): Promise<boolean> {
    return (await this.call({ op: 'delete', primaryKey, variantKey })) as boolean;
  }

  /** Memory hits keep the shared disk LRU in step; sent once a second, not per hit. */
  touch(primaryKey: string, variantKey: string): void {
    this.#touched.set(primaryKey + '\n' + variantKey, [primaryKey, variantKey]);
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        const keys = [...this.#touched.values()];
        this.#touched.clear();
        void this.call({ op: 'touch', keys }).catch(() => undefined);
      }, 1_000);
      this.#timer.unref();
    }
  }

  /** The primary applies invalidations to the disk tier; a worker's share is its memory tier. */
  invalidate(_match: EntryPredicate, _mode: 'soft' | 'hard', _beforeMs: number): Promise<number> {
    return Promise.resolve(0);
  }

  stats(): { bytes: number; entries: number; maxBytes: number } {
    return this.#stats;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
