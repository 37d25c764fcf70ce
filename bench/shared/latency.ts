// Latency percentiles and rates every benchmark reports the same way: nearest rank (with 20 samples p99
// is the slowest one), never interpolated. Pure: no clock and no I/O.

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
