// Pure arithmetic of the API benchmark: the open-loop timetable, which client and route each request
// belongs to, and latency percentiles. No clock and no I/O: the load generator passes the times in.

/** The read routes under load; request k uses ROUTES[k % ROUTES.length]. */
export const ROUTES = ['/api/v1/services', '/api/v1/access-groups', '/api/v1/auth/session'] as const;
export type RoutePath = (typeof ROUTES)[number];

/** How many requests a fixed-rate phase schedules: rate × duration, rounded. */
export function plannedRequests(rateRps: number, durationMs: number): number {
  if (!(rateRps > 0) || !(durationMs > 0)) return 0;
  return Math.round((rateRps * durationMs) / 1000);
}

/** When request `index` (0-based) is due, in ms after the phase started: evenly spaced at `rateRps`. */
export function scheduledAtMs(index: number, rateRps: number): number {
  return (index * 1000) / rateRps;
}

/**
 * How many requests are due `elapsedMs` after the start: every index whose scheduled time is ≤ elapsed,
 * never more than `total`. A late timer therefore releases all the requests it missed at once, each still
 * timed from its own scheduled moment (no coordinated omission).
 */
export function dueCount(elapsedMs: number, rateRps: number, total: number): number {
  if (elapsedMs < 0) return 0;
  // The epsilon absorbs float error at exact boundaries (index * 1000 / rate may land a hair above).
  return Math.min(total, Math.floor((elapsedMs * rateRps) / 1000 + 1e-9) + 1);
}

/** Latency of one request as the open-loop user experiences it: from when it was due, not when it was sent. */
export function latencyFromScheduleMs(input: { phaseStartMs: number; index: number; rateRps: number; doneAtMs: number }): number {
  return input.doneAtMs - (input.phaseStartMs + scheduledAtMs(input.index, input.rateRps));
}

/** The virtual client (its connection and session) that sends request `index`: round robin. */
export function clientFor(index: number, clients: number): number {
  return index % clients;
}

/** The route of request `index`: the three read routes in turn (3 and 200 are coprime, so every client uses all three). */
export function routeFor(index: number): RoutePath {
  return ROUTES[index % ROUTES.length] ?? ROUTES[0];
}

/**
 * Nearest-rank percentile (the smallest sample with at least p % of the samples at or below it) of an
 * ascending array; NaN for no samples. p is 0–100; p = 0 gives the minimum, p = 100 the maximum.
 */
export function percentile(sortedAsc: ArrayLike<number>, p: number): number {
  const n = sortedAsc.length;
  if (n === 0) return Number.NaN;
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
  return sortedAsc[rank - 1] ?? Number.NaN;
}

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The percentiles reported for one set of latencies (the input is not modified). */
export function summarize(latenciesMs: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const n = sorted.length;
  return {
    count: n,
    meanMs: n === 0 ? Number.NaN : sum / n,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: n === 0 ? Number.NaN : (sorted[n - 1] ?? Number.NaN),
  };
}

/** Completed requests per second over a span; 0 for an empty span. */
export function ratePerSecond(count: number, spanMs: number): number {
  return spanMs > 0 ? (count * 1000) / spanMs : 0;
}

/** CPU time used over a wall-clock span as a percentage of one core (200 = both cores of this machine). */
export function cpuPercent(cpuMs: number, wallMs: number): number {
  return wallMs > 0 ? (100 * cpuMs) / wallMs : 0;
}

export interface TimelineBucket {
  /** Start of the bucket, seconds after the phase started (by when each request was due or sent). */
  fromS: number;
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Latencies grouped by when each request was due, `bucketMs` at a time: shows whether a queue grew steadily or in bursts. */
export function timeline(atMs: ArrayLike<number>, latenciesMs: ArrayLike<number>, bucketMs: number): TimelineBucket[] {
  const groups: number[][] = [];
  for (let i = 0; i < Math.min(atMs.length, latenciesMs.length); i++) {
    const at = atMs[i] ?? 0;
    const b = Math.max(0, Math.floor(at / bucketMs));
    (groups[b] ??= []).push(latenciesMs[i] ?? Number.NaN);
  }
  const out: TimelineBucket[] = [];
  for (let b = 0; b < groups.length; b++) {
    const s = summarize(groups[b] ?? []);
    out.push({ fromS: (b * bucketMs) / 1000, count: s.count, p50Ms: s.p50Ms, p99Ms: s.p99Ms, maxMs: s.maxMs });
  }
  return out;
}
