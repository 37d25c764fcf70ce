// Whether a SHARED cache may store a response at all (RFC 9111 §3). Freshness and reuse are decided
// elsewhere; a storable response may still need revalidation on every use (no-cache).
import { parseCacheControl } from './cache-control.js';
import { fieldLines, getHeader } from './header-fields.js';
import { HEURISTICALLY_CACHEABLE } from './freshness.js';
import { cacheDirectives, usesExpires } from './targeted-fields.js';
import type { DirectiveSource } from './targeted-fields.js';
import type { Directives, HeaderMap } from './types.js';

export type NotStorableReason =
  | 'head'
  | 'method'
  | 'not-final'
  | 'partial'
  | 'not-modified'
  | 'status'
  | 'must-understand'
  | 'request-no-store'
  | 'no-store'
  | 'private'
  | 'authorization'
  | 'no-freshness';

export type Storability = { storable: true } | { storable: false; reason: NotStorableReason };

export interface StorabilityInput {
  readonly method: string;
  readonly status: number;
  readonly req: HeaderMap;
  readonly res: HeaderMap;
  /** The effective directives (see `cacheDirectives`). */
  readonly directives: Directives;
  /** Where `directives` came from; decides whether Expires counts. Derived from `res` when omitted. */
  readonly source?: DirectiveSource;
}

/**
 * RFC 9110 §15 (+ RFC 6585, RFC 7725): status codes whose caching rules this cache implements, for
 * `must-understand` (RFC 9111 §5.2.2.3).
 */
export const UNDERSTOOD_STATUS: ReadonlySet<number> = new Set([
  200, 201, 202, 203, 204, 205, 300, 301, 302, 303, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407,
  408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 426, 428, 429, 431, 451, 500, 501, 502, 503,
  504, 505, 511,
]);

/** RFC 9111 §3, every condition in the order the section lists them; the first failure is the reason. */
export function storability(input: StorabilityInput): Storability {
  const reason =
    methodProblem(input.method) ??
    statusProblem(input.status) ??
    mustUnderstandProblem(input.status, input.directives) ??
    noStoreProblem(input) ??
    privateProblem(input.directives) ??
    authorizationProblem(input.req, input.directives) ??
    freshnessProblem(input);
  return reason === undefined ? { storable: true } : { storable: false, reason };
}

/**
 * RFC 9111 §3 "the request method is understood": we store GET responses only. A HEAD response has no
 * content, so it can never stand in for a GET ('head'); it can only refresh a stored one (§4.3.5).
 */
export function methodProblem(method: string): NotStorableReason | undefined {
  if (method === 'GET') return undefined;
  return method === 'HEAD' ? 'head' : 'method';
}

/**
 * RFC 9111 §3 "the response status code is final": 1xx are not. 206 and 304 may only be stored by a
 * cache that understands them; this cache keeps complete responses only, so both are refused.
 * Codes outside 100–599 are not HTTP status codes at all (RFC 9110 §15).
 */
export function statusProblem(status: number): NotStorableReason | undefined {
  if (!Number.isInteger(status) || status < 100 || status > 599) return 'status';
  if (status < 200) return 'not-final';
  if (status === 206) return 'partial';
  if (status === 304) return 'not-modified';
  return undefined;
}

/** RFC 9111 §5.2.2.3: with must-understand, a status whose caching rules we do not know is not stored. */
export function mustUnderstandProblem(status: number, directives: Directives): NotStorableReason | undefined {
  return directives.has('must-understand') && !UNDERSTOOD_STATUS.has(status) ? 'must-understand' : undefined;
}

/**
 * RFC 9111 §5.2.1.5 (request) and §5.2.2.5 (response) no-store. §5.2.2.3: a cache that understands the
 * status SHOULD ignore the response's no-store when must-understand is present (it exists to let new
 * caches store what old ones must not).
 */
export function noStoreProblem(input: StorabilityInput): NotStorableReason | undefined {
  if (parseCacheControl(getHeader(input.req, 'cache-control')).has('no-store')) return 'request-no-store';
  const understood = input.directives.has('must-understand') && UNDERSTOOD_STATUS.has(input.status);
  return input.directives.has('no-store') && !understood ? 'no-store' : undefined;
}

/**
 * RFC 9111 §5.2.2.7: a shared cache must not store a `private` response. The qualified form
 * (`private="set-cookie"`) would allow storing without the named fields; we treat it as unqualified
 * (never stored), which the section permits and which cannot leak a listed field by mistake.
 */
export function privateProblem(directives: Directives): NotStorableReason | undefined {
  return directives.has('private') ? 'private' : undefined;
}

/**
 * RFC 9111 §3.5: a response to a request with Authorization is stored by a shared cache only when it
 * carries must-revalidate, public or s-maxage.
 */
export function authorizationProblem(req: HeaderMap, directives: Directives): NotStorableReason | undefined {
  if (getHeader(req, 'authorization') === undefined) return undefined;
  const allowed = ['must-revalidate', 'public', 's-maxage'].some((name) => directives.has(name));
  return allowed ? undefined : 'authorization';
}

/**
 * RFC 9111 §3, last condition: the response says how long it stays fresh (Expires, max-age, s-maxage),
 * says `public`, or has a status that is cacheable by default (heuristically cacheable, RFC 9110 §15.1).
 * Expires does not count when a targeted field is in use (RFC 9213 §2.1).
 */
export function freshnessProblem(input: StorabilityInput): NotStorableReason | undefined {
  const { directives } = input;
  if (['max-age', 's-maxage', 'public'].some((name) => directives.has(name))) return undefined;
  if (HEURISTICALLY_CACHEABLE.has(input.status)) return undefined;
  const source = input.source ?? cacheDirectives(input.res).source;
  const hasExpires = usesExpires(source) && fieldLines(input.res, 'expires').length > 0;
  return hasExpires ? undefined : 'no-freshness';
}
