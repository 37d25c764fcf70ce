// Prometheus metrics of the edge, served on the admin listener. Recording touches only plain numbers
// (MetricCounters and a few fields); prom-client's collect() callbacks copy them into its metrics when
// /metrics is scraped, so the request path never pays for label hashing. The registry is private to the
// instance (not prom-client's global one) so tests and several edges in one process do not collide.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { CountedHistogram } from './counted-histogram.js';
import { MetricCounters, ORIGIN_LATENCY_BOUNDS_SECONDS, forEachRequestCell } from './metric-counters.js';
import type { CounterSnapshot } from './metric-counters.js';
import type { RequestRecord } from './request-record.js';

export type CacheTier = 'memory' | 'disk';
export const CACHE_TIERS: readonly CacheTier[] = ['memory', 'disk'];

export interface TierStats {
  bytes: number;
  entries: number;
  maxBytes: number;
}

export type TierStatsProvider = () => Partial<Record<CacheTier, TierStats>>;

/** Everything a cluster worker sends the primary: counters (added) and gauge levels (per source). */
export interface MetricsSnapshot extends CounterSnapshot {
  coalescedWaiters: number;
  tiers: Partial<Record<CacheTier, TierStats>>;
}

interface SourceLevels {
  coalescedWaiters: number;
  tiers: Partial<Record<CacheTier, TierStats>>;
}

export interface EdgeMetricsOptions {
  /** Process metrics (CPU, memory, event-loop lag, GC); on by default. */
  defaultMetrics?: boolean;
}

const PREFIX = 'candela_edge_';

export class EdgeMetrics {
  readonly registry = new Registry();
  private readonly counters = new MetricCounters();
  private coalescedWaiters = 0;
  private readonly pushedTiers: Partial<Record<CacheTier, TierStats>> = {};
  private tierProvider: TierStatsProvider | undefined;
  /** Latest gauge levels reported by each cluster worker, summed with this process's own at scrape. */
  private readonly sources = new Map<string, SourceLevels>();

  constructor(opts: EdgeMetricsOptions = {}) {
    this.registerCounters();
    this.registerGauges();
    new CountedHistogram({
      name: `${PREFIX}origin_latency_seconds`,
      help: 'Time from sending a request to the origin to receiving its response headers.',
      labelName: 'property',
      boundsSeconds: ORIGIN_LATENCY_BOUNDS_SECONDS,
      registry: this.registry,
      source: () => this.counters.originLatency,
    });
    if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Once per finished request: a map lookup and a few additions. */
  record(r: RequestRecord): void {
    this.counters.record(r);
  }

  observeOriginLatency(propertyId: string, seconds: number): void {
    this.counters.observeOriginLatency(propertyId, seconds);
  }

  /** kind: path | tag | property …; mode: soft | hard. */
  recordPurge(kind: string, mode: string, count = 1): void {
    this.counters.recordPurge(kind, mode, count);
  }

  setCoalescedWaiters(n: number): void {
    this.coalescedWaiters = n;
  }

  addCoalescedWaiters(delta: number): void {
    this.coalescedWaiters += delta;
  }

  setTierStats(tier: CacheTier, stats: TierStats): void {
    this.pushedTiers[tier] = { ...stats };
  }

  /** Asked at every scrape (and snapshot); what it returns overrides setTierStats for the same tier. */
  setTierStatsProvider(provider: TierStatsProvider | undefined): void {
    this.tierProvider = provider;
  }

  /** Cumulative counters and current gauge levels of this process. */
  snapshot(): MetricsSnapshot {
    return { ...this.counters.snapshot(), coalescedWaiters: this.coalescedWaiters, tiers: this.localTiers() };
  }

  /**
   * Like snapshot(), then zeroes the counters: a worker sends deltas, so the primary can add each one
   * exactly once however often they are sent.
   */
  drain(): MetricsSnapshot {
    const snapshot = this.snapshot();
    this.counters.reset();
    return snapshot;
  }

  /**
   * Adds a worker's drained counters; its gauge levels replace what that worker reported before (a level
   * is not a count, so adding successive reports would grow without bound).
   */
  absorb(snapshot: MetricsSnapshot, sourceId: string): void {
    this.counters.absorb(snapshot);
    this.sources.set(sourceId, { coalescedWaiters: snapshot.coalescedWaiters, tiers: snapshot.tiers });
  }

  /** Drops a gone worker's gauge levels; its counts stay, since counters never go down. */
  forgetSource(sourceId: string): void {
    this.sources.delete(sourceId);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private localTiers(): Partial<Record<CacheTier, TierStats>> {
    return { ...this.pushedTiers, ...this.tierProvider?.() };
  }

  private totalTiers(): Map<CacheTier, TierStats> {
    const totals = new Map<CacheTier, TierStats>();
    const add = (tiers: Partial<Record<CacheTier, TierStats>>): void => {
      for (const tier of CACHE_TIERS) {
        const stats = tiers[tier];
        if (stats === undefined) continue;
        const total = totals.get(tier) ?? { bytes: 0, entries: 0, maxBytes: 0 };
        totals.set(tier, {
          bytes: total.bytes + stats.bytes,
          entries: total.entries + stats.entries,
          maxBytes: total.maxBytes + stats.maxBytes,
        });
      }
    };
    add(this.localTiers());
    for (const source of this.sources.values()) add(source.tiers);
    return totals;
  }

  private registerCounters(): void {
    const { counters } = this;
    const registers = [this.registry];
    new Counter({
      name: `${PREFIX}requests_total`,
      help: 'Requests served, by property, cache outcome and status class.',
      labelNames: ['property', 'outcome', 'status_class'],
      registers,
      collect() {
        this.reset();
        for (const [property, state] of counters.properties) {
          forEachRequestCell(state.requests, (outcome, statusClass, count) => {
            this.inc({ property, outcome, status_class: statusClass }, count);
          });
        }
      },
    });
    new Counter({
      name: `${PREFIX}response_bytes_total`,
      help: 'Body bytes sent to clients.',
      labelNames: ['property'],
      registers,
      collect() {
        this.reset();
        for (const [property, state] of counters.properties) this.inc({ property }, state.responseBytes);
      },
    });
    new Counter({
      name: `${PREFIX}origin_bytes_total`,
      help: 'Body bytes received from origins (cache fill).',
      labelNames: ['property'],
      registers,
      collect() {
        this.reset();
        for (const [property, state] of counters.properties) this.inc({ property }, state.originBytes);
      },
    });
    new Counter({
      name: `${PREFIX}purges_total`,
      help: 'Invalidations applied, by kind (path, tag, property) and mode (soft, hard).',
      labelNames: ['kind', 'mode'],
      registers,
      collect() {
        this.reset();
        for (const p of counters.purges.values()) this.inc({ kind: p.kind, mode: p.mode }, p.count);
      },
    });
  }

  private registerGauges(): void {
    const registers = [this.registry];
    // collect() runs with `this` bound to the gauge, so instance state is reached through closures.
    const tierGauge = (name: string, help: string, pick: (s: TierStats) => number): void => {
      const totalTiers = (): Map<CacheTier, TierStats> => this.totalTiers();
      new Gauge({
        name: `${PREFIX}${name}`,
        help,
        labelNames: ['tier'],
        registers,
        collect() {
          this.reset();
          for (const [tier, stats] of totalTiers()) this.set({ tier }, pick(stats));
        },
      });
    };
    tierGauge('cache_tier_bytes', 'Bytes held by each cache tier.', (s) => s.bytes);
    tierGauge('cache_tier_max_bytes', 'Configured capacity of each cache tier.', (s) => s.maxBytes);
    tierGauge('cache_tier_entries', 'Entries held by each cache tier.', (s) => s.entries);
    const coalesced = (): number => {
      let total = this.coalescedWaiters;
      for (const source of this.sources.values()) total += source.coalescedWaiters;
      return total;
    };
    new Gauge({
      name: `${PREFIX}coalesced_waiters`,
      help: 'Requests currently waiting on an origin fetch started by another request (collapsed).',
      registers,
      collect() {
        this.set(coalesced());
      },
    });
  }
}
