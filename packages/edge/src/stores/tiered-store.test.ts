import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DiskStore } from './disk-store.js';
import { MemoryStore } from './memory-store.js';
import { runStoreContract } from './store-contract.js';
import { binaryBody, makeEntry } from './store-fixtures.js';
import { TieredStore } from './tiered-store.js';
import type { StoredEntry } from './types.js';

runStoreContract('TieredStore (memory + disk)', async ({ maxBytes }) => {
  const dir = await mkdtemp(join(tmpdir(), 'candela-tiered-contract-'));
  const openTiered = async (): Promise<TieredStore> =>
    new TieredStore({ memory: new MemoryStore({ maxBytes }), disk: await DiskStore.open({ dir, maxBytes }) });
  let store = await openTiered();
  return {
    store,
    reopen: async () => {
      await store.close();
      store = await openTiered();
      return store;
    },
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}, { persistent: true });

runStoreContract('TieredStore (memory only)', ({ maxBytes }) => {
  const store = new TieredStore({ memory: new MemoryStore({ maxBytes }) });
  return Promise.resolve({ store, cleanup: () => store.close() });
});

/** A disk tier whose get() waits until the test releases it, to stage races deterministically. */
class GatedStore extends MemoryStore {
  #gate: Promise<void> | undefined;
  #open: (() => void) | undefined;

  hold(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }

  release(): void {
    this.#open?.();
    this.#gate = undefined;
  }

  override async get(primaryKey: string, variantKey: string): Promise<StoredEntry | undefined> {
    const entry = this.getSync(primaryKey, variantKey);
    await this.#gate;
    return entry;
  }
}

describe('TieredStore', () => {
  let dir = '';
  let disk: DiskStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candela-tiered-'));
    disk = await DiskStore.open({ dir, maxBytes: 1 << 20 });
  });
  afterEach(async () => {
    await disk.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('promotes a disk hit into memory', async () => {
    await disk.put(makeEntry({ primaryKey: 'p|/deep', body: binaryBody(3000) }));
    const tiered = new TieredStore({ memory: new MemoryStore({ maxBytes: 1 << 20 }), disk });
    assert.equal(tiered.getSync('p|/deep', ''), undefined);
    assert.ok((await tiered.get('p|/deep', ''))?.body.equals(binaryBody(3000)));
    assert.ok(tiered.getSync('p|/deep', '')?.body.equals(binaryBody(3000)), 'now a memory hit');
    assert.equal(tiered.memoryVariantsSync('p|/deep')?.length, 1);
  });

  it('writes through to both tiers and shows memory at once', async () => {
    const memory = new MemoryStore({ maxBytes: 1 << 20 });
    const tiered = new TieredStore({ memory, disk });
    const put = tiered.put(makeEntry({ primaryKey: 'p|/both' }));
    assert.ok(tiered.getSync('p|/both', ''), 'visible in memory before the disk write ends');
    await put;
    assert.ok(await disk.get('p|/both', ''));
  });

  it('counts an entry held by both tiers once when invalidating', async () => {
    const memory = new MemoryStore({ maxBytes: 1 << 20 });
    const tiered = new TieredStore({ memory, disk });
    await tiered.put(makeEntry({ primaryKey: 'p|/both', tags: ['x'] }));
    await disk.put(makeEntry({ primaryKey: 'p|/disk-only', tags: ['x'] }));
    memory.putSync(makeEntry({ primaryKey: 'p|/memory-only', tags: ['x'] }));
    assert.equal(await tiered.invalidate((m) => m.tags.includes('x'), 'soft', Date.now()), 3);
    assert.equal(await tiered.invalidate((m) => m.tags.includes('x'), 'hard', Date.now()), 3);
    assert.equal(memory.stats().entries + disk.stats().entries, 0);
  });

  it('merges variants from both tiers, preferring the newer copy', async () => {
    const memory = new MemoryStore({ maxBytes: 1 << 20 });
    const tiered = new TieredStore({ memory, disk });
    memory.putSync(makeEntry({ primaryKey: 'p|/v', variantKey: 'gzip', storedAtMs: 1_000 }));
    memory.putSync(makeEntry({ primaryKey: 'p|/v', variantKey: 'br', storedAtMs: 5_000 }));
    await disk.put(makeEntry({ primaryKey: 'p|/v', variantKey: 'gzip', storedAtMs: 2_000 }));
    await disk.put(makeEntry({ primaryKey: 'p|/v', variantKey: 'br', storedAtMs: 4_000 }));
    await disk.put(makeEntry({ primaryKey: 'p|/v', variantKey: '', storedAtMs: 3_000 }));
    const merged = await tiered.variants('p|/v');
    assert.deepEqual(
      merged.map((m) => [m.variantKey, m.storedAtMs]),
      [['gzip', 2_000], ['br', 5_000], ['', 3_000]],
    );
  });

  it('keeps a memory hit fresh in the disk LRU', async () => {
    const small = await DiskStore.open({ dir: join(dir, 'small'), maxBytes: 3 * 4096 + 3 * 1024 });
    const tiered = new TieredStore({ memory: new MemoryStore({ maxBytes: 1 << 20 }), disk: small });
    for (const name of ['a', 'b', 'c']) await tiered.put(makeEntry({ primaryKey: `p|/${name}`, body: binaryBody(4096) }));
    assert.ok(tiered.getSync('p|/a', ''));
    await tiered.put(makeEntry({ primaryKey: 'p|/d', body: binaryBody(4096) }));
    assert.ok(await small.get('p|/a', ''), 'the entry served from memory survives on disk');
    assert.equal(await small.get('p|/b', ''), undefined);
    await small.close();
  });

  it('does not promote a disk read that a delete overtook', async () => {
    const gated = new GatedStore({ maxBytes: 1 << 20 });
    const memory = new MemoryStore({ maxBytes: 1 << 20 });
    const tiered = new TieredStore({ memory, disk: gated });
    gated.putSync(makeEntry({ primaryKey: 'p|/race' }));
    gated.hold();
    const read = tiered.get('p|/race', '');
    await tiered.delete('p|/race', '');
    gated.release();
    assert.ok(await read, 'the read itself began before the delete');
    assert.equal(memory.has('p|/race', ''), false, 'but it must not resurrect the entry in memory');
  });

  it('does not promote a disk read that overlapped an invalidation', async () => {
    const gated = new GatedStore({ maxBytes: 1 << 20 });
    const memory = new MemoryStore({ maxBytes: 1 << 20 });
    const tiered = new TieredStore({ memory, disk: gated });
    gated.putSync(makeEntry({ primaryKey: 'p|/purged', storedAtMs: 1_000 }));
    gated.hold();
    const read = tiered.get('p|/purged', '');
    assert.equal(await tiered.invalidate(() => true, 'hard', 2_000), 1);
    gated.release();
    await read;
    assert.equal(memory.has('p|/purged', ''), false);
  });
});
