// Per-minute, per-property usage counters (domain.md §5 metrics), the edge's input to usage reports and
// the real-time monitor. Recording is a few number increments; completed minutes are drained by a timer
// and handed to a sink. Everything here is additive so that cluster workers, and later the control plane
// across edges, can combine minutes by plain addition.
import type { CacheOutcome, RequestRecord } from './request-record.js';

export const MINUTE_MS = 60_000;
const SECONDS_PER_MINUTE = 60;

export interface UsageMinute {
  /** Start of the minute (epoch ms, a multiple of 60 000, so always a UTC minute boundary). */
  minuteAtMs: number;
  propertyId: string;
  requests: number;
  bytesToClients: number;
  bytesFromOrigin: number;
  hits: number;
  misses: number;
  stale: number;
  revalidated: number;
  passes: number;
  errors: number;
  /** Answered by the edge itself: generated responses and clients refused by an IP restriction. */
  generated: number;
  status2xx: number;
  status3xx: number;
  status4xx: number;
  status5xx: number;
  /**
   * Requests started in each second of the minute (60 entries). The peak of a sum is not the sum of
   * peaks, so the per-second counts travel with the minute and every merge recomputes the peak from them.
   */
  requestsPerSecond: number[];
  /** Maximum of requestsPerSecond. */
  peakRequestsPerSecond: number;
}

/** The fields merged by plain addition (everything except the per-second counts and their peak). */
export const ADDITIVE_USAGE_FIELDS = [
  'requests',
  'bytesToClients',
  'bytesFromOrigin',
  'hits',
  'misses',
  'stale',
  'revalidated',
  'passes',
  'errors',
  'generated',
  'status2xx',
  'status3xx',
  'status4xx',
  'status5xx',
] as const satisfies readonly (keyof UsageMinute)[];

/** The outcome counter each cache outcome increments. */
const OUTCOME_FIELD = {
  hit: 'hits',
  miss: 'misses',
  stale: 'stale',
  revalidated: 'revalidated',
  pass: 'passes',
  error: 'errors',
  generated: 'generated',
} as const satisfies Record<CacheOutcome, (typeof ADDITIVE_USAGE_FIELDS)[number]>;

export function minuteStartMs(atMs: number): number {
  return Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
}

export function emptyUsageMinute(minuteAtMs: number, propertyId: string): UsageMinute {
  return {
    minuteAtMs,
    propertyId,
    requests: 0,
    bytesToClients: 0,
    bytesFromOrigin: 0,
    hits: 0,
    misses: 0,
    stale: 0,
    revalidated: 0,
    passes: 0,
    errors: 0,
    generated: 0,
    status2xx: 0,
    status3xx: 0,
    status4xx: 0,
    status5xx: 0,
    requestsPerSecond: new Array<number>(SECONDS_PER_MINUTE).fill(0),
    peakRequestsPerSecond: 0,
  };
}

/** Adds one request to the minute it started in (the caller picked the minute from r.atMs). */
export function addRecordToMinute(minute: UsageMinute, r: RequestRecord): void {
  minute.requests += 1;
  minute.bytesToClients += r.bytesSent;
  minute.bytesFromOrigin += r.originBytes;
  minute[OUTCOME_FIELD[r.outcome]] += 1;
  const hundreds = Math.floor(r.status / 100);
  // 1xx and out-of-range statuses count as requests but in no §5 status class.
  if (hundreds === 2) minute.status2xx += 1;
  else if (hundreds === 3) minute.status3xx += 1;
  else if (hundreds === 4) minute.status4xx += 1;
  else if (hundreds === 5) minute.status5xx += 1;
  const second = Math.min(SECONDS_PER_MINUTE - 1, Math.floor((r.atMs - minute.minuteAtMs) / 1000));
  const perSecond = minute.requestsPerSecond;
  const count = (perSecond[second] ?? 0) + 1;
  perSecond[second] = count;
  if (count > minute.peakRequestsPerSecond) minute.peakRequestsPerSecond = count;
}

/** Adds `from` into `into` (same minute and property): counters add, the peak is recomputed. */
export function addUsageMinute(into: UsageMinute, from: UsageMinute): void {
  for (const field of ADDITIVE_USAGE_FIELDS) into[field] += from[field];
  let peak = 0;
  for (let s = 0; s < SECONDS_PER_MINUTE; s += 1) {
    const sum = (into.requestsPerSecond[s] ?? 0) + (from.requestsPerSecond[s] ?? 0);
    into.requestsPerSecond[s] = sum;
    if (sum > peak) peak = sum;
  }
  into.peakRequestsPerSecond = peak;
}

function copyUsageMinute(minute: UsageMinute): UsageMinute {
  return { ...minute, requestsPerSecond: [...minute.requestsPerSecond] };
}

function byMinuteThenProperty(a: UsageMinute, b: UsageMinute): number {
  if (a.minuteAtMs !== b.minuteAtMs) return a.minuteAtMs - b.minuteAtMs;
  return a.propertyId < b.propertyId ? -1 : a.propertyId > b.propertyId ? 1 : 0;
}

export class UsageCounters {
  /** minuteAtMs → propertyId → counters. */
  private readonly minutes = new Map<number, Map<string, UsageMinute>>();

  record(r: RequestRecord): void {
    const minuteAtMs = minuteStartMs(r.atMs);
    const properties = this.propertiesOf(minuteAtMs);
    let minute = properties.get(r.propertyId);
    if (minute === undefined) {
      minute = emptyUsageMinute(minuteAtMs, r.propertyId);
      properties.set(r.propertyId, minute);
    }
    addRecordToMinute(minute, r);
  }

  /**
   * Removes and returns every minute that ended before the minute containing nowMs, oldest first. A
   * request still running when its minute is drained is recorded later as a second partial minute with
   * the same key; consumers add minutes with equal keys, so nothing is lost.
   */
  drainCompleted(nowMs: number): UsageMinute[] {
    const current = minuteStartMs(nowMs);
    const drained: UsageMinute[] = [];
    for (const [minuteAtMs, properties] of this.minutes) {
      if (minuteAtMs >= current) continue;
      drained.push(...properties.values());
      this.minutes.delete(minuteAtMs);
    }
    return drained.sort(byMinuteThenProperty);
  }

  /** Adds minutes counted elsewhere (a cluster worker's drained minutes) into these counters. */
  merge(minutes: readonly UsageMinute[]): void {
    for (const incoming of minutes) {
      const properties = this.propertiesOf(incoming.minuteAtMs);
      const existing = properties.get(incoming.propertyId);
      if (existing === undefined) properties.set(incoming.propertyId, copyUsageMinute(incoming));
      else addUsageMinute(existing, incoming);
    }
  }

  /** Copies of every minute held, the current one included (for the real-time monitor), oldest first. */
  snapshot(): UsageMinute[] {
    const all: UsageMinute[] = [];
    for (const properties of this.minutes.values()) {
      for (const minute of properties.values()) all.push(copyUsageMinute(minute));
    }
    return all.sort(byMinuteThenProperty);
  }

  private propertiesOf(minuteAtMs: number): Map<string, UsageMinute> {
    let properties = this.minutes.get(minuteAtMs);
    if (properties === undefined) {
      properties = new Map();
      this.minutes.set(minuteAtMs, properties);
    }
    return properties;
  }
}
