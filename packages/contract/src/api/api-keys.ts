// API keys (domain.md §1, "API keys" (ref)): per access group and role, with a name, a contact person and
// notes; at most 5 active per group; the secret appears in the create and regenerate answers only.
import { z } from 'zod';
import { pageQueryShape, pageSchema } from './paging.js';

export const API_KEY_STATUSES = ['active', 'disabled', 'deleted'] as const;
export const apiKeyStatusSchema = z.enum(API_KEY_STATUSES);
export type ApiKeyStatus = z.output<typeof apiKeyStatusSchema>;

const isoTimestamp = z.iso.datetime();

export const apiKeySchema = z.object({
  /** Public: the <keyId> of `Authorization: MPA <keyId>:<signature>`. */
  id: z.string(),
  accessGroupId: z.string(),
  name: z.string(),
  /** The contact person: a name or an e-mail address (expiry warnings go there when it is an address). */
  contact: z.string(),
  notes: z.string(),
  roleId: z.string(),
  /** In the caller's language for built-in roles. */
  roleName: z.string(),
  /**
   * Where the key stands now: a key unused for 120 days reads "disabled" (and after 180 "deleted") even
   * before the nightly job has written it down, because signed requests are already refused.
   */
  status: apiKeyStatusSchema,
  createdAt: isoTimestamp,
  lastUsedAt: isoTimestamp.nullable(),
  /** The last time a new secret was issued for the key. */
  regeneratedAt: isoTimestamp.nullable(),
  /** domain.md §1 inactivity steps, counted from the last use (or creation, or re-enabling); null once deleted. */
  warnAt: isoTimestamp.nullable(),
  disableAt: isoTimestamp.nullable(),
  deleteAt: isoTimestamp.nullable(),
});
export type ApiKey = z.output<typeof apiKeySchema>;

/** The only answers that carry the secret: create and regenerate. It is never shown again. */
export const apiKeyWithSecretSchema = z.object({
  key: apiKeySchema,
  secret: z.string(),
});
export type ApiKeyWithSecret = z.output<typeof apiKeyWithSecretSchema>;

/** Newest first. */
export const apiKeyListSchema = pageSchema(apiKeySchema);
export type ApiKeyList = z.output<typeof apiKeyListSchema>;

export const apiKeyListQuerySchema = z.strictObject({
  ...pageQueryShape,
  /** Without it, active and disabled keys; deleted ones only when asked for. */
  status: apiKeyStatusSchema.optional(),
});

const apiKeyName = z.string().trim().min(1).max(120);
const apiKeyContact = z.string().trim().min(1).max(254);
const apiKeyNotes = z.string().trim().max(2000);

export const createApiKeyBodySchema = z.strictObject({
  name: apiKeyName,
  contact: apiKeyContact,
  notes: apiKeyNotes.default(''),
  /** A built-in role or a custom role of the same customer. */
  roleId: z.string().min(1).max(100),
});
export type CreateApiKeyBody = z.input<typeof createApiKeyBodySchema>;

export const updateApiKeyBodySchema = z
  .strictObject({
    /** "deleted" is not settable here: DELETE /api-keys/{keyId} does that, and it is final. */
    status: z.enum(['active', 'disabled']).optional(),
    name: apiKeyName.optional(),
    contact: apiKeyContact.optional(),
    notes: apiKeyNotes.optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: 'apiKey.updateEmpty' });
export type UpdateApiKeyBody = z.input<typeof updateApiKeyBodySchema>;

export const apiKeyIdParamsSchema = z.object({ keyId: z.string().min(1).max(100) });
