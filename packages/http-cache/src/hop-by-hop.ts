// Fields that belong to one connection, or to the proxy itself, and so are never forwarded or stored
// (RFC 9110 §7.6.1, RFC 9111 §3.1).
import { parseCacheControl } from './cache-control.js';
import { getHeader, listElements, splitList, withoutFields } from './header-fields.js';
import { cacheDirectives } from './targeted-fields.js';
import type { HeaderMap } from './types.js';

/**
 * RFC 9110 §7.6.1: Connection and the connection-specific fields it names as examples (Keep-Alive,
 * Proxy-Connection, TE, Transfer-Encoding, Upgrade), plus Trailer (its trailers do not survive
 * re-framing). The proxy authentication fields (§11.7) are added because the edge is a gateway: they are
 * addressed to a proxy, never to the origin or the client, and RFC 9111 §3.1 forbids storing them.
 */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'proxy-authenticate',
  'proxy-authentication-info',
  'proxy-authorization',
]);

/** RFC 9110 §7.6.1: the (lower-case) field names listed in Connection. */
export function connectionOptions(h: HeaderMap): Set<string> {
  return new Set(listElements(h, 'connection').map((name) => name.toLowerCase()));
}

/** RFC 9110 §7.6.1: a copy without HOP_BY_HOP fields and the fields that Connection names. */
export function stripHopByHop(h: HeaderMap): HeaderMap {
  const named = connectionOptions(h);
  return withoutFields(h, (name) => HOP_BY_HOP.has(name) || named.has(name));
}

/**
 * RFC 9111 §3.1: the header fields to store: everything received, including unknown fields, except
 * hop-by-hop and Connection-listed fields, the proxy fields, and the fields named by a qualified
 * no-cache (§5.2.2.4) or private (§5.2.2.7) directive, in Cache-Control or in the targeted field in
 * use. Dropping those even though we revalidate no-cache responses anyway means a `no-cache="set-cookie"`
 * cookie can never be replayed to another client after a 304.
 */
export function storedHeaders(res: HeaderMap): HeaderMap {
  const withheld = withheldFields(res);
  const clean = stripHopByHop(res);
  return withheld.size === 0 ? clean : withoutFields(clean, (name) => withheld.has(name));
}

/** The field names listed by qualified no-cache / private directives (lower-case). */
export function withheldFields(res: HeaderMap): Set<string> {
  const out = new Set<string>();
  const sources = [parseCacheControl(getHeader(res, 'cache-control')), cacheDirectives(res).directives];
  for (const directives of sources) {
    for (const name of ['no-cache', 'private']) {
      const arg = directives.get(name);
      if (typeof arg === 'string') for (const field of splitList(arg)) out.add(field.toLowerCase());
    }
  }
  return out;
}
