import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { FORMAT_VERSION, entryId, entryPaths } from './disk-layout.js';
import { journalDir, readJournals, writeJournal } from './disk-journal.js';
import { DiskStore } from './disk-store.js';
import { runStoreContract } from './store-contract.js';
import { binaryBody, makeEntry } from './store-fixtures.js';

runStoreContract('DiskStore', async ({ maxBytes }) => {
  const dir = await mkdtemp(join(tmpdir(), 'candela-disk-contract-'));
  let store = await DiskStore.open({ dir, maxBytes });
  return {
    store,
    reopen: async () => {
      await store.close();
      store = await DiskStore.open({ dir, maxBytes });
      return store;
    },
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}, { persistent: true });

/** Every file under dir, relative to it, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('DiskStore on disk', () => {
  let dir = '';
  const opened: DiskStore[] = [];
  const open = async (maxBytes = 1 << 20): Promise<DiskStore> => {
    const store = await DiskStore.open({ dir, maxBytes });
    opened.push(store);
    return store;
  };
  const pathsOf = (primaryKey: string, variantKey = ''): ReturnType<typeof entryPaths> =>
    entryPaths(dir, entryId(primaryKey, variantKey));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candela-disk-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('lays an entry out as dir/ab/<id>.body and .meta with a CRC and a format version', async () => {
    const store = await open();
    const entry = makeEntry({ primaryKey: 'p|/layout', variantKey: 'gzip', body: binaryBody(1234) });
    await store.put(entry);
    const id = entryId('p|/layout', 'gzip');
    assert.deepEqual(await filesUnder(dir), [join(id.slice(0, 2), `${id}.body`), join(id.slice(0, 2), `${id}.meta`)]);
    const metaFile: unknown = JSON.parse(await readFile(pathsOf('p|/layout', 'gzip').meta, 'utf8'));
    assert.deepEqual(metaFile, { v: FORMAT_VERSION, bodyCrc32: crc32(entry.body), meta: entry.meta });
  });

  it('keeps entries across a restart', async () => {
    const first = await open();
    for (let i = 0; i < 5; i++) {
      await first.put(makeEntry({ primaryKey: 'p|/many', variantKey: `v${i}`, body: binaryBody(100 * i, i) }));
    }
    const stats = first.stats();
    await first.close();
    const second = await open();
    assert.deepEqual(second.stats(), stats);
    assert.equal((await second.variants('p|/many')).length, 5);
    assert.ok((await second.get('p|/many', 'v3'))?.body.equals(binaryBody(300, 3)));
  });

  it('discards a truncated body on get instead of serving it', async () => {
    const store = await open();
    await store.put(makeEntry({ primaryKey: 'p|/trunc', body: binaryBody(10_000) }));
    await truncate(pathsOf('p|/trunc').body, 5_000);
    assert.equal(await store.get('p|/trunc', ''), undefined);
    assert.deepEqual(await store.variants('p|/trunc'), []);
    assert.equal(store.stats().entries, 0);
    assert.deepEqual(await filesUnder(dir), []);
  });

  it('discards a body with a flipped bit (same length) on get', async () => {
    const store = await open();
    await store.put(makeEntry({ primaryKey: 'p|/flip', body: binaryBody(10_000) }));
    const bodyPath = pathsOf('p|/flip').body;
    const bytes = await readFile(bodyPath);
    bytes[4_321] = (bytes[4_321] ?? 0) ^ 0x10;
    await writeFile(bodyPath, bytes);
    assert.equal(await store.get('p|/flip', ''), undefined);
    assert.equal(store.stats().bytes, 0);
    assert.deepEqual(await filesUnder(dir), []);
  });

  it('drops at open an entry whose body size disagrees with its meta', async () => {
    const first = await open();
    await first.put(makeEntry({ primaryKey: 'p|/short', body: binaryBody(2_000) }));
    await first.close();
    await truncate(pathsOf('p|/short').body, 10);
    const second = await open();
    assert.equal(second.stats().entries, 0);
    assert.deepEqual(await filesUnder(dir), []);
  });

  it('drops garbage and foreign meta at open and keeps good entries', async () => {
    const first = await open();
    for (const name of ['good', 'junk', 'old-format', 'misplaced']) {
      await first.put(makeEntry({ primaryKey: `p|/${name}`, body: name }));
    }
    await first.close();
    await writeFile(pathsOf('p|/junk').meta, '{"v":1,"bodyCrc32":');
    const oldFormat: unknown = JSON.parse(await readFile(pathsOf('p|/old-format').meta, 'utf8'));
    await writeFile(pathsOf('p|/old-format').meta, JSON.stringify({ ...(oldFormat as object), v: 0 }));
    // A meta under another entry's name must not answer for that name.
    await writeFile(pathsOf('p|/misplaced').meta, await readFile(pathsOf('p|/good').meta));
    const second = await open();
    assert.equal(second.stats().entries, 1);
    assert.equal((await second.get('p|/good', ''))?.body.toString(), 'good');
    const good = pathsOf('p|/good');
    assert.deepEqual(await filesUnder(dir), [relative(dir, good.body), relative(dir, good.meta)]);
  });

  it('cleans temporary files, orphan bodies and bodiless meta at open, leaving foreign files alone', async () => {
    const first = await open();
    await first.put(makeEntry({ primaryKey: 'p|/keep', body: 'keep' }));
    await first.put(makeEntry({ primaryKey: 'p|/bodiless', body: 'x' }));
    await first.close();
    const keep = pathsOf('p|/keep');
    await writeFile(`${keep.body}.123-4-abcd.tmp`, 'partial');
    await writeFile(`${keep.meta}.123-5-abcd.tmp`, '{');
    const orphan = pathsOf('p|/orphan');
    await mkdir(orphan.shard, { recursive: true });
    await writeFile(orphan.body, 'no meta was ever written');
    await rm(pathsOf('p|/bodiless').body);
    await writeFile(join(dir, 'README'), 'not ours');
    const second = await open();
    assert.equal(second.stats().entries, 1);
    assert.deepEqual(await filesUnder(dir), ['README', relative(dir, keep.body), relative(dir, keep.meta)].sort());
  });

  it('enforces a smaller budget across a restart, keeping the most recently stored', async () => {
    const first = await open();
    for (let i = 0; i < 10; i++) {
      await first.put(makeEntry({ primaryKey: `p|/${i}`, body: binaryBody(4_000, i), storedAtMs: 1_000 + i }));
    }
    await first.close();
    const second = await open(16 * 1024);
    const { bytes, entries } = second.stats();
    assert.ok(bytes <= 16 * 1024 && entries >= 2 && entries < 10, `${bytes} bytes, ${entries} entries`);
    assert.ok(await second.get('p|/9', ''));
    assert.equal(await second.get('p|/0', ''), undefined);
    assert.equal((await filesUnder(dir)).length, 2 * second.stats().entries);
  });

  it('keeps soft marks and hard deletions across a restart', async () => {
    const first = await open();
    await first.put(makeEntry({ primaryKey: 'p|/soft', tags: ['s'] }));
    await first.put(makeEntry({ primaryKey: 'p|/hard', tags: ['h'] }));
    await first.invalidate((m) => m.tags.includes('s'), 'soft', Date.now());
    await first.invalidate((m) => m.tags.includes('h'), 'hard', Date.now());
    await first.close();
    const second = await open();
    assert.equal((await second.get('p|/soft', ''))?.meta.invalidated, 'soft');
    assert.equal(await second.get('p|/hard', ''), undefined);
  });

  it('replays at open an invalidation journal a crash left: Normal marks, Force removes, later entries untouched, journal gone', async () => {
    const first = await open();
    await first.put(makeEntry({ primaryKey: 'p|/soft', storedAtMs: 1_000 }));
    await first.put(makeEntry({ primaryKey: 'p|/hard', storedAtMs: 1_000 }));
    await first.put(makeEntry({ primaryKey: 'p|/later', storedAtMs: 9_000 }));
    await first.put(makeEntry({ primaryKey: 'p|/other', storedAtMs: 1_000 }));
    await first.close();
    // What invalidate() writes before it returns, as if the process died before the files were changed.
    await writeJournal(dir, 5_000, 1, { mode: 'soft', beforeMs: 5_000, ids: [entryId('p|/soft', ''), entryId('p|/later', '')] });
    await writeJournal(dir, 5_000, 2, { mode: 'hard', beforeMs: 5_000, ids: [entryId('p|/hard', ''), entryId('p|/gone', '')] });
    const second = await open();
    assert.equal((await second.get('p|/soft', ''))?.meta.invalidated, 'soft');
    assert.equal(await second.get('p|/hard', ''), undefined);
    assert.equal((await second.get('p|/later', ''))?.meta.invalidated, undefined, 'stored after the invalidation');
    assert.equal((await second.get('p|/other', ''))?.meta.invalidated, undefined);
    assert.deepEqual(await readJournals(dir), []);
    assert.ok(!(await filesUnder(dir)).some((f) => f.startsWith('journal')));
    const soft = JSON.parse(await readFile(pathsOf('p|/soft').meta, 'utf8')) as { meta: { invalidated?: string } };
    assert.equal(soft.meta.invalidated, 'soft', 'the mark is in the file, not only in the index');
  });

  it('a journal that does not parse marks every entry for revalidation (it cannot say which it covered)', async () => {
    const first = await open();
    await first.put(makeEntry({ primaryKey: 'p|/a' }));
    await first.put(makeEntry({ primaryKey: 'p|/b' }));
    await first.close();
    await mkdir(journalDir(dir), { recursive: true });
    await writeFile(join(journalDir(dir), '000000000005000-000001.json'), '{"mode":"hard","beforeMs":');
    await writeFile(join(journalDir(dir), '000000000005000-000002.json.tmp-1'), 'half');
    const second = await open();
    assert.equal((await second.get('p|/a', ''))?.meta.invalidated, 'soft');
    assert.equal((await second.get('p|/b', ''))?.meta.invalidated, 'soft');
    assert.deepEqual(await readdir(journalDir(dir)), []);
  });

  it('an invalidation is in the index when it returns; its files follow, and close() waits for them', async () => {
    const store = await open();
    for (let i = 0; i < 200; i++) await store.put(makeEntry({ primaryKey: `p|/${i}`, tags: [i % 2 === 0 ? 'even' : 'odd'], storedAtMs: 1_000 }));
    assert.equal(await store.invalidate((m) => m.tags.includes('even'), 'hard', 2_000), 100);
    assert.equal(await store.invalidate((m) => m.tags.includes('odd'), 'soft', 2_000), 100);
    assert.equal(store.stats().entries, 100);
    assert.equal((await store.get('p|/1', ''))?.meta.invalidated, 'soft');
    assert.equal(await store.get('p|/0', ''), undefined);
    await store.close();
    const files = await filesUnder(dir);
    assert.equal(files.length, 200, 'one body and one meta for each of the 100 left; no journal');
    const reopened = await open();
    assert.equal(reopened.stats().entries, 100);
    assert.equal((await reopened.get('p|/99', ''))?.meta.invalidated, 'soft');
  });

  it('answers undefined to a get issued right after a delete', async () => {
    const store = await open();
    await store.put(makeEntry({ primaryKey: 'p|/gone', body: binaryBody(50_000) }));
    const [deleted, read] = await Promise.all([store.delete('p|/gone', ''), store.get('p|/gone', '')]);
    assert.equal(deleted, true);
    assert.equal(read, undefined);
  });

  it('leaves index and files in agreement after a burst of overlapping operations', async () => {
    const store = await open(200_000);
    const keys = ['p|/k0', 'p|/k1', 'p|/k2'];
    let seed = 42;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed % n;
    };
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 300; i++) {
      const primaryKey = keys[random(keys.length)] ?? '';
      const op = random(10);
      if (op < 4) ops.push(store.put(makeEntry({ primaryKey, body: binaryBody(random(60_000), i), tags: [`${i}`] })));
      else if (op < 5) ops.push(store.delete(primaryKey, ''));
      else if (op < 6) ops.push(store.updateMeta({ ...makeEntry({ primaryKey }).meta, freshnessMs: i }));
      else if (op < 7) ops.push(store.invalidate(() => random(2) === 0, random(2) === 0 ? 'soft' : 'hard', Date.now()));
      else {
        ops.push(
          store.get(primaryKey, '').then((read) => {
            if (read !== undefined && read.meta.tags.length > 0) {
              assert.ok(read.body.equals(binaryBody(read.meta.bodyBytes, Number(read.meta.tags[0]))));
            }
          }),
        );
      }
    }
    await Promise.all(ops);
    const stats = store.stats();
    assert.ok(stats.bytes <= 200_000);
    // close() waits for the invalidations' file work, which runs after they return.
    await store.close();
    assert.equal((await filesUnder(dir)).length, 2 * stats.entries, 'one body and one meta per entry, no journal left');
    assert.deepEqual((await open(200_000)).stats(), stats);
  });

  it('waits for pending writes on close and refuses writes after it', async () => {
    const first = await open();
    const pending = first.put(makeEntry({ primaryKey: 'p|/late', body: binaryBody(200_000) }));
    await first.close();
    await pending;
    await assert.rejects(first.put(makeEntry({ primaryKey: 'p|/after' })), /closed/);
    const second = await open();
    assert.ok((await second.get('p|/late', ''))?.body.equals(binaryBody(200_000)));
  });

  it('an invalidation waits for a put already in flight, so an entry written before it cannot escape it', async () => {
    const store = await open();
    const pending = store.put(makeEntry({ primaryKey: 'p|/inflight', body: binaryBody(500_000), storedAtMs: 1_000 }));
    const matched = await store.invalidate((m) => m.primaryKey === 'p|/inflight', 'hard', 2_000);
    await pending;
    assert.equal(matched, 1);
    assert.equal(await store.get('p|/inflight', ''), undefined);
  });

  it('variants() issued after a put sees it, even while the write is still in flight', async () => {
    const store = await open();
    const pending = store.put(makeEntry({ primaryKey: 'p|/ryw', variantKey: 'v', body: binaryBody(400_000) }));
    const seen = await store.variants('p|/ryw');
    await pending;
    assert.deepEqual(seen.map((m) => m.variantKey), ['v']);
  });
});
