// A feed invalidation in force before its sweep (issue 5): from the moment it is put in force every
// lookup applies it to the entry it meets (Normal: marked for revalidation, Force: gone), in both tiers;
// the sweep then covers every other entry; the count is exactly what applying it at once would count,
// whatever lookups came in between; objects stored after it are untouched.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { edgeConfigSchema } from '@candela/contract';
import type { InvalidationRequest } from '@candela/contract';
import { compileConfig } from '../config/compile.js';
import { DiskStore } from '../stores/disk-store.js';
import { MemoryStore } from '../stores/memory-store.js';
import { PendingInvalidations } from '../stores/pending-invalidations.js';
import { makeEntry } from '../stores/store-fixtures.js';
import { TieredStore } from '../stores/tiered-store.js';
import { applyPlan, InvalidationCount, planInvalidation } from './feed-invalidation.js';
import { putInForce } from './invalidation-in-force.js';

const cfg = compileConfig(edgeConfigSchema.parse({ properties: [{ id: 'a', aliases: ['a.example.com'], origin: { host: 'o' } }] }));
const T = 1_700_000_000_000;
const key = (path: string) => `a|${path}`;
const request = (mode: 'soft' | 'hard', patterns: string[]): InvalidationRequest => ({ type: 'path', property: 'a', patterns, ignoreCase: false, mode });

function put(store: TieredStore, path: string, storedAtMs = T): Promise<void> {
  return store.put(makeEntry({ propertyId: 'a', primaryKey: key(path), storedAtMs }));
}

/** A sweep the test starts when it wants: the invalidation stays in force, unswept, until then. */
function heldSweep(): { schedule: (sweep: () => Promise<void>) => Promise<void>; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return { schedule: (sweep) => gate.then(sweep), release };
}

function inForce(store: TieredStore, requests: InvalidationRequest[], itemCount: number) {
  const plan = planInvalidation(cfg, { requests, itemCount });
  const tally = new InvalidationCount();
  const held = heldSweep();
  const sweep = putInForce(plan, T, tally, store.pending, (m, mode, b, s) => store.invalidate(m, mode, b, s), held.schedule);
  return {
    get swept() {
      return sweep();
    },
    release: held.release,
    counts: () => tally.result(itemCount),
  };
}

async function withTiers<T>(run: (store: TieredStore) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'candela-in-force-'));
  const store = new TieredStore({ memory: new MemoryStore({ maxBytes: 1 << 20 }), disk: await DiskStore.open({ dir, maxBytes: 1 << 20 }) });
  try {
    return await run(store);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('feed invalidations in force before their sweep (issue 5)', () => {
  it('Normal: a lookup before the sweep gets the entry marked for revalidation, from memory and from disk alone', () =>
    withTiers(async (store) => {
      await put(store, '/n/m.jpg');
      await put(store, '/n/d.jpg');
      store.memory.deleteSync(key('/n/d.jpg'), ''); // on disk only
      await put(store, '/keep.jpg');
      const inv = inForce(store, [request('soft', ['/n/*'])], 1);
      assert.equal(store.getSync(key('/n/m.jpg'), '')?.meta.invalidated, 'soft');
      assert.deepEqual(store.memoryVariantsSync(key('/n/m.jpg'))?.map((m) => m.invalidated), ['soft']);
      assert.equal((await store.get(key('/n/d.jpg'), ''))?.meta.invalidated, 'soft');
      assert.deepEqual((await store.variants(key('/n/d.jpg'))).map((m) => m.invalidated), ['soft']);
      assert.equal(store.getSync(key('/keep.jpg'), '')?.meta.invalidated, undefined, 'not matched: untouched');
      inv.release();
      await inv.swept;
      assert.deepEqual(inv.counts(), { matched: 2, matchedByItem: [2] }, 'each object once, lookups or not');
      assert.equal(store.pending.size, 0, 'retired after its sweep');
      assert.deepEqual((await store.disk!.variants(key('/n/m.jpg'))).map((m) => m.invalidated), ['soft'], 'the sweep marked the disk copy');
    }));

  it('Force: a lookup before the sweep misses (the memory copy goes at once, the disk copy is hidden and then removed by the sweep)', () =>
    withTiers(async (store) => {
      await put(store, '/f/a.jpg');
      await put(store, '/f/b.jpg');
      const inv = inForce(store, [request('hard', ['/f/*'])], 1);
      assert.equal(store.getSync(key('/f/a.jpg'), ''), undefined);
      assert.equal(store.memory.has(key('/f/a.jpg'), ''), false, 'removed from memory at lookup');
      assert.equal(await store.get(key('/f/a.jpg'), ''), undefined, 'the disk copy is not served either');
      assert.deepEqual(await store.variants(key('/f/a.jpg')), []);
      assert.equal(store.memoryVariantsSync(key('/f/b.jpg')), undefined);
      inv.release();
      await inv.swept;
      assert.deepEqual(inv.counts(), { matched: 2, matchedByItem: [2] });
      assert.deepEqual(await store.disk!.variants(key('/f/a.jpg')), [], 'the sweep removed the disk copy');
      assert.deepEqual(await store.disk!.variants(key('/f/b.jpg')), []);
    }));

  it('objects stored after it are untouched, at lookup and by the sweep; one refetched after a lookup took it is not counted again', () =>
    withTiers(async (store) => {
      await put(store, '/f/a.jpg');
      const inv = inForce(store, [request('hard', ['/f/*'])], 1);
      assert.equal(store.getSync(key('/f/a.jpg'), ''), undefined);
      await put(store, '/f/a.jpg', T + 1); // the refetch after the miss
      await put(store, '/f/new.jpg', T + 1);
      assert.equal(store.getSync(key('/f/a.jpg'), '')?.meta.storedAtMs, T + 1);
      inv.release();
      await inv.swept;
      assert.deepEqual(inv.counts(), { matched: 1, matchedByItem: [1] });
      assert.equal(store.getSync(key('/f/a.jpg'), '')?.meta.storedAtMs, T + 1, 'the refetched copy stays');
      assert.equal(store.getSync(key('/f/new.jpg'), '')?.meta.invalidated, undefined);
    }));

  it('Force at a lookup of a disk copy read while a newer copy was stored in memory: the old copy is hidden, the newer one stays', () =>
    withTiers(async (store) => {
      await put(store, '/f/race.jpg');
      store.memory.deleteSync(key('/f/race.jpg'), ''); // on disk only, as after a restart
      const inv = inForce(store, [request('hard', ['/f/*'])], 1);
      const read = store.get(key('/f/race.jpg'), ''); // the disk read is in flight...
      store.memory.putSync(makeEntry({ propertyId: 'a', primaryKey: key('/f/race.jpg'), storedAtMs: T + 5 })); // ...when a refetch lands
      assert.equal(await read, undefined, 'the old copy is not served');
      assert.equal(store.getSync(key('/f/race.jpg'), '')?.meta.storedAtMs, T + 5, 'the newer copy is not removed');
      inv.release();
      await inv.swept;
      assert.deepEqual(inv.counts(), { matched: 1, matchedByItem: [1] });
    }));

  it('the count equals applying it at once, whatever entries lookups met first (both modes in one event, overlapping items)', async () => {
    const paths = Array.from({ length: 40 }, (_, i) => `/${i % 2 ? 'x' : 'y'}/${i}.${i % 3 ? 'jpg' : 'png'}`);
    const requests = [request('hard', ['/x/*']), request('soft', ['/*.jpg', '/y/*'])];
    const fill = async (store: TieredStore) => {
      for (const p of paths) await put(store, p);
    };
    const eager = await withTiers(async (store) => {
      await fill(store);
      const plan = planInvalidation(cfg, { requests, itemCount: 2 });
      const tally = new InvalidationCount();
      await applyPlan(plan, T, (m, mode, b, s) => store.invalidate(m, mode, b, s), tally);
      return { counts: tally.result(2), states: paths.map((p) => store.getSync(key(p), '')?.meta.invalidated ?? (store.memory.has(key(p), '') ? 'fresh' : 'gone')) };
    });
    for (const every of [1, 3, 7]) {
      const lazy = await withTiers(async (store) => {
        await fill(store);
        const inv = inForce(store, requests, 2);
        for (const [i, p] of paths.entries()) if (i % every === 0) store.getSync(key(p), '');
        inv.release();
        await inv.swept;
        return { counts: inv.counts(), states: paths.map((p) => store.getSync(key(p), '')?.meta.invalidated ?? (store.memory.has(key(p), '') ? 'fresh' : 'gone')) };
      });
      assert.deepEqual(lazy, eager, `lookups of every ${every}th object first`);
    }
  });

  it('a sweep that fails still retires the invalidation, and the failure reaches its caller', async () => {
    const store = new TieredStore({ memory: new MemoryStore({ maxBytes: 1 << 20 }) });
    const plan = planInvalidation(cfg, { requests: [request('soft', ['/*'])], itemCount: 1 });
    const sweep = putInForce(plan, T, new InvalidationCount(), store.pending, () => Promise.reject(new Error('disk on fire')), (run) => run());
    assert.equal(store.pending.size, 1, 'in force until swept');
    await assert.rejects(sweep(), /disk on fire/);
    assert.equal(store.pending.size, 0);
  });

  it('the sweep runs once however often it is asked for', async () => {
    const store = new TieredStore({ memory: new MemoryStore({ maxBytes: 1 << 20 }) });
    await put(store, '/a.jpg');
    const plan = planInvalidation(cfg, { requests: [request('soft', ['/*'])], itemCount: 1 });
    const tally = new InvalidationCount();
    let runs = 0;
    const sweep = putInForce(plan, T, tally, store.pending, (m, mode, b, s) => store.invalidate(m, mode, b, s), (run) => {
      runs += 1;
      return run();
    });
    await Promise.all([sweep(), sweep()]);
    await sweep();
    assert.deepEqual([runs, tally.result(1).matched], [1, 1]);
  });
});

describe('pending invalidations (stores/pending-invalidations.ts)', () => {
  it('Force wins over Normal, and every invalidation in force is asked (each counts the entry itself)', () => {
    const pending = new PendingInvalidations();
    const asked: string[] = [];
    const rule = (name: string, mode: 'soft' | 'hard' | undefined) => ({
      takeAtLookup: () => {
        asked.push(name);
        return mode;
      },
    });
    const meta = makeEntry().meta;
    assert.equal(pending.verdict(meta), undefined);
    pending.add(rule('soft', 'soft'));
    pending.add(rule('hard', 'hard'));
    pending.add(rule('none', undefined));
    assert.equal(pending.verdict(meta), 'hard');
    assert.deepEqual(asked, ['soft', 'hard', 'none']);
  });
});
