// The edge configuration document: what an edge serves. Written by hand for `candela edge --config`
// today and pushed by the control plane later; one schema for both (domain.md §2).
import { z } from 'zod';
import { MIN_TTL_MS, parseTtlMs, TTL_PATTERN } from './duration.js';
import { generatedResponseSchema, geoRestrictionSchema, ipRestrictionSchema } from './edge-access.js';
import { headerEditsSchema, headerValueSchema } from './http-fields.js';
import { tokenAuthSchema } from './token-auth.js';

const hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(\*|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)$/, {
    message: 'hostname.format',
  });


const ttl = z
  .string()
  // abort: a TTL that is not one at all must not also be told it is under the minimum.
  .regex(TTL_PATTERN, { message: 'ttl.format', abort: true })
  .refine((t) => (parseTtlMs(t) ?? 0) >= MIN_TTL_MS, { message: 'ttl.minimum', params: { minimum: `${MIN_TTL_MS / 1000}s` } });

export const originSchema = z.strictObject({
  protocol: z.enum(['http', 'https']).default('http'),
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535).optional(),
  /** Alternate web root: a path prefix prepended to every request path sent to the origin. */
  webRoot: z.string().regex(/^\/[^?#]*$/, { message: 'origin.webRoot' }).default('/'),
  /** Host header sent to the origin ("origin DNS"); defaults to the origin host. */
  hostHeader: z.string().min(1).max(253).optional(),
  /** Per-request timeouts towards the origin. */
  connectTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  responseTimeoutMs: z.number().int().min(100).max(300_000).default(30_000),
});

const backupOrigin = originSchema;

export const cacheControlSchema = z.strictObject({
  internal: z.discriminatedUnion('policy', [
    z.strictObject({ policy: z.literal('ttl'), ttl }),
    z.strictObject({ policy: z.literal('as-is') }),
    z.strictObject({ policy: z.literal('no-cache') }),
    z.strictObject({ policy: z.literal('no-store') }),
  ]),
  /** Cache-Control sent to clients; `force` replaces the origin's value even when it sent one. */
  external: z.strictObject({ value: headerValueSchema.min(1), force: z.boolean().default(false) }).optional(),
});


export const behavioursSchema = z.strictObject({
  cacheControl: cacheControlSchema.optional(),
  queryString: z.enum(['honour', 'ignore']).optional(),
  acceptEncoding: z.enum(['normalise', 'as-is']).optional(),
  requestHeaders: headerEditsSchema.optional(),
  responseHeaders: headerEditsSchema.optional(),
  /** Checked before anything else; a refused client never reaches the cache or the origin. */
  ipRestriction: ipRestrictionSchema.optional(),
  /** Checked after the IP restriction: clients by country (the edge's geo database), with IP exceptions. */
  geoRestriction: geoRestrictionSchema.optional(),
  /** Signed URLs (domain.md §4): checked after the restrictions, before the cache. */
  tokenAuth: tokenAuthSchema.optional(),
  /** Answer with this response instead of serving content (custom errors, redirects). */
  generatedResponse: generatedResponseSchema.optional(),
});

export const matchOpSchema = z.enum(['==', '%=', '*=', '%*']);
export const matchValueSchema = z.string().min(1).max(2048);

/**
 * Match criterion on the path without query (domain.md §2): first matching rule wins. One value, or a list
 * (a string-list definition, inlined by the control plane) that matches when any of its values does.
 * One object with a refinement rather than a union, so a problem is reported at its own field.
 */
export const matchSchema = z
  .strictObject({
    op: matchOpSchema,
    value: matchValueSchema.optional(),
    values: z.array(matchValueSchema).min(1).max(10_000).optional(),
    /** The `!` prefix: the rule applies when the criterion does NOT match. */
    negate: z.boolean().default(false),
  })
  .refine((m) => (m.value === undefined) !== (m.values === undefined), { message: 'match.valueOrList', path: ['value'] });

export const ruleSchema = z.strictObject({
  name: z.string().max(200).optional(),
  match: matchSchema,
  behaviours: behavioursSchema,
});

export const propertySchema = z.strictObject({
  /** Stable identifier; the control plane uses the primary alias. */
  id: z.string().min(1).max(253),
  scid: z.string().regex(/^[A-Z0-9]{9}$/, { message: 'scid.format' }).optional(),
  /** Hostnames served; the first is the primary alias. `*` (single-origin mode) matches any Host. */
  aliases: z.array(hostname).min(1).max(100),
  origin: originSchema,
  backupOrigin: backupOrigin.optional(),
  /** Which schemes clients may use (domain.md §2); the edge redirects or refuses the other. */
  clientProtocols: z.enum(['http', 'https', 'both']).default('both'),
  defaults: behavioursSchema.default({}),
  rules: z.array(ruleSchema).max(1000).default([]),
  /** Which configuration version this property came from (set by the control plane; shown in logs). */
  source: z
    .strictObject({ configurationId: z.string().min(1).max(100), version: z.number().int().min(1) })
    .optional(),
});

/**
 * A production candidate slot (domain.md §2, canary): `percent` of clients, chosen deterministically per
 * client address and `key`, are served these properties instead of the current ones for the same aliases.
 */
export const candidateSlotSchema = z.strictObject({
  /** The configuration the slot belongs to: independent canaries split clients independently. */
  key: z.string().min(1).max(100),
  percent: z.number().int().min(0).max(100),
  properties: z.array(propertySchema).max(1000),
});

/**
 * A TLS certificate for HTTPS / HTTP/2, selected by SNI. PEM text (pushed by the control plane) or
 * file paths (hand-written documents); exactly one of the two forms.
 */
export const certificateSchema = z
  .strictObject({
    hostnames: z.array(hostname).min(1).max(100),
    certPem: z.string().min(1).optional(),
    keyPem: z.string().min(1).optional(),
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
  })
  .refine((c) => (c.certPem !== undefined && c.keyPem !== undefined) !== (c.certFile !== undefined && c.keyFile !== undefined), {
    message: 'certificate.source',
  });

export const edgeConfigSchema = z
  .strictObject({
    /** Monotonic version of the whole document (the control plane's snapshot number). */
    version: z.number().int().min(0).default(0),
    properties: z.array(propertySchema).max(10_000),
    certificates: z.array(certificateSchema).max(10_000).default([]),
    /** Production candidate slots (canary); see candidateSlotSchema. */
    candidates: z.array(candidateSlotSchema).max(10_000).default([]),
    /** Staging versions: served only on the staging listener, which falls back to production. */
    staging: z.array(propertySchema).max(10_000).default([]),
  })
  .superRefine((doc, ctx) => {
    // An alias names one property per set an edge looks up: production, staging, each candidate slot.
    const uniqueAliases = (list: readonly Property[], at: (string | number)[]) => {
      const seen = new Map<string, number>();
      list.forEach((p, i) => {
        p.aliases.forEach((alias, j) => {
          const first = seen.get(alias);
          if (first !== undefined && first !== i) {
            ctx.addIssue({
              code: 'custom',
              path: [...at, i, 'aliases', j],
              message: 'alias.servedBy',
              params: { alias, owner: [...at, first].join('/') },
            });
          } else seen.set(alias, i);
        });
      });
    };
    uniqueAliases(doc.properties, ['properties']);
    uniqueAliases(doc.staging, ['staging']);
    const candidateOwner = new Map<string, number>();
    doc.candidates.forEach((slot, s) => {
      uniqueAliases(slot.properties, ['candidates', s, 'properties']);
      slot.properties.forEach((p, i) =>
        p.aliases.forEach((alias, j) => {
          const owner = candidateOwner.get(alias);
          if (owner !== undefined && owner !== s) {
            ctx.addIssue({ code: 'custom', path: ['candidates', s, 'properties', i, 'aliases', j], message: 'alias.alreadyIn', params: { alias, owner: `candidates/${owner}` } });
          } else candidateOwner.set(alias, s);
        }),
      );
    });
  });

export type EdgeConfig = z.output<typeof edgeConfigSchema>;
export type EdgeConfigInput = z.input<typeof edgeConfigSchema>;
export type Certificate = z.output<typeof certificateSchema>;
export type Property = z.output<typeof propertySchema>;
export type Origin = z.output<typeof originSchema>;
export type Behaviours = z.output<typeof behavioursSchema>;
export type Rule = z.output<typeof ruleSchema>;
export type CacheControlBehaviour = z.output<typeof cacheControlSchema>;
export type CandidateSlot = z.output<typeof candidateSlotSchema>;
export type Match = z.output<typeof matchSchema>;
