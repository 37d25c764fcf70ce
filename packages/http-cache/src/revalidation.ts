// Revalidating a stored response with the origin (RFC 9111 §4.3): the conditional request, choosing
// the stored response a 304 applies to, and updating its header fields.
import { getHeader } from './header-fields.js';
import { formatHttpDate, parseHttpDate } from './http-date.js';
import { formatEntityTag, parseEntityTags, responseEntityTag, strongMatch, weakMatch } from './entity-tag.js';
import { storedHeaders } from './hop-by-hop.js';
import type { Directives, HeaderMap } from './types.js';

/**
 * RFC 9111 §5.2.2.4: a `no-cache` response must be validated before every reuse. A shared cache MAY
 * treat the qualified form (`no-cache="set-cookie"`) as unqualified; we do, and `storedHeaders` also
 * drops the listed fields so they can never be replayed.
 */
export function mustRevalidateBeforeReuse(directives: Directives): boolean {
  return directives.has('no-cache');
}

/**
 * RFC 9111 §4.3.1: the validators to send when revalidating: If-None-Match from the stored ETag and
 * If-Modified-Since from Last-Modified (never from Date: a Date is not a validator, and origins often
 * compare If-Modified-Since textually with their Last-Modified, so the value is copied verbatim).
 */
export function conditionalHeadersFor(stored: HeaderMap): HeaderMap {
  const out: HeaderMap = {};
  const etag = getHeader(stored, 'etag');
  const tags = parseEntityTags(etag);
  if (etag !== undefined && tags !== '*' && tags.length > 0) {
    out['if-none-match'] = isWellFormedEntityTag(etag) ? etag.trim() : tags.map(formatEntityTag).join(', ');
  }
  const lastModified = getHeader(stored, 'last-modified');
  if (parseHttpDate(lastModified) !== undefined && lastModified !== undefined) out['if-modified-since'] = lastModified.trim();
  return out;
}

function isWellFormedEntityTag(value: string): boolean {
  return /^(W\/)?"[^"]*"$/.test(value.trim());
}

/**
 * RFC 9111 §4.3.4: whether a 304 applies to this stored response. A strong ETag in the 304 must
 * strongly match the stored one; a weak ETag must weakly match; a Last-Modified in the 304 must equal
 * the stored one. A 304 with neither validator applies: it answers the conditional request we built
 * from this very response (§4.3.4 strictly requires the stored response to lack validators too, which
 * would leave the cache holding a 304 and no content).
 */
export function isNotModifiedFor(stored: HeaderMap, res304: HeaderMap): boolean {
  const newTag = responseEntityTag(res304);
  if (newTag !== undefined) {
    const storedTag = responseEntityTag(stored);
    if (storedTag === undefined) return false;
    const matches = newTag.weak ? weakMatch(newTag, storedTag) : strongMatch(newTag, storedTag);
    if (!matches) return false;
  }
  const newModified = parseHttpDate(getHeader(res304, 'last-modified'));
  if (newModified !== undefined && parseHttpDate(getHeader(stored, 'last-modified')) !== newModified) return false;
  return true;
}

/**
 * Fields a 304 never updates (RFC 9111 §3.2):
 * - content-length: explicitly excluded;
 * - content-range: "automatically processed" by the recipient, which MAY refrain from updating it;
 * - content-encoding, content-md5, etag: fields "the cache's stored response depends upon" — they
 *   describe the stored bytes (their coding, digest and identity), which a 304 does not replace.
 */
export const NOT_UPDATED_BY_304: ReadonlySet<string> = new Set([
  'content-length',
  'content-range',
  'content-encoding',
  'content-md5',
  'etag',
]);

/**
 * RFC 9111 §3.2 / §4.3.4: the stored header fields updated with those of a 304: each field the 304
 * carries replaces the stored one, except the §3.1 exclusions (hop-by-hop, Connection-listed, proxy
 * and qualified no-cache/private fields, see `storedHeaders`) and NOT_UPDATED_BY_304. Targeted fields
 * (CDN-Cache-Control, Surrogate-Control) DO update: they carry the new cache policy.
 * Age always comes from the 304 (dropped if it has none): the stored Age described the old message and
 * would otherwise be added again to the new response time. When `responseAtMs` is given and the 304
 * has no valid Date, Date becomes that time (RFC 9110 §6.6.1), so the refreshed response does not look
 * as old as the first one.
 */
export function headersAfter304(stored: HeaderMap, res304: HeaderMap, responseAtMs?: number): HeaderMap {
  const out: HeaderMap = { ...stored };
  delete out.age;
  const incoming = storedHeaders(res304);
  for (const name of Object.keys(incoming)) {
    const lower = name.toLowerCase();
    if (!NOT_UPDATED_BY_304.has(lower)) out[lower] = incoming[name];
  }
  if (responseAtMs !== undefined && parseHttpDate(getHeader(res304, 'date')) === undefined) {
    out.date = formatHttpDate(responseAtMs);
  }
  return out;
}
