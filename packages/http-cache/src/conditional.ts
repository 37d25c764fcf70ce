// Answering a client's conditional request from a stored response (RFC 9110 §13.2, RFC 9111 §4.3.2).
import { getHeader } from './header-fields.js';
import { parseHttpDate } from './http-date.js';
import { parseEntityTags, responseEntityTag, strongMatch, weakMatch } from './entity-tag.js';
import type { HeaderMap } from './types.js';

export type ConditionalOutcome = 'not-modified' | 'precondition-failed' | 'none';

export interface ClientConditionalInput {
  readonly method: string;
  readonly req: HeaderMap;
  /** Header fields of the stored response that the cache selected. */
  readonly stored: HeaderMap;
  /** Its status. */
  readonly status: number;
  /** When it was received: the last resort for If-Modified-Since (RFC 9111 §4.3.2). */
  readonly storedAtMs?: number;
}

/**
 * RFC 9110 §13.2.2, evaluated in its order against the stored response:
 *   1. If-Match (strong comparison; '*' matches)                     false → precondition-failed
 *   2. else If-Unmodified-Since                                        false → precondition-failed
 *   3. If-None-Match (weak comparison; '*' matches)  false → not-modified (GET/HEAD) | precondition-failed
 *   4. else, GET/HEAD only, If-Modified-Since                          false → not-modified
 * Preconditions apply only when the response would be 2xx (§13.2.1). RFC 9111 §4.3.2 adds that a cache
 * need not evaluate steps 1–2 at all; the edge may instead forward such requests (see
 * `hasOriginOnlyPreconditions`). Evaluated here they give what the origin would for this representation.
 */
export function evaluateClientConditional(input: ClientConditionalInput): ConditionalOutcome {
  if (input.status < 200 || input.status > 299) return 'none';
  const { req, stored } = input;
  const ifMatch = getHeader(req, 'if-match');
  if (ifMatch !== undefined) {
    if (!ifMatchPasses(ifMatch, stored)) return 'precondition-failed';
  } else if (!ifUnmodifiedSincePasses(getHeader(req, 'if-unmodified-since'), stored)) {
    return 'precondition-failed';
  }
  const safe = input.method === 'GET' || input.method === 'HEAD';
  const ifNoneMatch = getHeader(req, 'if-none-match');
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatchPasses(ifNoneMatch, stored)) return 'none';
    return safe ? 'not-modified' : 'precondition-failed';
  }
  if (safe && !ifModifiedSincePasses(getHeader(req, 'if-modified-since'), stored, input.storedAtMs)) {
    return 'not-modified';
  }
  return 'none';
}

/** RFC 9110 §13.1.1: true for '*' (we hold a representation) or a strong match with the stored ETag. */
export function ifMatchPasses(value: string, stored: HeaderMap): boolean {
  const tags = parseEntityTags(value);
  if (tags === '*') return true;
  const current = responseEntityTag(stored);
  return current !== undefined && tags.some((tag) => strongMatch(tag, current));
}

/**
 * RFC 9110 §13.1.4: false when Last-Modified is later than the given date. Ignored (true) when the
 * value is not a valid HTTP-date or the representation has no modification date.
 */
export function ifUnmodifiedSincePasses(value: string | undefined, stored: HeaderMap): boolean {
  const since = parseHttpDate(value);
  const lastModified = parseHttpDate(getHeader(stored, 'last-modified'));
  return since === undefined || lastModified === undefined || lastModified <= since;
}

/** RFC 9110 §13.1.2: false when '*' or any listed tag weakly matches the stored ETag. */
export function ifNoneMatchPasses(value: string, stored: HeaderMap): boolean {
  const tags = parseEntityTags(value);
  if (tags === '*') return false;
  const current = responseEntityTag(stored);
  return current === undefined || !tags.some((tag) => weakMatch(tag, current));
}

/**
 * RFC 9110 §13.1.3: false (not modified) when the representation was last modified at or before the
 * date; an invalid date (including a list of dates) is ignored. RFC 9111 §4.3.2: without Last-Modified
 * a cache uses the stored Date, else the time the response was received.
 */
export function ifModifiedSincePasses(value: string | undefined, stored: HeaderMap, storedAtMs?: number): boolean {
  const since = parseHttpDate(value);
  if (since === undefined) return true;
  const modified =
    parseHttpDate(getHeader(stored, 'last-modified')) ?? parseHttpDate(getHeader(stored, 'date')) ?? storedAtMs;
  return modified === undefined || modified > since;
}

/**
 * RFC 9111 §4.3.2: If-Match and If-Unmodified-Since "are not applicable to a cache" — an edge that
 * prefers not to answer them itself forwards requests for which this is true.
 */
export function hasOriginOnlyPreconditions(req: HeaderMap): boolean {
  return getHeader(req, 'if-match') !== undefined || getHeader(req, 'if-unmodified-since') !== undefined;
}

/** RFC 9110 §15.4.5: the fields a 304 carries when they would have been in the 200. */
export const NOT_MODIFIED_FIELDS: readonly string[] = [
  'cache-control',
  'content-location',
  'date',
  'etag',
  'expires',
  'vary',
  // Not required, but §15.4.5 names it as metadata that helps the recipient update its cache.
  'last-modified',
];

/**
 * RFC 9110 §15.4.5: the header fields of a 304 built from a stored response — nothing else, since a
 * sender SHOULD NOT send other representation metadata. Age and Cache-Status are the edge's to add.
 */
export function notModifiedHeaders(stored: HeaderMap): HeaderMap {
  const out: HeaderMap = {};
  for (const name of NOT_MODIFIED_FIELDS) {
    const value = stored[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
