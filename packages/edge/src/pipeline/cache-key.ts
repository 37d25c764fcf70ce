// The primary cache key (RFC 9111 §2: at least method and target URI; GET and HEAD share one entry,
// and the property stands for scheme + authority since all of a property's aliases serve the same
// content). The query is part of the key unless the property ignores it (domain.md §2).
import { normaliseAcceptEncoding } from '@candela/http-cache';
import type { IncomingHttpHeaders } from 'node:http';
import type { EffectiveBehaviours } from '../config/compile.js';

export function primaryKey(propertyId: string, path: string, query: string, b: EffectiveBehaviours): string {
  return b.ignoreQuery || query === '' ? `${propertyId} ${path}` : `${propertyId} ${path}?${query}`;
}

/** Request fields as the cache sees them: Accept-Encoding reduced to what the edge keys on. */
export function lookupHeaders(headers: IncomingHttpHeaders, b: EffectiveBehaviours): IncomingHttpHeaders {
  if (!b.normaliseAcceptEncoding) return headers;
  const ae = headers['accept-encoding'];
  const normal = normalisedEncoding(ae);
  if (ae === normal) return headers;
  const copy = { ...headers };
  if (normal === '') delete copy['accept-encoding'];
  else copy['accept-encoding'] = normal;
  return copy;
}

/**
 * Clients send a handful of distinct Accept-Encoding values, so the normalised form is memoised
 * (bounded: the memo is dropped when it grows past 256 values, e.g. under junk-header traffic).
 */
const memo = new Map<string, string>();
function normalisedEncoding(value: string | undefined): string {
  if (value === undefined) return '';
  let normal = memo.get(value);
  if (normal === undefined) {
    normal = normaliseAcceptEncoding(value);
    if (memo.size >= 256) memo.clear();
    memo.set(value, normal);
  }
  return normal;
}
