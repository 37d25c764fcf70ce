// Feed invalidations (issue 5) as store passes: what they reach, per item counts (contract feed.ts:
// item i of kind path/tag is patterns[i]/tags[i] summed across the property requests, of kind property
// requests[i]), distinct objects, Normal (soft) vs Force (hard), ignore case, the cut-off, and what an
// edge does with a property it does not serve or a pattern it cannot compile.
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
import { makeEntry } from '../stores/store-fixtures.js';
import { TieredStore } from '../stores/tiered-store.js';
import { applyPlan, InvalidationCount, InvalidationTally, planInvalidation } from './feed-invalidation.js';
import type { FeedInvalidation } from './feed-invalidation.js';
import { InvalidationError } from './invalidation-predicate.js';

const cfg = compileConfig(
  edgeConfigSchema.parse({
    properties: [
      { id: 'a', aliases: ['a.example.com'], origin: { host: 'o' } },
      { id: 'b', aliases: ['b.example.com'], origin: { host: 'o' } },
    ],
    staging: [{ id: 'a', aliases: ['a.example.com'], origin: { host: 'o' } }],
  }),
);

const T = 1_700_000_000_000;

/** A store holding: a /img/x.jpg (tag t1), a /img/Y.JPG, a /css/s.css (tags t1 t2), b /img/x.jpg (t2), staging a /img/x.jpg. */
function storeWith(storedAtMs = T): TieredStore {
  const store = new TieredStore({ memory: new MemoryStore({ maxBytes: 1 << 20 }) });
  const put = (propertyId: string, path: string, tags: string[] = []) =>
    store.memory.putSync(makeEntry({ propertyId, primaryKey: `${propertyId}|${path}`, tags, storedAtMs }));
  put('a', '/img/x.jpg', ['t1']);
  put('a', '/img/Y.JPG');
  put('a', '/css/s.css', ['t1', 't2']);
  put('b', '/img/x.jpg', ['t2']);
  put('staging/a', '/img/x.jpg');
  return store;
}

async function run(store: TieredStore, order: FeedInvalidation, beforeMs = T) {
  const plan = planInvalidation(cfg, order);
  const tally = new InvalidationCount();
  await applyPlan(plan, beforeMs, (match, mode, before, scope) => store.invalidate(match, mode, before, scope), tally);
  return { ...tally.result(plan.itemCount), unknown: plan.unknown };
}

const state = (store: TieredStore, key: string) => {
  const entry = store.memory.getSync(key, '');
  return entry === undefined ? 'gone' : (entry.meta.invalidated ?? 'fresh');
};

const paths = (property: string, patterns: string[], extra: Partial<Extract<InvalidationRequest, { type: 'path' }>> = {}): InvalidationRequest => ({
  type: 'path',
  property,
  patterns,
  ignoreCase: false,
  mode: 'soft',
  ...extra,
});

describe('feed invalidation plans', () => {
  it('kind path: items are the patterns, summed over the property requests; matched counts distinct objects', async () => {
    const store = storeWith();
    const patterns = ['/img/*', '*.jpg', '/none'];
    const r = await run(store, { requests: [paths('a.example.com', patterns), paths('b.example.com', patterns)], itemCount: 3 });
    // a /img/x.jpg (both patterns), staging a /img/x.jpg (both: a purge of a reaches its staging copy),
    // b /img/x.jpg (both), a /img/Y.JPG (/img/* only: *.jpg is case-sensitive).
    assert.deepEqual(r, { matched: 4, matchedByItem: [4, 3, 0], unknown: [] });
    assert.equal(state(store, 'a|/img/x.jpg'), 'soft', 'Normal marks, the entry stays for a conditional request');
    assert.equal(state(store, 'a|/css/s.css'), 'fresh');
  });

  it('ignore case applies to the pattern literals', async () => {
    const store = storeWith();
    const r = await run(store, { requests: [paths('a.example.com', ['*.jpg'], { ignoreCase: true })], itemCount: 1 });
    assert.deepEqual(r.matchedByItem, [3]);
    assert.equal(state(store, 'a|/img/Y.JPG'), 'soft');
  });

  it('Force (hard) removes; both modes in one event count an object once, with all its items', async () => {
    const store = storeWith();
    const r = await run(store, {
      requests: [paths('a.example.com', ['/img/*', '/css/*'], { mode: 'hard' }), paths('a.example.com', ['/img/*', '/css/*'])],
      itemCount: 2,
    });
    assert.deepEqual(r, { matched: 4, matchedByItem: [3, 1], unknown: [] });
    assert.equal(state(store, 'a|/img/x.jpg'), 'gone');
    assert.equal(state(store, 'a|/css/s.css'), 'gone');
    assert.equal(state(store, 'b|/img/x.jpg'), 'fresh');
  });

  it('kind tag: items are the tags, limited to the named property', async () => {
    const store = storeWith();
    const tags = (property: string): InvalidationRequest => ({ type: 'tag', property, tags: ['t1', 't2', 't9'], mode: 'hard' });
    const r = await run(store, { requests: [tags('a.example.com'), tags('b.example.com')], itemCount: 3 });
    assert.deepEqual(r, { matched: 3, matchedByItem: [2, 2, 0], unknown: [] });
    assert.equal(state(store, 'a|/img/Y.JPG'), 'fresh', 'no tag');
  });

  it('kind property: item i is requests[i]', async () => {
    const store = storeWith();
    const r = await run(store, {
      requests: [
        { type: 'property', property: 'b.example.com', mode: 'soft' },
        { type: 'property', property: 'a.example.com', mode: 'soft' },
      ],
      itemCount: 2,
    });
    assert.deepEqual(r, { matched: 5, matchedByItem: [1, 4], unknown: [] });
  });

  it('cut-off: objects stored after the moment of applying are untouched', async () => {
    const store = storeWith(T + 1);
    const r = await run(store, { requests: [{ type: 'property', property: 'a.example.com', mode: 'hard' }], itemCount: 1 }, T);
    assert.deepEqual(r.matchedByItem, [0]);
    assert.equal(state(store, 'a|/img/x.jpg'), 'fresh');
  });

  it('a property this edge does not serve matches nothing (the rest still applies); a bad pattern refuses the event', async () => {
    const store = storeWith();
    const r = await run(store, { requests: [paths('gone.example.com', ['/img/*']), paths('a.example.com', ['/img/*'])], itemCount: 1 });
    assert.deepEqual(r, { matched: 3, matchedByItem: [3], unknown: ['gone.example.com'] });
    assert.throws(
      () => planInvalidation(cfg, { requests: [paths('a.example.com', ['/ok', '/img/[a'])], itemCount: 2 }),
      (err: unknown) => err instanceof InvalidationError && err.code === 'INVALID_PATTERN' && err.pointer === '/invalidation/requests/0/patterns/1',
    );
  });

  it('everything: every stored object is marked for revalidation (a transport that lost track)', async () => {
    const store = storeWith();
    const r = await run(store, { everything: true });
    assert.deepEqual(r, { matched: 5, matchedByItem: [], unknown: [] });
    assert.equal(state(store, 'b|/img/x.jpg'), 'soft');
  });

  it('the tally merges the tiers’ and workers’ reports: one object, its items united', () => {
    const tally = new InvalidationTally();
    tally.record(makeEntry({ primaryKey: 'k1' }).meta, [0]);
    tally.merge([
      ['k1', [1]],
      ['k2', [1, 5]],
    ]);
    assert.deepEqual(tally.result(2), { matched: 2, matchedByItem: [1, 2] });
  });

  it('each pass visits only what its own requests can reach: their properties (with staging) and the extensions their patterns fix', () => {
    const scopeOf = (order: FeedInvalidation) =>
      planInvalidation(cfg, order).passes.map((p) => [p.mode, p.scope === undefined ? 'all' : Object.fromEntries([...p.scope].map(([id, ext]) => [id, ext === undefined ? 'all' : [...ext].sort()]))]);
    const order = (...requests: InvalidationRequest[]): FeedInvalidation => ({ requests, itemCount: 3 });
    assert.deepEqual(scopeOf(order(paths('a', ['/img/*.jpg', '/img/*.PNG'], { ignoreCase: true }))), [['soft', { a: ['jpg', 'png'], 'staging/a': ['jpg', 'png'] }]]);
    // One pattern that leaves the extension open widens its property to every path.
    assert.deepEqual(scopeOf(order(paths('a', ['/img/*.jpg', '/img/*']))), [['soft', { a: 'all', 'staging/a': 'all' }]]);
    assert.deepEqual(scopeOf(order(paths('a', ['/img/*.jpg'], { mode: 'hard' }), paths('b', ['/css/*.css']))), [
      ['hard', { a: ['jpg'], 'staging/a': ['jpg'] }],
      ['soft', { b: ['css'], 'staging/b': ['css'] }],
    ]);
    assert.deepEqual(scopeOf(order({ type: 'property', property: 'b', mode: 'soft' }, paths('b', ['/x.css']))), [['soft', { b: 'all', 'staging/b': 'all' }]]);
    assert.deepEqual(scopeOf(order({ type: 'tag', property: 'b', tags: ['t1'], mode: 'soft' })), [['soft', { b: 'all', 'staging/b': 'all' }]]);
    assert.deepEqual(scopeOf(order({ type: 'tag', tags: ['t1'], mode: 'soft' })), [['soft', 'all']]);
    assert.deepEqual(scopeOf(order({ type: 'url', urls: ['http://b.example.com/x.css', 'http://nobody.example/y'], mode: 'soft' })), [['soft', { b: 'all' }]]);
    assert.deepEqual(scopeOf({ everything: true }), [['soft', 'all']]);
  });

  it('an ignore-case pattern reaches objects filed under another case of its extension (the index folds case)', async () => {
    const store = storeWith();
    const r = await run(store, { requests: [paths('a', ['/img/*.jpg'], { ignoreCase: true })], itemCount: 1 });
    assert.deepEqual(r, { matched: 3, matchedByItem: [3], unknown: [] });
    assert.equal(state(store, 'a|/img/Y.JPG'), 'soft');
    assert.equal(state(store, 'staging/a|/img/x.jpg'), 'soft');
  });

  it('both tiers: an object held in memory and on disk counts once, one only on disk counts too, and both copies are invalidated', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'candela-feed-inv-'));
    const disk = await DiskStore.open({ dir, maxBytes: 1 << 20 });
    try {
      const store = new TieredStore({ memory: new MemoryStore({ maxBytes: 1 << 20 }), disk });
      for (const path of ['/img/x.jpg', '/img/y.jpg', '/img/z.png']) await store.put(makeEntry({ propertyId: 'a', primaryKey: `a|${path}`, storedAtMs: T }));
      await disk.put(makeEntry({ propertyId: 'a', primaryKey: 'a|/img/disk-only.jpg', storedAtMs: T }));
      const soft = await run(store, { requests: [paths('a', ['/img/*.jpg'])], itemCount: 1 });
      assert.deepEqual(soft, { matched: 3, matchedByItem: [3], unknown: [] });
      assert.equal((await disk.get('a|/img/x.jpg', ''))?.meta.invalidated, 'soft');
      assert.equal((await disk.get('a|/img/disk-only.jpg', ''))?.meta.invalidated, 'soft');
      assert.equal(state(store, 'a|/img/x.jpg'), 'soft');
      const hard = await run(store, { requests: [paths('a', ['/img/*'], { mode: 'hard' })], itemCount: 1 });
      assert.deepEqual(hard, { matched: 4, matchedByItem: [4], unknown: [] });
      assert.equal(store.tierStats().disk?.entries, 0);
    } finally {
      await disk.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
