// Serving stale responses (RFC 9111 §4.2.4) with the permissions of RFC 5861.
import { deltaSeconds } from './cache-control.js';
import type { Directives } from './types.js';

/**
 * RFC 9111 §4.2.4: a cache MUST NOT serve stale when an in-protocol directive forbids it:
 * must-revalidate (§5.2.2.2), proxy-revalidate (§5.2.2.8), s-maxage (§5.2.2.10: it implies
 * proxy-revalidate for a shared cache) and no-cache (§5.2.2.4).
 */
export function staleForbidden(directives: Directives): boolean {
  return ['must-revalidate', 'proxy-revalidate', 's-maxage', 'no-cache'].some((name) => directives.has(name));
}

export interface MayServeStaleInput {
  /** The stored response's effective directives. */
  readonly directives: Directives;
  /** How long past its freshness lifetime the response is (age − lifetime). */
  readonly stalenessMs: number;
  readonly reason: 'while-revalidate' | 'if-error' | 'disconnected';
  readonly reqDirectives: Directives;
  /** For 'disconnected': how stale a response the operator lets the edge serve without an origin. */
  readonly disconnectedMaxMs?: number;
}

/**
 * Whether a stale response may be served. Never when `staleForbidden`. Otherwise only with permission:
 * - 'while-revalidate': RFC 5861 §3 `stale-while-revalidate=N` on the response, staleness ≤ N s;
 * - 'if-error': RFC 5861 §4 `stale-if-error=N` on the response or the request, staleness ≤ N s
 *   (the origin answered, with a 5xx);
 * - 'disconnected': the origin could not be reached at all. RFC 9111 §4.2.4 lets a disconnected cache
 *   serve stale; the operator bounds how stale (`disconnectedMaxMs`), and stale-if-error still counts.
 */
export function mayServeStale(input: MayServeStaleInput): boolean {
  if (staleForbidden(input.directives)) return false;
  const windows =
    input.reason === 'while-revalidate'
      ? [staleWindowMs(input.directives, 'stale-while-revalidate')]
      : [staleWindowMs(input.directives, 'stale-if-error'), staleWindowMs(input.reqDirectives, 'stale-if-error')];
  if (input.reason === 'disconnected') windows.push(input.disconnectedMaxMs ?? 0);
  return windows.some((windowMs) => windowMs !== undefined && input.stalenessMs <= windowMs);
}

/** RFC 5861 §3/§4: a stale window in ms, or undefined when absent or not valid delta-seconds. */
export function staleWindowMs(directives: Directives, name: 'stale-while-revalidate' | 'stale-if-error'): number | undefined {
  const seconds = deltaSeconds(directives.get(name));
  return seconds === undefined ? undefined : seconds * 1000;
}
