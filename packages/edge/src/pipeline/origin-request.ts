// Builds the request sent to the origin: the client's header fields minus hop-by-hop ones (RFC 9110
// §7.6.1), the origin's Host, forwarding information, the property's request header edits, and the
// web root prepended to the path. On a cache fill the client's own validators and Range are dropped:
// the edge fetches the whole representation once and answers conditionals and ranges itself.
import { stripHopByHop } from '@candela/http-cache';
import type { HeaderMap } from '@candela/http-cache';
import type { Origin } from '@candela/contract';
import { originPort } from '../origin/origin-pool.js';
import type { OriginRequest } from '../origin/origin-pool.js';
import type { Exchange } from './exchange.js';
import { SURROGATE_CAPABILITY } from './deps.js';

const CLIENT_VALIDATORS = ['if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range', 'range'];

export function originPath(origin: Origin, path: string, query: string): string {
  const root = origin.webRoot.endsWith('/') ? origin.webRoot.slice(0, -1) : origin.webRoot;
  return root + path + (query === '' ? '' : '?' + query);
}

export interface OriginRequestOptions {
  /** A cache fill: drop the client's validators and Range. */
  readonly fill: boolean;
  /** Validators of a stored response for conditional revalidation (RFC 9111 §4.3.1). */
  readonly conditional?: HeaderMap;
}

export function buildOriginRequest(x: Exchange, origin: Origin, opts: OriginRequestOptions): OriginRequest {
  const headers: Record<string, string | string[]> = {};
  const src = stripHopByHop(x.lookupHeaders);
  for (const name in src) {
    const v = src[name];
    if (v === undefined || name.charCodeAt(0) === 58 /* ':' pseudo-header */) continue;
    headers[name] = v;
  }
  delete headers.host;
  if (opts.fill) for (const name of CLIENT_VALIDATORS) delete headers[name];
  if (opts.conditional) {
    for (const name in opts.conditional) {
      const v = opts.conditional[name];
      if (v !== undefined) headers[name] = v;
    }
  }
  const port = originPort(origin);
  const defaultPort = origin.protocol === 'https' ? 443 : 80;
  headers.host = origin.hostHeader ?? (port === defaultPort ? origin.host : `${origin.host}:${port}`);
  const xff = x.info.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = xff ? `${String(xff)}, ${x.info.clientIp}` : x.info.clientIp;
  headers['x-forwarded-host'] = x.info.host;
  headers['x-forwarded-proto'] = x.info.scheme;
  // Edge Architecture 1.0 §2: announce ourselves after any surrogate in front of us.
  const capability = headers['surrogate-capability'];
  headers['surrogate-capability'] = capability ? `${String(capability)}, ${SURROGATE_CAPABILITY}` : SURROGATE_CAPABILITY;
  const b = x.behaviours;
  if (b) {
    for (const name of b.requestHeaderRemove) delete headers[name];
    for (const [name, value] of b.requestHeaderSet) headers[name] = value;
  }
  const method = x.info.method;
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return {
    method,
    path: originPath(origin, x.info.path, x.info.query),
    headers,
    body: hasBody ? x.req : null,
  };
}
