// Cache lookup (RFC 9111 §4): the stored responses under the primary key, narrowed to the ones whose
// Vary-selected request fields match this request (§4.1); the most recent wins. The memory tier is
// consulted synchronously first so that a hit costs no promise round trip.
import { variantKey } from '@candela/http-cache';
import type { IncomingHttpHeaders } from 'node:http';
import type { EntryMeta, StoredEntry } from '../stores/types.js';
import type { PipelineDeps } from './deps.js';

export type LookupResult =
  | { readonly kind: 'found'; readonly entry: StoredEntry }
  | { readonly kind: 'uri-miss' }
  | { readonly kind: 'vary-miss' };

export function selectVariant(metas: readonly EntryMeta[], headers: IncomingHttpHeaders): EntryMeta | undefined {
  let best: EntryMeta | undefined;
  for (const meta of metas) {
    const matches = meta.vary.length === 0 ? meta.variantKey === '' : variantKey(headers, meta.vary) === meta.variantKey;
    if (matches && (best === undefined || meta.storedAtMs > best.storedAtMs)) best = meta;
  }
  return best;
}

export function lookupSync(deps: PipelineDeps, key: string, headers: IncomingHttpHeaders): StoredEntry | undefined {
  const metas = deps.store.memoryVariantsSync(key);
  if (metas === undefined || metas.length === 0) return undefined;
  const meta = selectVariant(metas, headers);
  return meta === undefined ? undefined : deps.store.getSync(key, meta.variantKey);
}

export async function lookup(deps: PipelineDeps, key: string, headers: IncomingHttpHeaders): Promise<LookupResult> {
  const fast = lookupSync(deps, key, headers);
  if (fast) return { kind: 'found', entry: fast };
  const metas = await deps.store.variants(key);
  if (metas.length === 0) return { kind: 'uri-miss' };
  const meta = selectVariant(metas, headers);
  if (!meta) return { kind: 'vary-miss' };
  const entry = await deps.store.get(key, meta.variantKey);
  return entry ? { kind: 'found', entry } : { kind: 'uri-miss' };
}
