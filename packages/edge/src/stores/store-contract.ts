// The one test suite every CacheStore passes (house rule 3). Each tier's test file calls runStoreContract
// with a factory; tier-specific behaviour (restart, corruption, promotion) is tested beside the tier.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { binaryBody, makeEntry, variantKeysOf } from './store-fixtures.js';
import type { CacheStore, EntryMeta, StoredEntry } from './types.js';

export interface StoreUnderTest {
  readonly store: CacheStore;
  /** Closes the store and opens it again on the same backing data (persistent tiers only). */
  readonly reopen?: () => Promise<CacheStore>;
  /** Closes whatever store is current and removes its data. */
  readonly cleanup: () => Promise<void>;
}

export interface StoreFactoryOptions {
  readonly maxBytes: number;
}

export type StoreFactory = (opts: StoreFactoryOptions) => Promise<StoreUnderTest>;

const DEFAULT_MAX_BYTES = 1024 * 1024;
const all = (): boolean => true;

export function runStoreContract(name: string, makeStore: StoreFactory, opts: { persistent?: boolean } = {}): void {
  void describe(`CacheStore contract: ${name}`, () => {
    let current: StoreUnderTest | undefined;
    const open = async (maxBytes = DEFAULT_MAX_BYTES): Promise<CacheStore> => {
      current = await makeStore({ maxBytes });
      return current.store;
    };
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });

    void it('round-trips binary bodies, the empty body included, with their meta', async () => {
      const store = await open();
      const binary = makeEntry({ primaryKey: 'p|/bin', body: binaryBody(70_000, 7) });
      const empty = makeEntry({ primaryKey: 'p|/empty', body: Buffer.alloc(0) });
      await store.put(binary);
      await store.put(empty);
      assertSameEntry(await store.get('p|/bin', ''), binary);
      assertSameEntry(await store.get('p|/empty', ''), empty);
    });

    void it('answers undefined and [] for what it does not hold', async () => {
      const store = await open();
      assert.equal(await store.get('p|/missing', ''), undefined);
      assert.deepEqual(await store.variants('p|/missing'), []);
      assert.equal(await store.delete('p|/missing', ''), false);
    });

    void it('keeps variants of one primary key apart', async () => {
      const store = await open();
      for (const variantKey of ['', 'gzip', 'br']) {
        await store.put(makeEntry({ primaryKey: 'p|/v', variantKey, body: `body-${variantKey}` }));
      }
      assert.deepEqual(variantKeysOf(await store.variants('p|/v')), ['', 'br', 'gzip']);
      for (const variantKey of ['', 'gzip', 'br']) {
        assert.equal((await store.get('p|/v', variantKey))?.body.toString(), `body-${variantKey}`);
      }
    });

    void it('replaces an entry stored again under the same keys', async () => {
      const store = await open();
      await store.put(makeEntry({ primaryKey: 'p|/r', body: 'old', headers: { etag: '"1"' } }));
      const next = makeEntry({ primaryKey: 'p|/r', body: 'newer body', headers: { etag: '"2"' }, storedAtMs: 2 });
      await store.put(next);
      assertSameEntry(await store.get('p|/r', ''), next);
      assert.equal((await store.variants('p|/r')).length, 1);
      assert.equal(store.stats().entries, 1);
    });

    void it('deletes one variant and leaves the others', async () => {
      const store = await open();
      await store.put(makeEntry({ primaryKey: 'p|/d', variantKey: 'a' }));
      await store.put(makeEntry({ primaryKey: 'p|/d', variantKey: 'b' }));
      assert.equal(await store.delete('p|/d', 'a'), true);
      assert.equal(await store.delete('p|/d', 'a'), false);
      assert.equal(await store.get('p|/d', 'a'), undefined);
      assert.deepEqual(variantKeysOf(await store.variants('p|/d')), ['b']);
      assert.equal(store.stats().entries, 1);
    });

    void it('makes updateMeta visible to get and variants, keeping the body', async () => {
      const store = await open();
      const entry = makeEntry({ primaryKey: 'p|/u', body: binaryBody(500) });
      await store.put(entry);
      const updated: EntryMeta = { ...entry.meta, headers: { etag: '"2"', 'x-extra': 'y' }, freshnessMs: 5 };
      await store.updateMeta(updated);
      assertSameEntry(await store.get('p|/u', ''), { meta: updated, body: entry.body });
      assert.deepEqual((await store.variants('p|/u')).map(comparable), [comparable(updated)]);
    });

    void it('does not create an entry through updateMeta', async () => {
      const store = await open();
      await store.updateMeta(makeEntry({ primaryKey: 'p|/none' }).meta);
      assert.equal(await store.get('p|/none', ''), undefined);
      assert.equal(store.stats().entries, 0);
    });

    void it('keeps its own copy of the meta it was given', async () => {
      const store = await open();
      const entry = makeEntry({ primaryKey: 'p|/copy' });
      await store.put(entry);
      entry.meta.invalidated = 'soft';
      entry.meta.storedAtMs = 0;
      const held = await store.get('p|/copy', '');
      assert.equal(held?.meta.invalidated, undefined);
      assert.notEqual(held?.meta.storedAtMs, 0);
    });

    void it('rejects an entry whose meta.bodyBytes disagrees with its body', async () => {
      const store = await open();
      const entry = makeEntry({ primaryKey: 'p|/bad', body: 'four' });
      await assert.rejects(store.put({ meta: { ...entry.meta, bodyBytes: 3 }, body: entry.body }), RangeError);
      assert.equal(await store.get('p|/bad', ''), undefined);
    });

    void it('soft invalidation marks matching entries, keeps them, and counts them', async () => {
      const store = await open();
      await putTagged(store);
      const count = await store.invalidate((m) => m.tags.includes('red'), 'soft', 5_000);
      assert.equal(count, 2);
      assert.equal((await store.get('p|/a', ''))?.meta.invalidated, 'soft');
      assert.equal((await store.get('p|/b', ''))?.body.toString(), 'b');
      assert.equal((await store.get('p|/c', ''))?.meta.invalidated, undefined);
      assert.deepEqual((await store.variants('p|/b')).map((m) => m.invalidated), ['soft']);
      assert.equal(store.stats().entries, 3);
      // Already marked entries still match (the count is of matches, not of changes).
      assert.equal(await store.invalidate((m) => m.tags.includes('red'), 'soft', 5_000), 2);
    });

    void it('hard invalidation removes matching entries and counts them', async () => {
      const store = await open();
      await putTagged(store);
      assert.equal(await store.invalidate((m) => m.tags.includes('red'), 'hard', 5_000), 2);
      assert.equal(await store.get('p|/a', ''), undefined);
      assert.deepEqual(await store.variants('p|/b'), []);
      assert.ok(await store.get('p|/c', ''));
      assert.equal(store.stats().entries, 1);
    });

    void it('a scoped invalidation asks only the entries of its properties and path extensions, and the index follows replacements and deletes (issue 5)', async () => {
      const store = await open();
      const put = (propertyId: string, path: string, storedAtMs = 1_000) => store.put(makeEntry({ propertyId, primaryKey: `${propertyId}|${path}`, storedAtMs }));
      for (const path of ['/a/x.jpg', '/a/X.JPG', '/a/y.png', '/a/z', '/a.d/w']) await put('p1', path);
      await put('p2', '/a/x.jpg');
      const asked = new Set<string>();
      const askedAll = (meta: EntryMeta): boolean => (asked.add(meta.primaryKey), true);
      const only = (propertyId: string, extensions?: string[]) => new Map([[propertyId, extensions === undefined ? undefined : new Set(extensions)]]);

      // Keys are case-folded: the .JPG entry is a candidate; the predicate (here: yes) decides.
      assert.equal(await store.invalidate(askedAll, 'soft', 5_000, only('p1', ['jpg'])), 2);
      assert.deepEqual([...asked].sort(), ['p1|/a/X.JPG', 'p1|/a/x.jpg']);
      assert.equal((await store.get('p2|/a/x.jpg', ''))?.meta.invalidated, undefined, 'another property is not reached');
      asked.clear();
      assert.equal(await store.invalidate(askedAll, 'soft', 5_000, only('p1', [''])), 2);
      assert.deepEqual([...asked].sort(), ['p1|/a.d/w', 'p1|/a/z']);
      assert.equal(await store.invalidate(all, 'soft', 5_000, only('p2')), 1);
      assert.equal(await store.invalidate(all, 'soft', 5_000, only('p3')), 0);

      // A deleted entry leaves the index; a replaced one is filed once, as its new self.
      await store.delete('p1|/a/x.jpg', '');
      await put('p1', '/a/X.JPG', 2_000);
      asked.clear();
      assert.equal(await store.invalidate(askedAll, 'hard', 5_000, only('p1', ['jpg', 'png'])), 2);
      assert.deepEqual([...asked].sort(), ['p1|/a/X.JPG', 'p1|/a/y.png']);
      assert.equal(await store.get('p1|/a/X.JPG', ''), undefined);
      assert.equal(store.stats().entries, 3);
      assert.equal(await store.invalidate(all, 'hard', 5_000, only('p1', ['jpg', 'png'])), 0, 'removed entries are no longer filed');
    });

    void it('invalidates only entries stored at or before beforeMs', async () => {
      const store = await open();
      for (const [path, storedAtMs] of [['old', 1_000], ['edge', 2_000], ['new', 3_000]] as const) {
        await store.put(makeEntry({ primaryKey: `p|/${path}`, storedAtMs }));
      }
      assert.equal(await store.invalidate(all, 'soft', 2_000), 2);
      assert.equal((await store.get('p|/new', ''))?.meta.invalidated, undefined);
      assert.equal(await store.invalidate(all, 'hard', 2_000), 2);
      assert.equal(await store.get('p|/old', ''), undefined);
      assert.equal(await store.get('p|/edge', ''), undefined);
      assert.ok(await store.get('p|/new', ''));
    });

    void it('holds its byte budget with LRU eviction, keeping a recently read entry', async () => {
      const maxBytes = 64 * 1024;
      const store = await open(maxBytes);
      await store.put(makeEntry({ primaryKey: 'p|/hot', body: binaryBody(4096, 99) }));
      const keys = Array.from({ length: 40 }, (_, i) => `p|/item-${i}`);
      for (const [i, primaryKey] of keys.entries()) {
        await store.put(makeEntry({ primaryKey, body: binaryBody(4096, i), storedAtMs: 10 + i }));
        assert.ok(store.stats().bytes <= maxBytes, `over budget after put ${i}: ${store.stats().bytes}`);
        assert.ok(await store.get('p|/hot', ''), `hot entry evicted after put ${i}`);
      }
      assert.ok(store.stats().bytes > maxBytes / 2, 'the budget should actually be used');
      for (const primaryKey of keys.slice(0, 10)) {
        assert.equal(await store.get(primaryKey, ''), undefined, `${primaryKey} should be evicted`);
      }
      assert.ok(await store.get(keys[39] ?? '', ''));
      // The per-primary-key index agrees with the entries after evictions.
      for (const primaryKey of keys) {
        const listed = (await store.variants(primaryKey)).length > 0;
        assert.equal(listed, (await store.get(primaryKey, '')) !== undefined, primaryKey);
      }
    });

    void it('does not store an entry larger than the whole budget, and drops the copy it replaces', async () => {
      const store = await open(16 * 1024);
      await store.put(makeEntry({ primaryKey: 'p|/big', body: binaryBody(20_000) }));
      assert.equal(await store.get('p|/big', ''), undefined);
      assert.deepEqual(store.stats(), { bytes: 0, entries: 0, maxBytes: 16 * 1024 });
      await store.put(makeEntry({ primaryKey: 'p|/grows', body: 'small' }));
      await store.put(makeEntry({ primaryKey: 'p|/grows', body: binaryBody(20_000) }));
      assert.equal(await store.get('p|/grows', ''), undefined);
      assert.equal(store.stats().entries, 0);
    });

    void it('reports bytes and entries', async () => {
      const store = await open();
      assert.deepEqual(store.stats(), { bytes: 0, entries: 0, maxBytes: DEFAULT_MAX_BYTES });
      await store.put(makeEntry({ primaryKey: 'p|/1', body: binaryBody(100) }));
      await store.put(makeEntry({ primaryKey: 'p|/2', body: binaryBody(200) }));
      await store.put(makeEntry({ primaryKey: 'p|/3', body: Buffer.alloc(0) }));
      const full = store.stats();
      assert.equal(full.entries, 3);
      assert.ok(full.bytes >= 300, 'bodies are counted');
      await store.delete('p|/2', '');
      assert.ok(store.stats().bytes <= full.bytes - 200);
      await store.delete('p|/1', '');
      await store.delete('p|/3', '');
      assert.deepEqual(store.stats(), { bytes: 0, entries: 0, maxBytes: DEFAULT_MAX_BYTES });
    });

    void it('never returns a mixed or partial entry under overlapping put/get/delete of one key', async () => {
      const store = await open();
      const bodies = Array.from({ length: 8 }, (_, i) => binaryBody(3_000 + 17 * i, i));
      const writes: Promise<unknown>[] = [];
      const reads: Promise<StoredEntry | undefined>[] = [];
      for (const [i, body] of bodies.entries()) {
        writes.push(store.put(makeEntry({ primaryKey: 'p|/race', body, tags: [`v${i}`] })));
        reads.push(store.get('p|/race', ''));
        if (i % 3 === 2) writes.push(store.delete('p|/race', ''));
        reads.push(store.get('p|/race', ''));
      }
      await Promise.all(writes);
      for (const read of await Promise.all(reads)) {
        if (read === undefined) continue;
        const version = Number(read.meta.tags[0]?.slice(1));
        assert.ok(bodies[version]?.equals(read.body), `body does not belong to its meta (v${version})`);
      }
      assert.ok((await store.get('p|/race', ''))?.body.equals(bodies[7] ?? Buffer.alloc(0)), 'last put wins');
    });

    // Only persistent tiers are asked to survive a reopen; the test is not registered for the others.
    if (opts.persistent) void it('keeps entries, soft marks included, across a reopen (persistent tiers)', async () => {
      const store = await open();
      assert.ok(current?.reopen, 'a persistent tier must provide reopen()');
      const kept = makeEntry({ primaryKey: 'p|/kept', variantKey: 'gzip', body: binaryBody(9_000, 3) });
      await store.put(kept);
      await store.put(makeEntry({ primaryKey: 'p|/soft', body: Buffer.alloc(0), tags: ['t'] }));
      await store.invalidate((m) => m.tags.includes('t'), 'soft', Number.MAX_SAFE_INTEGER);
      const before = store.stats();
      const reopened = await current.reopen();
      assertSameEntry(await reopened.get('p|/kept', 'gzip'), kept);
      assert.equal((await reopened.get('p|/soft', ''))?.meta.invalidated, 'soft');
      assert.deepEqual(reopened.stats(), before);
    });
  });
}

async function putTagged(store: CacheStore): Promise<void> {
  await store.put(makeEntry({ primaryKey: 'p|/a', body: 'a', tags: ['red'], storedAtMs: 1_000 }));
  await store.put(makeEntry({ primaryKey: 'p|/b', body: 'b', tags: ['red', 'blue'], storedAtMs: 1_000 }));
  await store.put(makeEntry({ primaryKey: 'p|/c', body: 'c', tags: ['blue'], storedAtMs: 1_000 }));
}

/** A store may keep an unset mark as `invalidated: undefined` (memory-store.ts ownMeta): the same as none. */
function comparable(meta: EntryMeta): EntryMeta {
  if (meta.invalidated !== undefined) return meta;
  const { invalidated: _unset, ...rest } = meta;
  return rest;
}

function assertSameEntry(actual: StoredEntry | undefined, expected: StoredEntry): void {
  assert.ok(actual, `expected an entry for ${expected.meta.primaryKey}`);
  assert.deepEqual(comparable(actual.meta), comparable(expected.meta));
  assert.ok(actual.body.equals(expected.body), 'bodies differ');
}
