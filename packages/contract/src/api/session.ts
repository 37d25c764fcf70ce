// Sign-in, the session and one's own profile (docs/api.md "Authentication").
import { z } from 'zod';
import { languageSchema } from './language.js';

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((e) => e.toLowerCase());

/** domain.md §1 staff roles, the operator's own people. */
export const STAFF_ROLE_IDS = ['tsc-technician', 'bcc-specialist', 'account-manager', 'sales-engineer', 'platform-operator'] as const;
export const staffRoleSchema = z.enum(STAFF_ROLE_IDS);

export const USER_STATUSES = ['active', 'inactive', 'disabled', 'expired'] as const;
export const userStatusSchema = z.enum(USER_STATUSES);

export const userSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  language: languageSchema,
});

export const membershipSchema = z.object({
  accessGroupId: z.string(),
  accessGroupName: z.string(),
  roleId: z.string(),
  /** In the caller's language for built-in roles. */
  roleName: z.string(),
});

export const sessionSchema = z.object({
  user: userSummarySchema,
  /** Send as X-CSRF-Token on every POST, PUT, PATCH and DELETE made with the session cookie. */
  csrfToken: z.string(),
  staffRole: staffRoleSchema.nullable(),
  /** Set while mimicking: the user whose view and rights are in force (domain.md §1). */
  mimic: z.object({ user: userSummarySchema }).nullable(),
  /** The effective user's roles, one per access group. */
  memberships: z.array(membershipSchema),
});
export type Session = z.output<typeof sessionSchema>;

export const signInBodySchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(256),
});

export const passwordResetBodySchema = z.strictObject({ email: emailSchema });

export const setPasswordBodySchema = z.strictObject({
  token: z.string().min(16).max(128),
  password: z.string().min(12).max(256),
});

export const updateMeBodySchema = z.strictObject({
  displayName: z.string().trim().min(1).max(120).optional(),
  language: languageSchema.optional(),
});

export const acceptedSchema = z.object({ accepted: z.literal(true) });
