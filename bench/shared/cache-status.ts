// Whether an answer of Candela's edge came from its cache: the edge bench uses it to know a peer is
// warm, the invalidation bench to check that a purged object is no longer a plain hit and an untouched
// one still is.
import type { IncomingHttpHeaders } from 'node:http';

/** Candela: an RFC 9211 Cache-Status entry with the `hit` parameter, e.g. `Candela; hit; ttl=3599`. */
export function candelaHit(headers: IncomingHttpHeaders): boolean {
  const v = headers['cache-status'];
  const text = Array.isArray(v) ? v.join(', ') : (v ?? '');
  return text.split(',').some((entry) => entry.split(';').some((param) => param.trim().toLowerCase() === 'hit'));
}
