// The request path: resolve the property, pick behaviours, then serve from cache, revalidate, fill
// on a miss, or pass through. One exchange object carries the request's state to telemetry.
import {
  cacheDirectives,
  formatCacheStatus,
  isUnsafeMethod,
  mayServeStale,
  parseCacheControl,
  requestAllowsStored,
  requestDirectives,
} from '@candela/http-cache';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { behavioursFor } from '../config/compile.js';
import type { EffectiveBehaviours } from '../config/compile.js';
import { lookupHeaders, primaryKey } from './cache-key.js';
import { CACHE_NAME, SURROGATE_DEVICE_TOKEN } from './deps.js';
import type { PipelineDeps } from './deps.js';
import type { Exchange } from './exchange.js';
import { lookup, lookupSync } from './lookup.js';
import { entryAgeMs } from './entry-view.js';
import { fillOnMiss } from './miss.js';
import { passThrough } from './pass.js';
import { clientAddress, hostOf, splitTarget } from './request-info.js';
import { resolveProperty } from './resolve-property.js';
import { decideClientProtocol } from './client-protocols.js';
import type { ClientProtocols } from './client-protocols.js';
import { HOLD_DETAIL, reuseDecision } from './cache-hold.js';
import { respondFromEntry, send, sendError, sendPrepared } from './respond.js';
import { refreshInBackground, revalidate } from './revalidate.js';
import type { StoredEntry } from '../stores/types.js';

type AnyRequest = IncomingMessage | Http2ServerRequest;
type AnyResponse = ServerResponse | Http2ServerResponse;

export interface HandlerOptions {
  readonly scheme: 'http' | 'https';
  /** The staging listener: staging versions first, then production (issue 4). */
  readonly staging?: boolean;
}

export function createHandler(deps: PipelineDeps, opts: HandlerOptions) {
  const staging = opts.staging === true;
  return (req: AnyRequest, res: AnyResponse): void => {
    const x = newExchange(deps, req, res, opts.scheme);
    const failed = (err: unknown) => {
      x.outcome = 'error';
      sendError(x, 502, err instanceof Error ? err.name : 'internal');
    };
    let pending: Promise<void> | undefined;
    try {
      pending = handle(deps, x, staging);
    } catch (err) {
      failed(err);
    }
    if (pending === undefined) {
      // Answered synchronously (a memory hit, an error page): everything the record needs is known.
      deps.telemetry.record(recordOf(x, deps.now()));
      return;
    }
    res.once('close', () => deps.telemetry.record(recordOf(x, deps.now())));
    pending.catch(failed);
  };
}

function newExchange(deps: PipelineDeps, req: AnyRequest, res: AnyResponse, scheme: 'http' | 'https'): Exchange {
  const { path, query } = splitTarget(req.url ?? '/');
  const headers = req.headers;
  return {
    req,
    res,
    info: {
      method: req.method ?? 'GET',
      host: hostOf(headers),
      path,
      query,
      headers,
      clientIp: clientAddress(req.socket?.remoteAddress),
      protocol: req.httpVersion === '2.0' ? 'HTTP/2' : `HTTP/${req.httpVersion}`,
      scheme,
    },
    startMs: deps.now(),
    property: undefined,
    behaviours: undefined,
    lookupHeaders: headers,
    key: '',
    outcome: 'pass',
    contentType: undefined,
    bytesSent: 0,
    originBytes: 0,
  };
}

/**
 * Synchronous up to the memory-tier lookup, so a fresh hit is answered without a single promise;
 * everything else continues asynchronously (the returned promise).
 */
function handle(deps: PipelineDeps, x: Exchange, staging: boolean): Promise<void> | undefined {
  const property = resolveProperty(deps.config(), x.info.host, x.info.clientIp, staging);
  if (!property) {
    x.outcome = 'error';
    sendError(x, 404, 'unknown-host');
    return undefined;
  }
  if (property.clientProtocols !== 'both' && refuseProtocol(x, property.clientProtocols)) return undefined;
  const behaviours = behavioursFor(property, x.info.path);
  x.property = property;
  x.behaviours = behaviours;
  // domain.md §2: answered at the edge, before the cache or the origin is asked anything.
  if (behaviours.ipRestriction !== undefined || behaviours.geoRestriction !== undefined || behaviours.tokenAuth !== undefined || behaviours.generated !== undefined) {
    if (answerAtEdge(deps, x, behaviours)) return undefined;
  }
  x.lookupHeaders = lookupHeaders(x.info.headers, behaviours);
  x.key = primaryKey(property.id, x.info.path, x.info.query, behaviours);
  const method = x.info.method;
  if (method !== 'GET' && method !== 'HEAD') return passThrough(deps, x, isUnsafeMethod(method));
  const inMemory = lookupSync(deps, x.key, x.lookupHeaders);
  if (inMemory !== undefined) return serveFresh(deps, x, inMemory) ? undefined : serveStored(deps, x, inMemory);
  return lookupAndServe(deps, x);
}

/** The property's client protocols (client-protocols.ts); true when the request has been answered. */
function refuseProtocol(x: Exchange, allowed: ClientProtocols): boolean {
  const decision = decideClientProtocol(allowed, x.info);
  if (decision.kind === 'serve') return false;
  x.outcome = 'generated';
  if (decision.kind === 'redirect') send(x, 301, { location: decision.location, 'cache-status': 'Candela; detail="client-protocol"' }, Buffer.alloc(0));
  else sendError(x, 421, 'client-protocol');
  return true;
}

/**
 * IP restriction, geo restriction, signed-URL token, then generated response; true when the request has
 * been answered. A valid token is taken off the query here, so neither the cache key nor the origin sees
 * it (domain.md §4).
 */
function answerAtEdge(deps: PipelineDeps, x: Exchange, b: EffectiveBehaviours): boolean {
  const ip = b.ipRestriction;
  if (ip !== undefined && !ip.allows(x.info.clientIp)) {
    x.outcome = 'generated';
    if (ip.denyResponse) sendPrepared(x, ip.denyResponse);
    else sendError(x, 403, 'ip-restricted');
    return true;
  }
  const geo = b.geoRestriction;
  if (geo !== undefined && !geo.allows(x.info.clientIp, deps.countryOf(x.info.clientIp))) {
    x.outcome = 'generated';
    if (geo.denyResponse) sendPrepared(x, geo.denyResponse);
    else sendError(x, 403, 'geo-restricted');
    return true;
  }
  if (b.tokenAuth !== undefined) {
    const verdict = b.tokenAuth.verify(x.info.path, x.info.query, Math.floor(deps.now() / 1000));
    if (!verdict.ok) {
      x.outcome = 'generated';
      const failure = b.tokenAuth.failure;
      if (failure.action === 'redirect') send(x, 302, { location: failure.location, 'cache-control': 'no-store', 'cache-status': `Candela; detail="${verdict.reason}"` }, Buffer.alloc(0));
      else sendError(x, 403, verdict.reason);
      return true;
    }
    x.info = { ...x.info, query: verdict.query };
  }
  if (b.generated === undefined) return false;
  x.outcome = 'generated';
  sendPrepared(x, b.generated);
  return true;
}

async function lookupAndServe(deps: PipelineDeps, x: Exchange): Promise<void> {
  const found = await lookup(deps, x.key, x.lookupHeaders);
  if (found.kind !== 'found') {
    await fillOnMiss(deps, x, found.kind);
    return;
  }
  if (!serveFresh(deps, x, found.entry)) await serveStored(deps, x, found.entry);
}

/** RFC 9111 §4.2: answers a fresh, usable stored response; false when it must not be used as is. */
function serveFresh(deps: PipelineDeps, x: Exchange, entry: StoredEntry): boolean {
  const meta = entry.meta;
  if (reuseDecision(meta, deps.holdSinceMs()) !== 'reuse') return false;
  const ageMs = entryAgeMs(meta, deps.now());
  if (meta.freshnessMs <= ageMs) return false;
  if (deps.honourRequestCacheControl && requestForbidsReuse(x, meta, ageMs)) return false;
  const ageS = Math.floor(ageMs / 1000);
  // RFC 9211 §2.5 ttl: remaining freshness in whole seconds, consistent with the Age sent (§5.1).
  const ttlS = Math.floor(meta.freshnessMs / 1000) - ageS;
  x.outcome = 'hit';
  respondFromEntry(x, entry, { ageS, cacheStatus: formatCacheStatus({ cache: CACHE_NAME, hit: true, ttlS }) });
  return true;
}

/** A stored response that serveFresh declined: the client asked to revalidate, or it is stale. */
async function serveStored(deps: PipelineDeps, x: Exchange, entry: StoredEntry): Promise<void> {
  const meta = entry.meta;
  const ageMs = entryAgeMs(meta, deps.now());
  const ttlMs = meta.freshnessMs - ageMs;
  const ageS = Math.floor(ageMs / 1000);
  const ttlS = Math.floor(meta.freshnessMs / 1000) - ageS;
  const reuse = reuseDecision(meta, deps.holdSinceMs());
  if (ttlMs > 0 && reuse === 'reuse') {
    await revalidate(deps, x, entry, 'request');
    return;
  }
  // RFC 5861 §3: within stale-while-revalidate the stale copy is served at once and one background
  // revalidation refreshes it. A soft-invalidated entry always revalidates first (domain.md §3), and so
  // does one the feed hold covers (cache-hold.ts).
  if (reuse === 'reuse' && x.behaviours!.cachePolicy !== 'no-cache') {
    const { directives } = cacheDirectives(meta.headers, SURROGATE_DEVICE_TOKEN);
    const reqDirectives = parseCacheControl(x.info.headers['cache-control']);
    if (mayServeStale({ directives, stalenessMs: -ttlMs, reason: 'while-revalidate', reqDirectives })) {
      x.outcome = 'stale';
      respondFromEntry(x, entry, {
        ageS,
        cacheStatus: formatCacheStatus({ cache: CACHE_NAME, hit: true, ttlS, detail: 'stale-while-revalidate' }),
      });
      refreshInBackground(deps, x, entry);
      return;
    }
  }
  await revalidate(deps, x, entry, 'stale', reuse === 'held' ? HOLD_DETAIL : undefined);
}

/** RFC 9111 §5.2.1 / §5.4: the client's no-cache, max-age or min-fresh (when the edge honours them). */
function requestForbidsReuse(x: Exchange, meta: StoredEntry['meta'], ageMs: number): boolean {
  const h = x.info.headers;
  if (h['cache-control'] === undefined && h.pragma === undefined) return false;
  const verdict = requestAllowsStored({ reqDirectives: requestDirectives(h), req: h, ageMs, lifetimeMs: meta.freshnessMs });
  return verdict !== 'ok';
}

function recordOf(x: Exchange, nowMs: number) {
  const h = x.info.headers;
  return {
    atMs: x.startMs,
    propertyId: x.property?.id ?? '-',
    configVersion: x.property?.configVersion,
    host: x.info.host,
    clientIp: x.info.clientIp,
    method: x.info.method,
    uri: x.info.query === '' ? x.info.path : `${x.info.path}?${x.info.query}`,
    protocol: x.info.protocol,
    status: x.res.statusCode,
    bytesSent: x.bytesSent,
    originBytes: x.originBytes,
    durationMs: nowMs - x.startMs,
    referer: h.referer,
    userAgent: h['user-agent'],
    range: h.range,
    contentType: x.contentType,
    outcome: x.outcome,
  };
}
