// A miss: one request per key goes to the origin (the leader); concurrent requests for the same key
// wait for it and are then served from the store. HEAD misses are answered by the origin directly
// (a HEAD response carries no body to store).
import { formatCacheStatus } from '@candela/http-cache';
import { CACHE_NAME } from './deps.js';
import type { PipelineDeps } from './deps.js';
import type { Exchange } from './exchange.js';
import { ageSeconds, streamAndStore } from './fill.js';
import { fetchOrigin, statusForOriginError } from './fetch-origin.js';
import { lookup } from './lookup.js';
import type { Leader } from './collapse.js';
import { respondFromEntry, sendError } from './respond.js';
import { entryAgeMs } from './entry-view.js';
import { reuseDecision } from './cache-hold.js';
import type { StoredEntry } from '../stores/types.js';
import { decisionForResponse } from './storage-decision.js';

export async function fillOnMiss(deps: PipelineDeps, x: Exchange, fwd: 'uri-miss' | 'vary-miss'): Promise<void> {
  x.outcome = 'miss';
  if (x.info.method === 'HEAD') {
    await fetchAndServe(deps, x, fwd, undefined, false);
    return;
  }
  const role = await deps.collapser.join(x.key, deps.now());
  if (role.role === 'leader') {
    // Double-checked: another request's fill may have become visible between our lookup and our turn
    // as leader (in cluster mode both are IPC round trips); then its copy is used, not refetched.
    const again = await lookup(deps, x.key, x.lookupHeaders);
    if (again.kind === 'found' && isFreshNow(deps, again.entry)) {
      role.finish('stored');
      serveCollapsed(deps, x, again.entry);
      return;
    }
    await fetchAndServe(deps, x, fwd, role, false);
    return;
  }
  if (role.role === 'follower') {
    const outcome = await role.wait;
    if (outcome === 'stored') {
      const found = await lookup(deps, x.key, x.lookupHeaders);
      if (found.kind === 'found') {
        serveCollapsed(deps, x, found.entry);
        return;
      }
    }
    await fetchAndServe(deps, x, fwd, undefined, true);
    return;
  }
  await fetchAndServe(deps, x, fwd, undefined, false);
}

export function isFreshNow(deps: PipelineDeps, entry: StoredEntry): boolean {
  return reuseDecision(entry.meta, deps.holdSinceMs()) === 'reuse' && entryAgeMs(entry.meta, deps.now()) < entry.meta.freshnessMs;
}

/** Answers with a copy another request's origin fetch just stored (Cache-Status `collapsed`). */
export function serveCollapsed(deps: PipelineDeps, x: Exchange, entry: StoredEntry): void {
  const ageS = ageSeconds(entry.meta, deps.now());
  const ttlS = Math.floor(entry.meta.freshnessMs / 1000) - ageS;
  x.outcome = 'hit';
  respondFromEntry(x, entry, { ageS, cacheStatus: formatCacheStatus({ cache: CACHE_NAME, hit: true, ttlS, collapsed: true }) });
}

async function fetchAndServe(
  deps: PipelineDeps,
  x: Exchange,
  fwd: 'uri-miss' | 'vary-miss',
  leader: Leader | undefined,
  collapsed: boolean,
): Promise<void> {
  try {
    let up;
    try {
      up = await fetchOrigin(deps, x, { fill: x.info.method === 'GET' });
    } catch (err) {
      x.outcome = 'error';
      sendError(x, statusForOriginError(err), 'origin-unreachable');
      return;
    }
    const decision = decisionForResponse(x, up);
    // Followers are released as soon as the answer is known to be uncacheable, not after its body.
    if (!decision.store) {
      x.outcome = 'pass';
      leader?.finish('pass');
    }
    const stored = await streamAndStore(deps, x, up, { decision, fwd, collapsed, onVisible: () => leader?.finish('stored') });
    leader?.finish(stored ? 'stored' : 'error');
  } finally {
    leader?.finish('error');
  }
}
