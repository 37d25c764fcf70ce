// Stale or soft-invalidated entries are validated with the origin (RFC 9111 §4.3): a conditional
// request built from the stored validators; a 304 freshens the stored header fields (§3.2, §4.3.4)
// and the stored body is served; a full response replaces the entry. When the origin fails or
// answers 5xx, stale-if-error (RFC 5861 §4) allows the stale copy to be served instead.
import {
  cacheDirectives,
  conditionalHeadersFor,
  currentAgeMs,
  formatCacheStatus,
  headersAfter304,
  isNotModifiedFor,
  mayServeStale,
  parseCacheControl,
} from '@candela/http-cache';
import type { OriginResponse } from '../origin/origin-pool.js';
import type { EntryMeta, StoredEntry } from '../stores/types.js';
import { CACHE_NAME, SURROGATE_DEVICE_TOKEN } from './deps.js';
import type { PipelineDeps } from './deps.js';
import type { Exchange } from './exchange.js';
import { ageSeconds, streamAndStore } from './fill.js';
import { storedHeadersOf } from './response-headers.js';
import { fetchOrigin, statusForOriginError } from './fetch-origin.js';
import { respondFromEntry, sendError } from './respond.js';
import { decideStorage, decisionForResponse } from './storage-decision.js';
import { fillOnMiss, isFreshNow, serveCollapsed } from './miss.js';
import { lookup, lookupSync } from './lookup.js';
import { reuseDecision } from './cache-hold.js';

/** The entry's metadata after a 304: merged header fields, new timing, new lifetime, mark cleared. */
export function freshenedMeta(deps: PipelineDeps, x: Exchange, entry: StoredEntry, up: OriginResponse): EntryMeta {
  const headers = storedHeadersOf(headersAfter304(entry.meta.headers, up.headers));
  const decision = decideStorage({
    method: 'GET',
    status: entry.meta.status,
    req: x.lookupHeaders,
    res: headers,
    responseAtMs: up.responseAtMs,
    behaviours: x.behaviours!,
  });
  const { invalidated: _cleared, ...rest } = entry.meta;
  return {
    ...rest,
    headers,
    requestAtMs: up.requestAtMs,
    responseAtMs: up.responseAtMs,
    storedAtMs: deps.now(),
    freshnessMs: decision.store ? decision.freshnessMs : 0,
  };
}

/** 'if-error': the origin answered 5xx; 'disconnected': it could not be reached (RFC 9111 §4.2.4). */
function staleAllowed(deps: PipelineDeps, x: Exchange, entry: StoredEntry, reason: 'if-error' | 'disconnected'): boolean {
  const meta = entry.meta;
  const ageMs = currentAgeMs({ res: meta.headers, requestAtMs: meta.requestAtMs, responseAtMs: meta.responseAtMs, nowMs: deps.now() });
  return mayServeStale({
    directives: cacheDirectives(meta.headers, SURROGATE_DEVICE_TOKEN).directives,
    stalenessMs: ageMs - meta.freshnessMs,
    reason,
    reqDirectives: parseCacheControl(x.info.headers['cache-control']),
    disconnectedMaxMs: deps.staleIfDisconnectedMs,
  });
}

function serveStale(deps: PipelineDeps, x: Exchange, entry: StoredEntry, fwdStatus: number | undefined, detail: string): void {
  x.outcome = 'stale';
  const ageS = ageSeconds(entry.meta, deps.now());
  respondFromEntry(x, entry, {
    ageS,
    cacheStatus: formatCacheStatus({
      cache: CACHE_NAME,
      hit: true,
      ttlS: Math.floor(entry.meta.freshnessMs / 1000) - ageS,
      ...(fwdStatus === undefined ? {} : { fwdStatus }),
      detail,
    }),
  });
}

/**
 * `fwd` is why the origin is asked (RFC 9211 §2.2): the entry is stale (or soft-invalidated, or held back
 * while the feed catches up: `detail` then says so), or the client's request directives did not allow
 * reusing it ('request').
 */
export async function revalidate(
  deps: PipelineDeps,
  x: Exchange,
  entry: StoredEntry,
  fwd: 'stale' | 'request' = 'stale',
  detail?: string,
): Promise<void> {
  const role = await deps.collapser.join(x.key, deps.now());
  if (role.role === 'follower') {
    await role.wait;
    // Whatever the leader got is now in the store (or not): start again from the lookup.
    await fillOnMissOrHit(deps, x);
    return;
  }
  const leader = role.role === 'leader' ? role : undefined;
  // Someone may have refreshed the entry between our lookup and our turn as leader: use theirs.
  const current = replacedAndFresh(deps, x, entry);
  if (current) {
    leader?.finish('stored');
    serveCollapsed(deps, x, current);
    return;
  }
  try {
    let up: OriginResponse;
    try {
      up = await fetchOrigin(deps, x, { fill: true, conditional: conditionalHeadersFor(entry.meta.headers) });
    } catch (err) {
      if (staleAllowed(deps, x, entry, 'disconnected')) serveStale(deps, x, entry, undefined, 'origin-unreachable');
      else {
        x.outcome = 'error';
        sendError(x, statusForOriginError(err), 'origin-unreachable');
      }
      return;
    }
    if (up.status >= 500 && staleAllowed(deps, x, entry, 'if-error')) {
      up.body.resume();
      serveStale(deps, x, entry, up.status, 'stale-if-error');
      return;
    }
    if (up.status === 304) {
      up.body.resume();
      x.outcome = 'revalidated';
      // RFC 9111 §4.3.4: a 304 whose strong validator names another representation updates nothing;
      // the client, which did not ask a conditional question, still gets the stored response.
      if (!isNotModifiedFor(entry.meta.headers, up.headers)) {
        leader?.finish('error');
        respondFromEntry(x, entry, {
          ageS: ageSeconds(entry.meta, deps.now()),
          cacheStatus: formatCacheStatus({ cache: CACHE_NAME, fwd, fwdStatus: 304, detail: 'validator-mismatch' }),
        });
        return;
      }
      const meta = freshenedMeta(deps, x, entry, up);
      await deps.store.updateMeta(meta);
      leader?.finish('stored');
      respondFromEntry(x, { meta, body: entry.body }, {
        ageS: ageSeconds(meta, deps.now()),
        cacheStatus: formatCacheStatus({ cache: CACHE_NAME, fwd, fwdStatus: 304, stored: true, ...(detail === undefined ? {} : { detail }) }),
      });
      return;
    }
    const decision = decisionForResponse(x, up);
    if (!decision.store) {
      // A GET answered with something not storable replaces nothing: the old copy must go. A HEAD
      // answer carries no body and says nothing about the stored one.
      if (x.info.method === 'GET') await deps.store.delete(entry.meta.primaryKey, entry.meta.variantKey);
      leader?.finish('pass');
    }
    x.outcome = 'miss';
    const stored = await streamAndStore(deps, x, up, { decision, fwd, collapsed: false, onVisible: () => leader?.finish('stored') });
    leader?.finish(stored ? 'stored' : 'error');
  } finally {
    leader?.finish('error');
  }
}

async function fillOnMissOrHit(deps: PipelineDeps, x: Exchange): Promise<void> {
  const found = await lookup(deps, x.key, x.lookupHeaders);
  if (found.kind !== 'found') return fillOnMiss(deps, x, found.kind);
  const meta = found.entry.meta;
  const ageS = ageSeconds(meta, deps.now());
  const ttlS = Math.floor(meta.freshnessMs / 1000) - ageS;
  if (ttlS > 0 && reuseDecision(meta, deps.holdSinceMs()) === 'reuse') {
    x.outcome = 'hit';
    respondFromEntry(x, found.entry, { ageS, cacheStatus: formatCacheStatus({ cache: CACHE_NAME, hit: true, ttlS, collapsed: true }) });
    return;
  }
  await revalidate(deps, x, found.entry);
}

/** The stored entry for this request if it is no longer `entry` (refreshed meanwhile) and is fresh. */
function replacedAndFresh(deps: PipelineDeps, x: Exchange, entry: StoredEntry): StoredEntry | undefined {
  const current = lookupSync(deps, x.key, x.lookupHeaders);
  if (current === undefined || current.meta === entry.meta) return undefined;
  return isFreshNow(deps, current) ? current : undefined;
}

/** RFC 5861 §3: one background revalidation per key while stale copies are being served. */
export function refreshInBackground(deps: PipelineDeps, x: Exchange, entry: StoredEntry): void {
  void (async () => {
    const role = await deps.collapser.join(x.key, deps.now());
    if (role.role !== 'leader') return;
    if (replacedAndFresh(deps, x, entry)) {
      role.finish('stored');
      return;
    }
    let outcome: 'stored' | 'pass' | 'error' = 'error';
    try {
      const up = await fetchOrigin(deps, x, { fill: true, conditional: conditionalHeadersFor(entry.meta.headers) });
      if (up.status === 304 && isNotModifiedFor(entry.meta.headers, up.headers)) {
        up.body.resume();
        await deps.store.updateMeta(freshenedMeta(deps, x, entry, up));
        outcome = 'stored';
        return;
      }
      const decision = decisionForResponse(x, up);
      if (!decision.store || up.status >= 500) {
        up.body.resume();
        return;
      }
      const detached = detachedExchange(x);
      outcome = (await streamAndStore(deps, detached, up, { decision, fwd: 'stale', collapsed: false, onVisible: () => role.finish('stored') })) ? 'stored' : 'error';
    } catch {
      // The stale copy stays; the next request past the stale-while-revalidate window revalidates.
    } finally {
      role.finish(outcome);
    }
  })();
}

/** An exchange whose client is gone, so that a background refresh can reuse the fill path. */
function detachedExchange(x: Exchange): Exchange {
  const sink = { destroyed: true, writableEnded: true, headersSent: true } as unknown as Exchange['res'];
  return { ...x, res: sink, bytesSent: 0, originBytes: 0 };
}
