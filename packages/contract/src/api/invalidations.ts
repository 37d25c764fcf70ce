// Content invalidation requests (domain.md §3, issue 5). Routes (docs/api.md "Content invalidation"):
//   POST /api/v1/services/{scid}/invalidations        create (202; permission content:invalidate)
//   GET  /api/v1/services/{scid}/invalidations        history, newest first, paged and searchable
//   GET  /api/v1/invalidations/{id}                    one request with its progress
// A request names properties of the service by primary alias (a property of another service or customer
// answers 404) and what to drop: paths in the wildcard grammar, cache tags, or whole properties.
// Type Normal = soft (the next request revalidates, an unchanged object costs a 304); Force = hard (the
// next request refetches unconditionally). Both apply to every kind.
import { z } from 'zod';
import { scidSchema } from './access-groups.js';
import { pageQueryShape, pageSchema } from './paging.js';
import type { PatternError, PatternErrorCode } from '../purge-pattern.js';
import type { ValidationMessageKey } from './validation-messages.js';
import { MAX_PATTERN_REPEAT } from '../purge-pattern.js';

const isoTimestamp = z.iso.datetime();

export const INVALIDATION_KINDS = ['path', 'tag', 'property'] as const;
export const invalidationKindSchema = z.enum(INVALIDATION_KINDS);
export type InvalidationKind = z.output<typeof invalidationKindSchema>;

export const INVALIDATION_TYPES = ['normal', 'force'] as const;
export const invalidationTypeSchema = z.enum(INVALIDATION_TYPES);
export type InvalidationType = z.output<typeof invalidationTypeSchema>;

/** Normal marks objects stale (revalidate); Force drops them (refetch). The edge's words for the same. */
export function invalidationMode(type: InvalidationType): 'soft' | 'hard' {
  return type === 'normal' ? 'soft' : 'hard';
}

/**
 * The limits of one request and of an access group (docs/api.md). Over a per-group limit the API answers
 * 429 RATE_LIMITED with Retry-After; limits are per access group, counted over a sliding window.
 */
export const INVALIDATION_LIMITS = {
  propertiesPerRequest: 50,
  pathsPerRequest: 1000,
  /** domain.md §3: ≤ 256 cache tags per request, each ≤ 1024 bytes. */
  tagsPerRequest: 256,
  tagBytes: 1024,
  pathLength: 2048,
  /** domain.md §3: the notify e-mail list is at most 250 characters. */
  notifyLength: 250,
  requestsPerMinutePerGroup: 60,
  itemsPerHourPerGroup: 10_000,
} as const;

/** Open for 12 hours without completing: the user is e-mailed and a ticket (or staff alert) is opened. */
export const INVALIDATION_ALERT_AFTER_MS = 12 * 60 * 60 * 1000;

const alias = z.string().trim().toLowerCase().min(1).max(253);

/**
 * POST body. `paths` for kind path (patterns of domain.md §3; a bad one is refused with its position in
 * the details), `tags` for kind tag, neither for kind property. `notify`: comma- or space-separated
 * e-mail addresses, told in the requester's language when the request completes.
 */
export const createInvalidationBodySchema = z
  .strictObject({
    kind: invalidationKindSchema,
    properties: z.array(alias).min(1).max(INVALIDATION_LIMITS.propertiesPerRequest),
    paths: z.array(z.string().min(1).max(INVALIDATION_LIMITS.pathLength)).max(INVALIDATION_LIMITS.pathsPerRequest).optional(),
    tags: z
      .array(z.string().min(1).refine((t) => new TextEncoder().encode(t).length <= INVALIDATION_LIMITS.tagBytes, { message: 'invalidation.tagTooLong' }))
      .max(INVALIDATION_LIMITS.tagsPerRequest)
      .optional(),
    type: invalidationTypeSchema.default('normal'),
    ignoreCase: z.boolean().default(false),
    notify: z.string().trim().max(INVALIDATION_LIMITS.notifyLength).default(''),
  })
  .superRefine((b, ctx) => {
    const required = { paths: 'invalidation.pathsRequired', tags: 'invalidation.tagsRequired' } as const;
    const notAllowed = { paths: 'invalidation.pathsNotAllowed', tags: 'invalidation.tagsNotAllowed' } as const;
    const need = (key: 'paths' | 'tags'): void => {
      if (b[key] === undefined || b[key].length === 0) ctx.addIssue({ code: 'custom', path: [key], message: required[key] });
    };
    const refuse = (key: 'paths' | 'tags'): void => {
      if (b[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: notAllowed[key] });
    };
    if (b.kind === 'path') {
      need('paths');
      refuse('tags');
    }
    if (b.kind === 'tag') {
      need('tags');
      refuse('paths');
    }
    if (b.kind === 'property') {
      refuse('paths');
      refuse('tags');
    }
    if (b.kind !== 'path' && b.ignoreCase) ctx.addIssue({ code: 'custom', path: ['ignoreCase'], message: 'invalidation.ignoreCaseOnlyForPaths' });
    for (const address of notifyAddresses(b.notify)) {
      if (!z.email().safeParse(address).success) ctx.addIssue({ code: 'custom', path: ['notify'], message: 'invalidation.notifyAddress', params: { address } });
    }
    if (new Set(b.properties).size !== b.properties.length) ctx.addIssue({ code: 'custom', path: ['properties'], message: 'invalidation.duplicateProperty' });
  });
export type CreateInvalidationBody = z.input<typeof createInvalidationBodySchema>;

/** The notify list as addresses: separated by commas, semicolons or white space. */
export function notifyAddresses(notify: string): string[] {
  return notify.split(/[\s,;]+/).filter((a) => a.length > 0);
}

export const INVALIDATION_STATUSES = ['pending', 'in-progress', 'complete'] as const;
export const invalidationStatusSchema = z.enum(INVALIDATION_STATUSES);
export type InvalidationStatus = z.output<typeof invalidationStatusSchema>;

/** Progress of one item (a path or a tag; for kind property, one item per property). */
export const invalidationItemSchema = z.object({
  value: z.string(),
  /** Objects matched so far, summed over the edges that acknowledged. */
  objectsMatched: z.number().int(),
});

export const invalidationSchema = z.object({
  id: z.string(),
  scid: scidSchema,
  kind: invalidationKindSchema,
  type: invalidationTypeSchema,
  properties: z.array(z.string()),
  items: z.array(invalidationItemSchema),
  ignoreCase: z.boolean(),
  notify: z.array(z.string()),
  /**
   * pending: no edge has applied it yet; in-progress: some have; complete: every edge in the fleet (not
   * removed) has. An edge removed from the fleet stops counting, so it never holds a request open.
   */
  status: invalidationStatusSchema,
  edgesDone: z.number().int(),
  edgesTotal: z.number().int(),
  /**
   * Edges done that have reported the objects they matched. An edge applies an invalidation at once and
   * counts its objects right after; objectsMatched is the sum of the counts reported so far, final once
   * edgesCounted equals edgesDone.
   */
  edgesCounted: z.number().int(),
  objectsMatched: z.number().int(),
  /** The feed position carrying it to the edges. */
  feedSeq: z.number().int(),
  requestedBy: z.string(),
  createdAt: isoTimestamp,
  completedAt: isoTimestamp.nullable(),
  /** Set when it was still open 12 hours after creation and the alert went out. */
  alertedAt: isoTimestamp.nullable(),
});
export type Invalidation = z.output<typeof invalidationSchema>;

export const invalidationListSchema = pageSchema(invalidationSchema);

/** History: newest first; filters for the older ones ("searchable"). */
export const invalidationListQuerySchema = z.strictObject({
  ...pageQueryShape,
  status: invalidationStatusSchema.optional(),
  /** Matches requests whose properties include this alias. */
  property: alias.optional(),
  /** Substring of a path or tag of the request (case-insensitive). */
  contains: z.string().trim().min(1).max(200).optional(),
  /** Created at or after / before (ISO 8601). */
  from: isoTimestamp.optional(),
  to: isoTimestamp.optional(),
});

export const invalidationScidParamsSchema = z.object({ scid: scidSchema });
export const invalidationIdParamsSchema = z.object({ id: z.string().min(1).max(100) });

/** The catalogue hint for each pattern error, so the caller reads it in their language. */
export const PATTERN_ERROR_HINTS: Record<PatternErrorCode, ValidationMessageKey> = {
  EMPTY_PATTERN: 'pattern.empty',
  UNCLOSED_SET: 'pattern.unclosedSet',
  EMPTY_SET: 'pattern.emptySet',
  BAD_SET_ITEM: 'pattern.badSetItem',
  BAD_RANGE: 'pattern.badRange',
  UNCLOSED_REPEAT: 'pattern.unclosedRepeat',
  BAD_REPEAT: 'pattern.badRepeat',
  REPEAT_TOO_LARGE: 'pattern.repeatTooLarge',
};

/** The hint key and its params for a pattern error; `position` is shown counting from 1. */
export function patternErrorHint(error: PatternError): { key: ValidationMessageKey; params: { position: number; maximum: number } } {
  return { key: PATTERN_ERROR_HINTS[error.code], params: { position: error.position + 1, maximum: MAX_PATTERN_REPEAT } };
}
