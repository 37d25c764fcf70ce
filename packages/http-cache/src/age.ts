// Age (RFC 9111 §5.1) and the current-age calculation of §4.2.3.
import { DELTA_SECONDS_MAX } from './cache-control.js';
import { fieldLines, trimOws } from './header-fields.js';
import { dateValueMs } from './freshness.js';
import type { HeaderMap } from './types.js';

/**
 * RFC 9111 §5.1: Age in seconds. Age is a singleton but arrives as a list sometimes; the cache uses the
 * FIRST member of the first line and discards the rest. If that member is not a non-negative integer
 * the field is ignored (undefined), which `currentAgeMs` treats as 0 — exactly what §5.1 asks.
 */
export function parseAge(res: HeaderMap): number | undefined {
  const firstLine = fieldLines(res, 'age')[0];
  if (firstLine === undefined) return undefined;
  const member = trimOws(firstLine.split(',')[0] ?? '');
  if (!/^\d+$/.test(member)) return undefined;
  return Math.min(Number(member), DELTA_SECONDS_MAX);
}

/**
 * RFC 9111 §5.1 lets a cache ignore an invalid Age; we go further and distrust the response: an Age
 * that is not exactly one non-negative integer on one line (a list, two lines, a sign, a fraction, a
 * parameter) may hide a large age, so such a response is treated as already stale. Serving content
 * older than its owner allowed is the worse error; the cost is one revalidation.
 */
export function ageIsTrustworthy(res: HeaderMap): boolean {
  const lines = fieldLines(res, 'age');
  if (lines.length === 0) return true;
  return lines.length === 1 && /^\d+$/.test(trimOws(lines[0] ?? ''));
}

export interface AgeInput {
  readonly res: HeaderMap;
  /** When the request that produced the stored response was sent. */
  readonly requestAtMs: number;
  /** When that response was received. */
  readonly responseAtMs: number;
  readonly nowMs: number;
}

/**
 * RFC 9111 §4.2.3, step by step:
 *   apparent_age = max(0, response_time − date_value)
 *   response_delay = response_time − request_time
 *   corrected_age_value = age_value + response_delay
 *   corrected_initial_age = max(apparent_age, corrected_age_value)
 *   resident_time = now − response_time
 *   current_age = corrected_initial_age + resident_time
 * Delays and resident times are floored at 0 so a clock that steps backwards never makes age negative.
 */
export function currentAgeMs(input: AgeInput): number {
  return initialAgeMs(input) + Math.max(0, input.nowMs - input.responseAtMs);
}

/**
 * RFC 9111 §4.2.3 corrected_initial_age: the part of the current age fixed when the response arrived.
 * A cache can compute it once per stored response; current_age = it + resident_time.
 */
export function initialAgeMs(input: Omit<AgeInput, 'nowMs'>): number {
  const apparentAge = Math.max(0, input.responseAtMs - dateValueMs(input.res, input.responseAtMs));
  const responseDelay = Math.max(0, input.responseAtMs - input.requestAtMs);
  const correctedAgeValue = (parseAge(input.res) ?? 0) * 1000 + responseDelay;
  return Math.max(apparentAge, correctedAgeValue);
}

/** RFC 9111 §4.2: a response is fresh while its freshness lifetime exceeds its current age. */
export function isFresh(lifetimeMs: number, ageMs: number): boolean {
  return lifetimeMs > ageMs;
}

/** How far past its freshness lifetime a response is (≤ 0 while fresh). */
export function stalenessMs(lifetimeMs: number, ageMs: number): number {
  return ageMs - lifetimeMs;
}

/** RFC 9111 §5.1: the Age value to send — whole seconds, at most 2^31. */
export function formatAge(ageMs: number): string {
  return String(Math.min(Math.max(0, Math.floor(ageMs / 1000)), DELTA_SECONDS_MAX));
}
