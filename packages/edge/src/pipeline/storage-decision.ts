// Whether and for how long an origin response is kept: RFC 9111 §3 storability and §4.2 freshness,
// combined with the property's internal cache policy (domain.md §2).
//   as-is    → the origin's headers decide (targeted fields first, RFC 9213).
//   ttl      → stored for the configured TTL even without (or against) origin freshness headers;
//              no-store, private and Authorization still prevent storage, so personalised
//              responses can never be shared by a TTL rule.
//   no-cache → stored, but every reuse revalidates with the origin.
//   no-store → never stored.
import {
  ageIsTrustworthy,
  cacheDirectives,
  freshnessLifetimeMs,
  getHeader,
  HEURISTICALLY_CACHEABLE,
  mustRevalidateBeforeReuse,
  parseCacheControl,
  storability,
  varyFields,
} from '@candela/http-cache';
import type { Directives, HeaderMap } from '@candela/http-cache';
import type { EffectiveBehaviours } from '../config/compile.js';
import { SURROGATE_DEVICE_TOKEN } from './deps.js';

export interface StorageDecision {
  readonly store: boolean;
  readonly reason: string;
  readonly freshnessMs: number;
  readonly vary: string[];
  readonly directives: Directives;
}

export interface StorageInput {
  readonly method: string;
  readonly status: number;
  readonly req: HeaderMap;
  readonly res: HeaderMap;
  readonly responseAtMs: number;
  readonly behaviours: EffectiveBehaviours;
}

export function decideStorage(input: StorageInput): StorageDecision {
  const { directives, source } = cacheDirectives(input.res, SURROGATE_DEVICE_TOKEN);
  const vary = varyFields(input.res);
  const no = (reason: string): StorageDecision => ({ store: false, reason, freshnessMs: 0, vary, directives });
  const policy = input.behaviours.cachePolicy;
  if (input.method !== 'GET') return no('method');
  if (policy === 'no-store') return no('policy-no-store');
  if (vary.includes('*')) return no('vary-star');
  const verdict = storability({ method: input.method, status: input.status, req: input.req, res: input.res, directives, source });
  if (policy === 'ttl') {
    const reqDirectives = parseCacheControl(getHeader(input.req, 'cache-control'));
    const forbidden =
      directives.has('no-store') ||
      directives.has('private') ||
      reqDirectives.has('no-store') ||
      (input.req.authorization !== undefined && !verdict.storable);
    if (forbidden || !HEURISTICALLY_CACHEABLE.has(input.status)) return no(verdict.storable ? 'ttl-forbidden' : verdict.reason);
    return { store: true, reason: 'ttl', freshnessMs: input.behaviours.ttlMs, vary, directives };
  }
  if (!verdict.storable) return no(verdict.reason);
  if (policy === 'no-cache' || mustRevalidateBeforeReuse(directives)) {
    if (!hasValidator(input.res) && policy !== 'no-cache') return no('no-cache-without-validator');
    return { store: true, reason: 'revalidate-always', freshnessMs: 0, vary, directives };
  }
  const lifetimeMs = ageIsTrustworthy(input.res)
    ? freshnessLifetimeMs({ status: input.status, res: input.res, directives, source, responseAtMs: input.responseAtMs }).lifetimeMs
    : 0;
  // A response that is stale on arrival and has no validator could only ever be refetched in full:
  // keeping it would make later requests queue behind each other for nothing.
  if (lifetimeMs === 0 && !hasValidator(input.res)) return no('no-freshness');
  return { store: true, reason: 'fresh', freshnessMs: lifetimeMs, vary, directives };
}

function hasValidator(res: HeaderMap): boolean {
  return res.etag !== undefined || res['last-modified'] !== undefined;
}

/** The decision for an origin response to this exchange's request (GET fills and revalidations). */
export function decisionForResponse(
  x: { readonly info: { readonly method: string }; readonly lookupHeaders: HeaderMap; readonly behaviours: EffectiveBehaviours | undefined },
  up: { readonly status: number; readonly headers: HeaderMap; readonly responseAtMs: number },
): StorageDecision {
  return decideStorage({
    method: x.info.method,
    status: up.status,
    req: x.lookupHeaders,
    res: up.headers,
    responseAtMs: up.responseAtMs,
    behaviours: x.behaviours!,
  });
}
