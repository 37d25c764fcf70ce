// Pure arithmetic of the API benchmark: the open-loop timetable, which client and route each request
// belongs to, and latency percentiles (shared with the other benches, bench/shared/latency.ts). No clock
// and no I/O: the load generator passes the times in.
import { summarize } from '../shared/latency.js';

export { cpuPercent, percentile, ratePerSecond, summarize } from '../shared/latency.js';
export type { LatencySummary } from '../shared/latency.js';

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
