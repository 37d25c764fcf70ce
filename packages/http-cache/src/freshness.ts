// Freshness lifetime (RFC 9111 §4.2.1) for a SHARED cache, and the heuristic of §4.2.2.
import { deltaSeconds } from './cache-control.js';
import { fieldLines, getHeader } from './header-fields.js';
import { parseHttpDate } from './http-date.js';
import { cacheDirectives, usesExpires } from './targeted-fields.js';
import type { DirectiveSource } from './targeted-fields.js';
import type { Directives, HeaderMap } from './types.js';

/** RFC 9110 §15.1: status codes defined as heuristically cacheable. */
export const HEURISTICALLY_CACHEABLE: ReadonlySet<number> = new Set([
  200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501,
]);

/** RFC 9111 §4.2.2 suggests 10% of the time since Last-Modified ... */
export const HEURISTIC_FRACTION = 0.1;
/** ... and we cap it at one day, the point past which RFC 7234 required a 113 warning. */
export const HEURISTIC_CAP_MS = 86_400_000;

export interface FreshnessInput {
  readonly status: number;
  readonly res: HeaderMap;
  /** The effective directives (see `cacheDirectives`). */
  readonly directives: Directives;
  /** When the response arrived: stands in for a missing or invalid Date. */
  readonly responseAtMs: number;
  /** Where `directives` came from; decides whether Expires counts. Derived from `res` when omitted. */
  readonly source?: DirectiveSource;
}

export interface Freshness {
  readonly lifetimeMs: number;
  readonly heuristic: boolean;
}

/**
 * RFC 9111 §4.2.1, first match wins for a shared cache: s-maxage, max-age, Expires − Date, then the
 * §4.2.2 heuristic. An invalid s-maxage/max-age makes the response stale rather than falling through,
 * as §4.2.1 encourages ("consider responses that have invalid freshness information to be stale").
 */
export function freshnessLifetimeMs(input: FreshnessInput): Freshness {
  const explicit = explicitLifetimeMs(input);
  if (explicit !== undefined) return { lifetimeMs: explicit, heuristic: false };
  const heuristic = heuristicLifetimeMs(input);
  return { lifetimeMs: heuristic, heuristic: heuristic > 0 };
}

function explicitLifetimeMs(input: FreshnessInput): number | undefined {
  for (const name of ['s-maxage', 'max-age']) {
    if (input.directives.has(name)) return (deltaSeconds(input.directives.get(name)) ?? 0) * 1000;
  }
  const source = input.source ?? cacheDirectives(input.res).source;
  return usesExpires(source) ? expiresLifetimeMs(input.res, input.responseAtMs) : undefined;
}

/**
 * RFC 9111 §4.2.1 / §5.3: Expires − Date. Undefined without Expires. Several Expires lines, or an
 * invalid value such as "0", mean "already expired" (lifetime 0). A missing or invalid Date is replaced
 * by the time the response was received (RFC 9110 §6.6.1).
 */
export function expiresLifetimeMs(res: HeaderMap, responseAtMs: number): number | undefined {
  const lines = fieldLines(res, 'expires');
  if (lines.length === 0) return undefined;
  const expires = lines.length === 1 ? parseHttpDate(lines[0]) : undefined;
  if (expires === undefined) return 0;
  return Math.max(0, expires - dateValueMs(res, responseAtMs));
}

/**
 * RFC 9111 §4.2.2: only for heuristically cacheable statuses or `public` responses, and only with a
 * Last-Modified in the past: 10% of (Date − Last-Modified), capped at HEURISTIC_CAP_MS. Otherwise 0.
 */
export function heuristicLifetimeMs(input: FreshnessInput): number {
  if (!HEURISTICALLY_CACHEABLE.has(input.status) && !input.directives.has('public')) return 0;
  const lastModified = parseHttpDate(getHeader(input.res, 'last-modified'));
  if (lastModified === undefined) return 0;
  const sinceModified = dateValueMs(input.res, input.responseAtMs) - lastModified;
  if (sinceModified <= 0) return 0;
  return Math.min(Math.floor(sinceModified * HEURISTIC_FRACTION), HEURISTIC_CAP_MS);
}

/** RFC 9110 §6.6.1: the Date value, or the receipt time when Date is missing or invalid. */
export function dateValueMs(res: HeaderMap, responseAtMs: number): number {
  return parseHttpDate(getHeader(res, 'date')) ?? responseAtMs;
}
