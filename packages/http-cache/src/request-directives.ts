// What the client's request allows the cache to reuse (RFC 9111 §5.2.1, §5.4).
import { deltaSeconds, parseCacheControl } from './cache-control.js';
import { getHeader, listElements } from './header-fields.js';
import { staleForbidden } from './stale.js';
import type { Directives, HeaderMap } from './types.js';

/** RFC 9111 §5.2.1: the request's Cache-Control directives. */
export function requestDirectives(req: HeaderMap): Directives {
  return parseCacheControl(getHeader(req, 'cache-control'));
}

/** RFC 9111 §5.2.1.7: only-if-cached — the caller answers 504 when nothing stored can be used. */
export function onlyIfCached(reqDirectives: Directives): boolean {
  return reqDirectives.has('only-if-cached');
}

/**
 * RFC 9111 §5.2.1.2: how stale a response the client accepts: Infinity for a bare max-stale, N s for
 * max-stale=N, undefined when absent or invalid (an invalid value grants nothing).
 */
export function maxStaleMs(reqDirectives: Directives): number | undefined {
  const arg = reqDirectives.get('max-stale');
  if (arg === undefined) return undefined;
  if (arg === true) return Number.POSITIVE_INFINITY;
  const seconds = deltaSeconds(arg);
  return seconds === undefined ? undefined : seconds * 1000;
}

/**
 * RFC 9111 §5.4: `Pragma: no-cache` means `Cache-Control: no-cache`, but only when the request has no
 * Cache-Control field (which then takes precedence).
 */
export function pragmaNoCache(req: HeaderMap): boolean {
  if (getHeader(req, 'cache-control') !== undefined) return false;
  return listElements(req, 'pragma').some((element) => element.toLowerCase() === 'no-cache');
}

export type RequestVerdict = 'ok' | 'revalidate' | 'reload';

export interface RequestAllowsInput {
  readonly reqDirectives: Directives;
  readonly req: HeaderMap;
  /** Current age of the stored response. */
  readonly ageMs: number;
  /** Its freshness lifetime. */
  readonly lifetimeMs: number;
  /**
   * The stored response's directives. Needed to honour max-stale (a response may forbid serving it
   * stale); without them a stale response is never served on the strength of max-stale.
   */
  readonly resDirectives?: Directives;
}

/**
 * RFC 9111 §5.2.1, for a stored response already selected for this request:
 * - no-store (§5.2.1.5) → 'reload': neither use the stored response nor store the new one;
 * - no-cache (§5.2.1.4), or Pragma: no-cache alone (§5.4) → 'revalidate';
 * - max-age=N (§5.2.1.1) with age > N s → 'revalidate';
 * - min-fresh=N (§5.2.1.3) with less than N s of freshness left → 'revalidate';
 * - stale (§4.2) → 'revalidate', unless max-stale (§5.2.1.2) covers the staleness and the response does
 *   not forbid stale reuse (§4.2.4);
 * - otherwise 'ok'. Response-side no-cache is checked separately (`mustRevalidateBeforeReuse`);
 *   only-if-cached is the caller's (`onlyIfCached`).
 */
export function requestAllowsStored(input: RequestAllowsInput): RequestVerdict {
  const { reqDirectives: d, ageMs, lifetimeMs } = input;
  if (d.has('no-store')) return 'reload';
  if (d.has('no-cache') || pragmaNoCache(input.req)) return 'revalidate';
  const maxAge = deltaSeconds(d.get('max-age'));
  if (maxAge !== undefined && ageMs > maxAge * 1000) return 'revalidate';
  const minFresh = deltaSeconds(d.get('min-fresh'));
  if (minFresh !== undefined && lifetimeMs - ageMs < minFresh * 1000) return 'revalidate';
  if (lifetimeMs > ageMs) return 'ok';
  return staleAllowedByRequest(input) ? 'ok' : 'revalidate';
}

function staleAllowedByRequest(input: RequestAllowsInput): boolean {
  const allowance = maxStaleMs(input.reqDirectives);
  if (allowance === undefined || input.resDirectives === undefined) return false;
  return !staleForbidden(input.resDirectives) && input.ageMs - input.lifetimeMs <= allowance;
}
