// One edge process, fully wired: configuration snapshot, tiers, coalescing, origin pools, telemetry and
// the pipeline handler. In single-process mode it also owns the listeners (see run-edge.ts); in cluster
// mode each worker builds one with the worker-side pieces (see cluster/).
import type { EdgeConfig, InvalidationRequest, InvalidationResult } from '@candela/contract';
import { compileConfig } from './config/compile.js';
import type { CompiledConfig } from './config/compile.js';
import type { EdgeOptions } from './config.js';
import { loadGeoDatabase, NO_GEO_DATABASE } from './config/geo-database.js';
import type { GeoDatabase } from './config/geo-database.js';
import { OriginPools } from './origin/origin-pool.js';
import { LocalCollapser } from './pipeline/collapse.js';
import type { Collapser } from './pipeline/collapse.js';
import type { PipelineDeps, PipelineTelemetry } from './pipeline/deps.js';
import { createHandler } from './pipeline/handler.js';
import { InvalidationCount, planInvalidation } from './purge/feed-invalidation.js';
import type { FeedInvalidation, FeedInvalidationInForce } from './purge/feed-invalidation.js';
import { putInForce } from './purge/invalidation-in-force.js';
import { inTurn } from './purge/sweep-turns.js';
import { predicateFor } from './purge/invalidation-predicate.js';
import type { TieredStore } from './stores/tiered-store.js';
import type { EntryPredicate } from './stores/types.js';
import { AccessLog } from './telemetry/access-log.js';
import { EdgeMetrics } from './telemetry/metrics.js';
import type { RequestRecord } from './telemetry/request-record.js';
import { UsageCounters } from './telemetry/usage-counters.js';

export interface EdgeNodeParts {
  readonly store: TieredStore;
  readonly collapser?: Collapser;
  /** Cluster-wide invalidation hook for RFC 9111 §4.4; defaults to this node's store. */
  readonly onInvalidate?: (primaryKeys: readonly string[]) => Promise<void>;
  /** Country lookup for geo restrictions; loaded from opts.geoDatabasePath when not given. */
  readonly geo?: GeoDatabase;
}

export class EdgeNode {
  #config: CompiledConfig;
  #doc: EdgeConfig;
  /**
   * Feed mode, while the feed has not caught up (at start, after a disconnect): entries stored at or
   * before this instant are revalidated before reuse, since an invalidation the edge has not seen yet
   * may cover them (pipeline/cache-hold.ts). Undefined: hits are served as usual.
   */
  #holdSinceMs: number | undefined;
  readonly store: TieredStore;
  readonly collapser: Collapser;
  readonly origins: OriginPools;
  readonly metrics = new EdgeMetrics();
  readonly usage = new UsageCounters();
  readonly accessLog: AccessLog;
  readonly http: ReturnType<typeof createHandler>;
  readonly https: ReturnType<typeof createHandler>;
  /** The staging listener's handler: staging versions first, then production (issue 4). */
  readonly staging: ReturnType<typeof createHandler>;
  readonly now: () => number;

  constructor(
    readonly opts: EdgeOptions,
    doc: EdgeConfig,
    parts: EdgeNodeParts,
    now: () => number = Date.now,
  ) {
    this.now = now;
    this.#doc = doc;
    // A feed-mode edge starts holding back: what it has stored predates whatever it missed while down.
    this.#holdSinceMs = opts.feed ? now() : undefined;
    this.#config = compileConfig(doc);
    this.store = parts.store;
    this.collapser =
      parts.collapser ?? new LocalCollapser({ waitTimeoutMs: opts.limits.collapseWaitMs, passMs: 10_000 });
    this.origins = new OriginPools({ connectionsPerOrigin: 128 });
    this.accessLog = new AccessLog({ path: opts.accessLogPath, edgeId: opts.edgeId });
    const telemetry: PipelineTelemetry = {
      record: (r: RequestRecord) => {
        this.accessLog.write(r);
        this.usage.record(r);
        this.metrics.record(r);
      },
      observeOriginLatency: (p, s) => this.metrics.observeOriginLatency(p, s),
    };
    this.metrics.setCoalescedWaiters(0);
    const deps: PipelineDeps = {
      config: () => this.#config,
      store: this.store,
      collapser: this.collapser,
      origins: this.origins,
      telemetry,
      now,
      maxObjectBytes: opts.maxObjectBytes,
      staleIfDisconnectedMs: opts.staleIfDisconnectedMs,
      honourRequestCacheControl: opts.honourRequestCacheControl,
      onInvalidate: parts.onInvalidate ?? ((keys) => this.invalidateKeys(keys)),
      holdSinceMs: () => this.#holdSinceMs,
      countryOf: (parts.geo ?? (opts.geoDatabasePath ? loadGeoDatabase(opts.geoDatabasePath) : NO_GEO_DATABASE)).countryOf,
    };
    this.http = createHandler(deps, { scheme: 'http' });
    this.https = createHandler(deps, { scheme: 'https' });
    this.staging = createHandler(deps, { scheme: 'http', staging: true });
  }

  get config(): CompiledConfig {
    return this.#config;
  }

  get document(): EdgeConfig {
    return this.#doc;
  }

  /** Swaps the configuration atomically: a request sees the old or the new snapshot, never a mix. */
  swapConfig(doc: EdgeConfig): void {
    const compiled = compileConfig(doc);
    this.#doc = doc;
    this.#config = compiled;
  }

  /** Applies an invalidation to this node's store (both tiers when it holds both). */
  async invalidate(req: InvalidationRequest, beforeMs: number): Promise<InvalidationResult> {
    const match = predicateFor(this.#config, req);
    const matched = await this.store.invalidate(match, req.mode, beforeMs);
    this.metrics.recordPurge(req.type, req.mode, 1);
    return { matched, beforeMs };
  }

  /**
   * Puts a feed invalidation in force on this node's store (both tiers when it holds both), cut off at
   * `beforeMs`: lookups apply it from now on; its sweep over the stored entries, started by the caller,
   * runs in its turn (purge/invalidation-in-force.ts). Throws InvalidationError when it cannot be applied
   * at all. In cluster mode the primary runs the same plan on the disk tier and each worker on its memory
   * tier (cluster/run-cluster.ts), in full before it is called in force.
   */
  invalidateFromFeed(order: FeedInvalidation, beforeMs: number): FeedInvalidationInForce {
    const plan = planInvalidation(this.#config, order);
    const tally = new InvalidationCount();
    const sweep = putInForce(plan, beforeMs, tally, this.store.pending, (match, mode, before, scope) => this.store.invalidate(match, mode, before, scope), inTurn);
    if ('requests' in order) for (const r of order.requests) this.metrics.recordPurge(r.type, r.mode, 1);
    return { sweep: () => sweep().then(() => ({ ...tally.result(plan.itemCount), unknown: plan.unknown })) };
  }

  /**
   * Feed mode: hold back hits on entries stored at or before `sinceMs` (revalidate them first), or serve
   * hits again (undefined).
   */
  holdCacheHits(sinceMs: number | undefined): void {
    this.#holdSinceMs = sinceMs;
  }

  get cacheHoldSinceMs(): number | undefined {
    return this.#holdSinceMs;
  }

  async invalidateKeys(keys: readonly string[]): Promise<void> {
    const set = new Set(keys);
    const match: EntryPredicate = (meta) => set.has(meta.primaryKey);
    await this.store.invalidate(match, 'hard', this.now());
  }

  async close(): Promise<void> {
    await this.origins.close();
    await this.accessLog.close();
    await this.store.close();
  }
}
