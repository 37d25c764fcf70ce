// Shaping response header fields: what is stored (RFC 9111 §3.1: no hop-by-hop fields, no cache
// tags), what clients see (no targeted cache fields, RFC 9213 §2.1), and the property's response
// policy (domain.md §2), applied at response time so configuration changes reach stored objects.
import type { OutgoingHttpHeaders } from 'node:http';
import { stripHopByHop, TARGETED_FIELDS } from '@candela/http-cache';
import type { HeaderMap } from '@candela/http-cache';
import type { EffectiveBehaviours } from '../config/compile.js';
import { CACHE_TAG_FIELDS } from '../purge/cache-tags.js';
import type { HeaderMap as StoredHeaderMap } from '../stores/types.js';

/** Fields never sent to clients: targeted cache fields (RFC 9213 §2.1) and cache tags. */
const EDGE_ONLY = new Set<string>([...TARGETED_FIELDS, ...CACHE_TAG_FIELDS]);

export function storedHeadersOf(res: HeaderMap): StoredHeaderMap {
  const out: StoredHeaderMap = {};
  const clean = stripHopByHop(res);
  for (const name in clean) {
    const v = clean[name];
    if (v !== undefined && !CACHE_TAG_FIELDS.includes(name as (typeof CACHE_TAG_FIELDS)[number])) out[name] = v;
  }
  return out;
}

export function clientHeadersOf(stored: HeaderMap): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name in stored) {
    const v = stored[name];
    if (v !== undefined && !EDGE_ONLY.has(name)) out[name] = v;
  }
  return out;
}

/** Applies the external Cache-Control policy and the response header edits (domain.md §2). */
export function applyResponsePolicy(headers: OutgoingHttpHeaders, b: EffectiveBehaviours | undefined): void {
  if (!b) return;
  const ext = b.externalCacheControl;
  if (ext && (ext.force || headers['cache-control'] === undefined)) headers['cache-control'] = ext.value;
  for (const name of b.responseHeaderRemove) delete headers[name];
  for (const [name, value] of b.responseHeaderSet) headers[name] = value;
}

