// Fills one edge's cache with the benchmark's objects (objects.ts), in the edge host's process, through
// the edge's own store API — and refills what an invalidation marked or removed, so every invalidation
// meets the same cache.
//
// Why not fetch all of them through the edge: 100,000 objects × 50 edges would be 5 million requests on a
// 2-core machine, most of the run. So one object per edge is fetched for real (a GET through the edge's
// client listener, its origin the runner's small server): the edge's pipeline stores it exactly as it
// stores any response. The other objects are that stored entry again under their own path: the same
// headers, body, freshness and variant, with the primary key computed by the edge's own cache-key rule
// for the property in force (pipeline/cache-key.ts, config/compile.ts behavioursFor). They are real
// entries: a request for any of them is a cache hit, and the invalidation has to scan and match them like
// any other (the runner checks both over HTTP).
//
// Tiers: `memory` puts the objects in the edge's memory tier only (MemoryStore.putSync, where hits are
// answered from; the fetched object's disk copy is deleted so the disk tier is empty). `both` writes them
// through both tiers as a cache fill does (TieredStore.put: memory, then one body and one meta file each on
// disk), so an invalidation also rewrites or unlinks a file per object it reaches.
import { Client } from 'undici';
import type { RunningEdge } from '@candela/edge';
import { behavioursFor } from '../../packages/edge/src/config/compile.js';
import type { CompiledProperty } from '../../packages/edge/src/config/compile.js';
import { primaryKey } from '../../packages/edge/src/pipeline/cache-key.js';
import type { EntryMeta, StoredEntry } from '../../packages/edge/src/stores/types.js';
import { objectPath } from './objects.js';
import type { Tiers } from './objects.js';


/** What an edge's tiers hold after a fill or refill, and how long that took. */
export interface StoreState {
  index: number;
  memoryEntries: number;
  diskEntries: number;
  ms: number;
}

/** What the edge stored for its first object, copied for every other one. */
interface Template {
  readonly property: CompiledProperty;
  readonly meta: EntryMeta;
  readonly body: Buffer;
}

/** Writes at most this many entries at once to the disk tier (each is two files written and renamed). */
const DISK_CONCURRENCY = 32;

function propertyOf(edge: RunningEdge, alias: string): CompiledProperty {
  const property = edge.node.config.byAlias.get(alias);
  if (property === undefined) throw new Error(`the edge serves no property ${alias}`);
  return property;
}

function keyOf(property: CompiledProperty, path: string): string {
  return primaryKey(property.id, path, '', behavioursFor(property, path));
}

/** GETs object `index` through the edge's client listener and returns what the edge then stored for it. */
async function fetchTemplate(edge: RunningEdge, alias: string, index: number): Promise<Template> {
  const path = objectPath(index);
  const client = new Client(`http://127.0.0.1:${edge.http.port}`);
  try {
    const res = await client.request({ path, method: 'GET', headers: { host: alias } });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`GET ${path} from the edge answered ${res.statusCode}`);
  } finally {
    await client.close();
  }
  const property = propertyOf(edge, alias);
  const key = keyOf(property, path);
  // The memory copy is written in the same tick the response ends; a few retries cover a slow turn.
  for (let attempt = 0; attempt < 50; attempt++) {
    const meta = edge.node.store.memory.peekVariants(key)?.[0];
    const stored = meta === undefined ? undefined : edge.node.store.memory.getSync(key, meta.variantKey);
    if (stored !== undefined) return { property, meta: stored.meta, body: stored.body };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the edge did not store ${path} (key ${key})`);
}

function entryFor(t: Template, index: number, nowMs: number): StoredEntry {
  const path = objectPath(index);
  const { invalidated: _dropped, ...fresh } = t.meta;
  const meta: EntryMeta = { ...fresh, primaryKey: keyOf(t.property, path), path, query: '', requestAtMs: nowMs, responseAtMs: nowMs, storedAtMs: nowMs };
  return { meta, body: t.body };
}

async function forEachLimited(indexes: Iterable<number>, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  const it = indexes[Symbol.iterator]();
  const worker = async (): Promise<void> => {
    for (let n = it.next(); n.done !== true; n = it.next()) await task(n.value);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

function* range(from: number, to: number): Generator<number> {
  for (let i = from; i < to; i++) yield i;
}

/** One edge's store, filled and refilled with the benchmark's objects. */
export class EdgeObjects {
  #template: Template | undefined;

  constructor(
    readonly index: number,
    readonly edge: RunningEdge,
    readonly alias: string,
    readonly tiers: Tiers,
  ) {}

  /** Puts objects `indexes` (again) into the tiers, stored now; throws when the memory tier refuses one (its budget is too small). */
  async #put(indexes: Iterable<number>): Promise<void> {
    const t = this.#template;
    if (t === undefined) throw new Error('fill() first');
    const store = this.edge.node.store;
    const nowMs = Date.now();
    if (this.tiers === 'memory') {
      for (const i of indexes) if (!store.memory.putSync(entryFor(t, i, nowMs))) throw new Error(`the memory tier refused object ${i}: budget too small`);
      return;
    }
    await forEachLimited(indexes, DISK_CONCURRENCY, (i) => store.put(entryFor(t, i, nowMs)));
  }

  #state(startedAt: number): StoreState {
    const t = this.edge.node.store.tierStats();
    return { index: this.index, memoryEntries: t.memory.entries, diskEntries: t.disk?.entries ?? 0, ms: performance.now() - startedAt };
  }

  /** Objects 0 … count − 1: object 0 fetched through the edge, the others stored from it. */
  async fill(count: number): Promise<StoreState> {
    const startedAt = performance.now();
    const t = await fetchTemplate(this.edge, this.alias, 0);
    this.#template = t;
    if (this.tiers === 'memory') await this.edge.node.store.disk?.delete(t.meta.primaryKey, t.meta.variantKey);
    await this.#put(range(1, count));
    return this.#state(startedAt);
  }

  /**
   * Stores `indexes` afresh: what the last invalidation marked (soft) or removed (hard) is as before it.
   * With the memory tier only, the disk copies the pipeline wrote when the runner fetched `checked` go again.
   */
  async refill(indexes: readonly number[], checked: readonly number[]): Promise<StoreState> {
    const startedAt = performance.now();
    await this.#put(indexes);
    const t = this.#template;
    if (this.tiers === 'memory' && t !== undefined) {
      for (const i of checked) await this.edge.node.store.disk?.delete(keyOf(t.property, objectPath(i)), t.meta.variantKey);
    }
    return this.#state(startedAt);
  }
}
