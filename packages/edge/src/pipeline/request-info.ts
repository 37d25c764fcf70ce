// Step 1 of the pipeline: what the request asks for, normalised once. HTTP/2 carries the host in
// `:authority` rather than `host`, so both protocols are folded into one shape here, before any
// cache logic runs.
import type { IncomingHttpHeaders } from 'node:http';

export interface RequestInfo {
  readonly method: string;
  /** Lower-case host without port. */
  readonly host: string;
  /** Path without query, as received. */
  readonly path: string;
  /** Query without '?', '' when none. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly clientIp: string;
  /** 'HTTP/1.1' or 'HTTP/2' as logged. */
  readonly protocol: string;
  readonly scheme: 'http' | 'https';
}

/**
 * The client's address as rules and logs see it: a dual-stack listener reports IPv4 clients as
 * IPv4-mapped IPv6 (`::ffff:192.0.2.7`); the plain IPv4 form keeps the canary split and logs the same
 * whichever way the listener was bound.
 */
export function clientAddress(remote: string | undefined): string {
  if (remote === undefined) return '';
  return remote.startsWith('::ffff:') && remote.includes('.') ? remote.slice(7) : remote;
}

export function hostOf(headers: IncomingHttpHeaders): string {
  const raw = (headers[':authority'] as string | undefined) ?? headers.host ?? '';
  // Strip a port, keeping IPv6 literals intact: "[::1]:8080" → "[::1]".
  let host = raw;
  if (raw.startsWith('[')) {
    const close = raw.indexOf(']');
    host = close === -1 ? raw : raw.slice(0, close + 1);
  } else {
    const colon = raw.indexOf(':');
    if (colon !== -1) host = raw.slice(0, colon);
  }
  host = host.toLowerCase();
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

export function splitTarget(url: string): { path: string; query: string } {
  // Absolute-form targets ("http://host/path") are accepted from proxies; keep only the path.
  let target = url;
  if (!target.startsWith('/')) {
    const scheme = target.indexOf('://');
    if (scheme !== -1) {
      const slash = target.indexOf('/', scheme + 3);
      target = slash === -1 ? '/' : target.slice(slash);
    }
  }
  const q = target.indexOf('?');
  if (q === -1) return { path: target, query: '' };
  return { path: target.slice(0, q), query: target.slice(q + 1) };
}
