// Reading the audit log (domain.md §1: "who (and as whom), what, when, before/after, for every change").
import { z } from 'zod';
import { pageQueryShape, pageSchema } from './paging.js';

/** A person named in the log. email and displayName are null when the user has since been deleted. */
export const auditPersonSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  displayName: z.string().nullable(),
});

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  /** The signed-in person who made the change; null for the system (jobs) and for API keys. */
  actor: auditPersonSchema.nullable(),
  /** domain.md §1 mimic: the user the actor was acting as, so the change is recorded under both names. */
  actingAs: auditPersonSchema.nullable(),
  apiKeyId: z.string().nullable(),
  accessGroupId: z.string().nullable(),
  /** Dotted verb, e.g. "user.invite", "api-key.regenerate". */
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  /** The request that made the change (also in that response's X-Request-Id), for support. */
  requestId: z.string(),
});
export type AuditEntry = z.output<typeof auditEntrySchema>;

export const auditLogPageSchema = pageSchema(auditEntrySchema);
export type AuditLogPage = z.output<typeof auditLogPageSchema>;

/**
 * An action ("user.invite") or a family of actions ("user" matches "user" and every "user.…").
 * Letters, digits, "-" and "_" between dots: nothing a query could read as a pattern.
 */
export const auditActionFilterSchema = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'audit.actionFormat');

export const auditLogQueryShape = {
  ...pageQueryShape,
  action: auditActionFilterSchema.optional(),
  /** Inclusive. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Exclusive. */
  to: z.iso.datetime({ offset: true }).optional(),
};

export const auditLogQuerySchema = z.strictObject(auditLogQueryShape);

export const staffAuditLogQuerySchema = z.strictObject({
  ...auditLogQueryShape,
  /** Only this group and its descendants (or, for a group deleted since, the entries that name it). */
  accessGroupId: z.string().min(1).max(100).optional(),
});
