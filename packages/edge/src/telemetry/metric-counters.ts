// The edge's Prometheus counters as plain numbers. The request path only increments numbers here;
// prom-client sees them at scrape time (metrics.ts). The state serialises to a MetricsSnapshot that a
// cluster worker sends to the primary, which adds it into its own counters.
import { CACHE_OUTCOMES, STATUS_CLASSES, statusClassIndex } from './request-record.js';
import type { CacheOutcome, RequestRecord, StatusClass } from './request-record.js';

/** Origin latency buckets (seconds): 1 ms (a nearby shield) to 30 s (a stuck origin at its timeout). */
export const ORIGIN_LATENCY_BOUNDS_SECONDS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

export interface LatencyHistogramState {
  /** Per bucket, not cumulative; one more entry than there are bounds for observations above the last. */
  counts: number[];
  sumSeconds: number;
  count: number;
}

export interface PropertyCountersSnapshot {
  /** Requests by cache outcome and status class (only non-zero cells are present). */
  requests: Partial<Record<CacheOutcome, Partial<Record<StatusClass, number>>>>;
  responseBytes: number;
  originBytes: number;
}

export interface PurgeCount {
  kind: string;
  mode: string;
  count: number;
}

/** Counter part of a MetricsSnapshot: everything in it is added on absorb. */
export interface CounterSnapshot {
  properties: Record<string, PropertyCountersSnapshot>;
  originLatency: { boundsSeconds: number[]; byProperty: Record<string, LatencyHistogramState> };
  purges: PurgeCount[];
}

interface PropertyState {
  /** Requests indexed by outcome * STATUS_CLASSES.length + status class: one array write per request. */
  requests: number[];
  responseBytes: number;
  originBytes: number;
}

const OUTCOME_INDEX: Record<CacheOutcome, number> = {
  hit: 0,
  miss: 1,
  stale: 2,
  revalidated: 3,
  pass: 4,
  error: 5,
  generated: 6,
};
const CLASS_COUNT = STATUS_CLASSES.length;

function emptyPropertyState(): PropertyState {
  return { requests: new Array<number>(CACHE_OUTCOMES.length * CLASS_COUNT).fill(0), responseBytes: 0, originBytes: 0 };
}

function emptyHistogram(): LatencyHistogramState {
  return { counts: new Array<number>(ORIGIN_LATENCY_BOUNDS_SECONDS.length + 1).fill(0), sumSeconds: 0, count: 0 };
}

/** Index of the first bucket whose upper bound is ≥ the value (Prometheus buckets are `le`). */
export function latencyBucketIndex(seconds: number): number {
  const bounds = ORIGIN_LATENCY_BOUNDS_SECONDS;
  for (let i = 0; i < bounds.length; i += 1) {
    if (seconds <= (bounds[i] ?? Infinity)) return i;
  }
  return bounds.length;
}

export class MetricCounters {
  readonly properties = new Map<string, PropertyState>();
  readonly originLatency = new Map<string, LatencyHistogramState>();
  /** Keyed by kind and mode joined with a NUL, which neither contains. */
  readonly purges = new Map<string, PurgeCount>();

  record(r: RequestRecord): void {
    const state = this.propertyState(r.propertyId);
    const cell = OUTCOME_INDEX[r.outcome] * CLASS_COUNT + statusClassIndex(r.status);
    state.requests[cell] = (state.requests[cell] ?? 0) + 1;
    state.responseBytes += r.bytesSent;
    state.originBytes += r.originBytes;
  }

  observeOriginLatency(propertyId: string, seconds: number): void {
    // A negative or NaN duration is a clock bug upstream; counting it would corrupt the sum.
    if (!(seconds >= 0)) return;
    const histogram = this.histogram(propertyId);
    const i = latencyBucketIndex(seconds);
    histogram.counts[i] = (histogram.counts[i] ?? 0) + 1;
    histogram.sumSeconds += seconds;
    histogram.count += 1;
  }

  recordPurge(kind: string, mode: string, count: number): void {
    this.purgeCount(kind, mode).count += count;
  }

  snapshot(): CounterSnapshot {
    const properties: Record<string, PropertyCountersSnapshot> = {};
    for (const [propertyId, state] of this.properties) {
      properties[propertyId] = {
        requests: requestsByLabel(state.requests),
        responseBytes: state.responseBytes,
        originBytes: state.originBytes,
      };
    }
    const byProperty: Record<string, LatencyHistogramState> = {};
    for (const [propertyId, h] of this.originLatency) {
      byProperty[propertyId] = { counts: [...h.counts], sumSeconds: h.sumSeconds, count: h.count };
    }
    return {
      properties,
      originLatency: { boundsSeconds: [...ORIGIN_LATENCY_BOUNDS_SECONDS], byProperty },
      purges: [...this.purges.values()].map((p) => ({ ...p })),
    };
  }

  /** Adds counts taken elsewhere. Histograms with other bounds cannot be added bucket by bucket: refused. */
  absorb(snapshot: CounterSnapshot): void {
    if (!sameBounds(snapshot.originLatency.boundsSeconds, ORIGIN_LATENCY_BOUNDS_SECONDS)) {
      throw new Error('metrics snapshot: origin latency buckets differ from this process');
    }
    for (const [propertyId, incoming] of Object.entries(snapshot.properties)) {
      const state = this.propertyState(propertyId);
      state.responseBytes += incoming.responseBytes;
      state.originBytes += incoming.originBytes;
      for (const outcome of CACHE_OUTCOMES) {
        const byClass = incoming.requests[outcome];
        if (byClass === undefined) continue;
        STATUS_CLASSES.forEach((statusClass, classIndex) => {
          const cell = OUTCOME_INDEX[outcome] * CLASS_COUNT + classIndex;
          state.requests[cell] = (state.requests[cell] ?? 0) + (byClass[statusClass] ?? 0);
        });
      }
    }
    for (const [propertyId, incoming] of Object.entries(snapshot.originLatency.byProperty)) {
      const h = this.histogram(propertyId);
      incoming.counts.forEach((n, i) => {
        h.counts[i] = (h.counts[i] ?? 0) + n;
      });
      h.sumSeconds += incoming.sumSeconds;
      h.count += incoming.count;
    }
    for (const p of snapshot.purges) this.recordPurge(p.kind, p.mode, p.count);
  }

  reset(): void {
    this.properties.clear();
    this.originLatency.clear();
    this.purges.clear();
  }

  private propertyState(propertyId: string): PropertyState {
    let state = this.properties.get(propertyId);
    if (state === undefined) {
      state = emptyPropertyState();
      this.properties.set(propertyId, state);
    }
    return state;
  }

  private histogram(propertyId: string): LatencyHistogramState {
    let h = this.originLatency.get(propertyId);
    if (h === undefined) {
      h = emptyHistogram();
      this.originLatency.set(propertyId, h);
    }
    return h;
  }

  private purgeCount(kind: string, mode: string): PurgeCount {
    const key = `${kind}\u0000${mode}`;
    let p = this.purges.get(key);
    if (p === undefined) {
      p = { kind, mode, count: 0 };
      this.purges.set(key, p);
    }
    return p;
  }
}

/** Calls fn for every non-zero request cell with its labels (used to feed prom-client at scrape time). */
export function forEachRequestCell(
  requests: readonly number[],
  fn: (outcome: CacheOutcome, statusClass: StatusClass, count: number) => void,
): void {
  for (const outcome of CACHE_OUTCOMES) {
    STATUS_CLASSES.forEach((statusClass, classIndex) => {
      const count = requests[OUTCOME_INDEX[outcome] * CLASS_COUNT + classIndex] ?? 0;
      if (count > 0) fn(outcome, statusClass, count);
    });
  }
}

function requestsByLabel(requests: readonly number[]): PropertyCountersSnapshot['requests'] {
  const out: PropertyCountersSnapshot['requests'] = {};
  forEachRequestCell(requests, (outcome, statusClass, count) => {
    (out[outcome] ??= {})[statusClass] = count;
  });
  return out;
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
