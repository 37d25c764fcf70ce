// Streams an origin response to the client and, when it is storable, keeps a copy: the copy is
// written to the store only once the whole body has arrived, so an incomplete response is never
// served from cache. If the client goes away during a cache fill the fill still completes (other
// requests are waiting for it); a pass-through response is abandoned instead.
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { appendCacheStatus, formatCacheStatus } from '@candela/http-cache';
import type { OriginResponse } from '../origin/origin-pool.js';
import { parseCacheTags } from '../purge/cache-tags.js';
import type { EntryMeta } from '../stores/types.js';
import { CACHE_NAME } from './deps.js';
import type { PipelineDeps } from './deps.js';
import type { Exchange } from './exchange.js';
import { applyResponsePolicy, clientHeadersOf, storedHeadersOf } from './response-headers.js';
import { headerString } from './respond.js';
import type { StorageDecision } from './storage-decision.js';
import { variantKey } from '@candela/http-cache';
import { entryAgeMs } from './entry-view.js';

export interface FillOptions {
  readonly decision: StorageDecision;
  /** Cache-Status `fwd` reason (RFC 9211 §2.2). */
  readonly fwd: 'uri-miss' | 'vary-miss' | 'stale' | 'request' | 'method' | 'bypass' | 'miss';
  readonly collapsed: boolean;
  /**
   * Called as soon as the stored copy can be found by other requests (memory tier written, disk write
   * queued), before the disk write completes: coalesced followers need not wait for the disk.
   */
  readonly onVisible?: () => void;
}

function upstreamStatus(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Streams `up` to the client; resolves true when a complete copy was stored. */
export async function streamAndStore(deps: PipelineDeps, x: Exchange, up: OriginResponse, opts: FillOptions): Promise<boolean> {
  const storedHeaders = storedHeadersOf(up.headers);
  const variant = opts.decision.store ? variantKey(x.lookupHeaders, opts.decision.vary) : undefined;
  let storing = opts.decision.store && variant !== undefined;
  const headers = clientHeadersOf(storedHeaders);
  applyResponsePolicy(headers, x.behaviours);
  headers['cache-status'] = appendCacheStatus(upstreamStatus(up.headers['cache-status']), formatCacheStatus({
    cache: CACHE_NAME,
    fwd: opts.fwd,
    fwdStatus: up.status,
    stored: storing,
    collapsed: opts.collapsed,
    ...(storing ? {} : { detail: opts.decision.reason }),
  }));
  const res = x.res;
  x.contentType = headerString(headers['content-type']);
  if (!res.destroyed) {
    if (storedHeaders.date !== undefined) res.sendDate = false;
    res.writeHead(up.status, headers);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let clientOpen = !res.destroyed;
  try {
    for await (const chunk of up.body) {
      const buf = chunk as Buffer;
      size += buf.length;
      x.originBytes += buf.length;
      if (storing) {
        if (size > deps.maxObjectBytes) {
          storing = false;
          chunks.length = 0;
        } else chunks.push(buf);
      }
      if (clientOpen && !res.destroyed) {
        x.bytesSent += buf.length;
        if (!writeChunk(res, buf)) await drainOrClose(res);
      }
      clientOpen = clientOpen && !res.destroyed;
      if (!clientOpen && !storing) {
        up.body.destroy();
        return false;
      }
    }
  } catch {
    // The origin broke off mid-body: the client gets a truncated response (it cannot be told
    // otherwise once the head is sent) and nothing is stored.
    if (!res.destroyed) res.destroy();
    return false;
  }
  if (!res.destroyed) res.end();
  if (!storing) return false;
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  const tags = parseCacheTags(up.headers).tags;
  const meta: EntryMeta = {
    primaryKey: x.key,
    variantKey: variant!,
    propertyId: x.property!.id,
    path: x.info.path,
    query: x.info.query,
    status: up.status,
    headers: storedHeaders,
    vary: opts.decision.vary,
    tags,
    requestAtMs: up.requestAtMs,
    responseAtMs: up.responseAtMs,
    storedAtMs: deps.now(),
    freshnessMs: opts.decision.freshnessMs,
    bodyBytes: body.length,
  };
  const written = deps.store.put({ meta, body });
  opts.onVisible?.();
  await written;
  return true;
}

/** Both response classes take a Buffer the same way; their overloads just do not unify in TypeScript. */
function writeChunk(res: Exchange['res'], buf: Buffer): boolean {
  return (res as ServerResponse).write(buf);
}

async function drainOrClose(res: Exchange['res']): Promise<void> {
  const ac = new AbortController();
  try {
    await Promise.race([once(res, 'drain', { signal: ac.signal }), once(res, 'close', { signal: ac.signal })]);
  } finally {
    ac.abort();
  }
}

/** Age to report for a stored entry now (RFC 9111 §4.2.3), in whole seconds (§5.1). */
export function ageSeconds(meta: EntryMeta, nowMs: number): number {
  return Math.floor(entryAgeMs(meta, nowMs) / 1000);
}
