// @candela/http-cache: the pure RFC 9110/9111/9211/9213/5861 rules of a shared (CDN) cache.
// No I/O and no clock: every time (`nowMs`, `*AtMs`) is an input.
export type { Directives, HeaderMap } from './types.js';
export { fieldLines, getHeader, isToken, listElements, splitList, trimOws, withoutFields } from './header-fields.js';
export { formatHttpDate, parseHttpDate, rfc850Year } from './http-date.js';
export { DELTA_SECONDS_MAX, deltaSeconds, formatCacheControl, parseCacheControl, scanDirectives } from './cache-control.js';
export type { DirectiveElement } from './cache-control.js';
export {
  SURROGATE_DIRECTIVES,
  TARGETED_FIELDS,
  cacheDirectives,
  parseSurrogateControl,
  parseTargetedField,
  usesExpires,
} from './targeted-fields.js';
export type { DirectiveSource, EffectiveDirectives } from './targeted-fields.js';
export {
  HEURISTICALLY_CACHEABLE,
  HEURISTIC_CAP_MS,
  HEURISTIC_FRACTION,
  dateValueMs,
  expiresLifetimeMs,
  freshnessLifetimeMs,
  heuristicLifetimeMs,
} from './freshness.js';
export type { Freshness, FreshnessInput } from './freshness.js';
export { ageIsTrustworthy, currentAgeMs, initialAgeMs, formatAge, isFresh, parseAge, stalenessMs } from './age.js';
export type { AgeInput } from './age.js';
export { UNDERSTOOD_STATUS, storability } from './storable.js';
export type { NotStorableReason, Storability, StorabilityInput } from './storable.js';
export { normalisedFieldValue, variantKey, varyFields } from './vary.js';
export { formatEntityTag, parseEntityTags, responseEntityTag, strongMatch, weakMatch } from './entity-tag.js';
export type { EntityTag } from './entity-tag.js';
export {
  NOT_MODIFIED_FIELDS,
  evaluateClientConditional,
  hasOriginOnlyPreconditions,
  notModifiedHeaders,
} from './conditional.js';
export type { ClientConditionalInput, ConditionalOutcome } from './conditional.js';
export {
  NOT_UPDATED_BY_304,
  conditionalHeadersFor,
  headersAfter304,
  isNotModifiedFor,
  mustRevalidateBeforeReuse,
} from './revalidation.js';
export { MAX_RANGES, contentRange, ifRangeAllows, parseRange, unsatisfiedRange } from './range.js';
export type { ByteRange, RangeRequest } from './range.js';
export { invalidationTargets, isUnsafeMethod } from './invalidation.js';
export type { InvalidationInput } from './invalidation.js';
export { appendCacheStatus, formatCacheStatus } from './cache-status.js';
export type { CacheStatusEntry, ForwardReason } from './cache-status.js';
export { KEPT_CODINGS, codingWeights, normaliseAcceptEncoding } from './accept-encoding.js';
export { HOP_BY_HOP, connectionOptions, storedHeaders, stripHopByHop, withheldFields } from './hop-by-hop.js';
export {
  maxStaleMs,
  onlyIfCached,
  pragmaNoCache,
  requestAllowsStored,
  requestDirectives,
} from './request-directives.js';
export type { RequestAllowsInput, RequestVerdict } from './request-directives.js';
export { mayServeStale, staleForbidden, staleWindowMs } from './stale.js';
export type { MayServeStaleInput } from './stale.js';
