// Configurations, versions, diff, activations and the property registry (domain.md §2, issue 4).
// Routes (docs/api.md): configurations live under a service (SCID); a configuration's versions are
// immutable and numbered from 1; activations move versions into the staging or production slots.
import { z } from 'zod';
import { configurationDocumentSchema } from '../configuration-document.js';
import { scidSchema } from './access-groups.js';
import { pageQueryShape, pageSchema } from './paging.js';

const isoTimestamp = z.iso.datetime();
const comment = z.string().trim().max(2000);

export const configurationNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/, { message: 'configuration.name' });

export const NETWORKS = ['staging', 'production'] as const;
export const networkSchema = z.enum(NETWORKS);
export type Network = z.output<typeof networkSchema>;

/** What a configuration has in each slot right now. */
export const slotsSchema = z.object({
  staging: z.object({ version: z.number().int() }).nullable(),
  production: z.object({
    current: z.object({ version: z.number().int() }).nullable(),
    candidate: z.object({ version: z.number().int(), percent: z.number().int() }).nullable(),
  }),
});
export type Slots = z.output<typeof slotsSchema>;

export const configurationSchema = z.object({
  id: z.string(),
  scid: z.string(),
  name: z.string(),
  latestVersion: z.number().int(),
  createdAt: isoTimestamp,
  createdBy: z.string(),
  slots: slotsSchema,
});
export type Configuration = z.output<typeof configurationSchema>;

export const configurationListSchema = z.object({ items: z.array(configurationSchema) });

export const versionSummarySchema = z.object({
  configurationId: z.string(),
  version: z.number().int(),
  comment: z.string(),
  createdAt: isoTimestamp,
  /** Display name (e-mail) of the author; "x as y" while mimicking. */
  createdBy: z.string(),
  /** The primary aliases of its properties, for lists. */
  properties: z.array(z.string()),
});
export type VersionSummary = z.output<typeof versionSummarySchema>;

export const versionSchema = versionSummarySchema.extend({ document: configurationDocumentSchema });
export type ConfigurationVersion = z.output<typeof versionSchema>;

export const versionListSchema = pageSchema(versionSummarySchema);
export const versionListQuerySchema = z.strictObject({ ...pageQueryShape });

/** Version numbers fit a 32-bit integer column; a larger number could never name a version. */
const versionNumber = z.coerce.number().int().min(1).max(2_147_483_647);

export const scidParamsSchema = z.object({ scid: scidSchema });
export const versionParamsSchema = z.object({ id: z.string().min(1).max(100), version: versionNumber });

/**
 * POST /api/v1/services/{scid}/configurations: a new configuration at version 1. "Save as" is this same
 * call with the document of the version being viewed and a new name (docs/api.md).
 */
export const createConfigurationBodySchema = z.strictObject({
  name: configurationNameSchema,
  comment: comment.default(''),
  document: configurationDocumentSchema,
});

/** POST /api/v1/configurations/{id}/versions: save = next version. */
export const saveVersionBodySchema = z.strictObject({
  /** The version the edit started from; a newer one saved meanwhile answers 409 VERSION_CONFLICT. */
  baseVersion: z.number().int().min(1).max(2_147_483_647),
  comment: comment.default(''),
  document: configurationDocumentSchema,
});

export const diffQuerySchema = z.strictObject({
  from: versionNumber,
  to: versionNumber,
});

/** One difference between two documents, at a JSON pointer (RFC 6901) into the document. */
export const diffChangeSchema = z.object({
  pointer: z.string(),
  op: z.enum(['add', 'remove', 'replace']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type DiffChange = z.output<typeof diffChangeSchema>;
export const diffSchema = z.object({ from: z.number().int(), to: z.number().int(), changes: z.array(diffChangeSchema) });
export type ConfigurationDiff = z.output<typeof diffSchema>;

/**
 * POST /api/v1/configurations/{id}/activations.
 * - staging / production-current: the version replaces what the slot held (rollback = an older version);
 * - production-candidate: canary for `percent` of clients; percent 0 removes the candidate;
 * - promote: the candidate becomes current (no version given).
 */
export const activationTargetSchema = z.enum(['staging', 'production', 'candidate', 'promote']);
export type ActivationTarget = z.output<typeof activationTargetSchema>;

export const activateBodySchema = z
  .strictObject({
    target: activationTargetSchema,
    version: z.number().int().min(1).optional(),
    percent: z.number().int().min(0).max(100).optional(),
    comment: comment.default(''),
  })
  .superRefine((b, ctx) => {
    if (b.target !== 'promote' && b.version === undefined && !(b.target === 'candidate' && b.percent === 0)) {
      ctx.addIssue({ code: 'custom', path: ['version'], message: 'activation.versionRequired' });
    }
    if (b.target === 'candidate' && b.percent === undefined) {
      ctx.addIssue({ code: 'custom', path: ['percent'], message: 'activation.percentRequired' });
    }
    if (b.target !== 'candidate' && b.percent !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['percent'], message: 'activation.percentOnlyForCandidate' });
    }
  });

export const ACTIVATION_STATUSES = ['pending', 'propagating', 'active', 'rolled-back', 'superseded'] as const;
export const activationStatusSchema = z.enum(ACTIVATION_STATUSES);
export type ActivationStatus = z.output<typeof activationStatusSchema>;

export const activationSchema = z.object({
  id: z.string(),
  configurationId: z.string(),
  scid: z.string(),
  target: activationTargetSchema,
  /** The version moved (for promote: the candidate's version). Null only when a candidate is removed. */
  version: z.number().int().nullable(),
  percent: z.number().int().nullable(),
  comment: z.string(),
  status: activationStatusSchema,
  /** The feed position carrying it; edges that applied it or later count as done. */
  feedSeq: z.number().int().nullable(),
  edgesDone: z.number().int(),
  edgesTotal: z.number().int(),
  /** Why it was rolled back (an edge's refusal, or the deadline), in the caller's language. */
  reason: z.string().nullable(),
  requestedBy: z.string(),
  createdAt: isoTimestamp,
  finishedAt: isoTimestamp.nullable(),
});
export type Activation = z.output<typeof activationSchema>;

export const activationListSchema = pageSchema(activationSchema);
export const activationListQuerySchema = z.strictObject({ ...pageQueryShape });

/** The property registry: every property active somewhere, for the groups the caller can see. */
export const registryEntrySchema = z.object({
  primaryAlias: z.string(),
  aliases: z.array(z.string()),
  scid: z.string(),
  configurationId: z.string(),
  configurationName: z.string(),
  staging: z.number().int().nullable(),
  productionCurrent: z.number().int().nullable(),
  productionCandidate: z.object({ version: z.number().int(), percent: z.number().int() }).nullable(),
});
export type RegistryEntry = z.output<typeof registryEntrySchema>;
export const registrySchema = z.object({ items: z.array(registryEntrySchema) });
