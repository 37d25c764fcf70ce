// Users of an access group and what an admin does to them (domain.md §1 "Users", "Mimic user").
import { z } from 'zod';
import { languageSchema } from './language.js';
import { emailSchema, membershipSchema, userStatusSchema } from './session.js';

export const userIdParamsSchema = z.object({ userId: z.string().min(1).max(100) });
export const groupUserParamsSchema = z.object({ id: z.string().min(1).max(100), userId: z.string().min(1).max(100) });

/** docs/api.md paging: `?limit=` (default 50, at most 200) and the opaque `nextCursor` of the previous page. */
export const groupUsersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(400).optional(),
});

/** A user as an admin sees them: the status is computed at the moment of asking (180 days → inactive). */
export const managedUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  language: languageSchema,
  status: userStatusSchema,
  /** ISO 8601 (UTC); null for someone who never signed in (e.g. an invitation not yet accepted). */
  lastSignInAt: z.string().nullable(),
  /** True during the 30-minute lockout after repeated failed sign-ins; an admin's reset clears it. */
  locked: z.boolean(),
});
export type ManagedUser = z.output<typeof managedUserSchema>;

export const groupUserSchema = managedUserSchema.extend({
  /** The role on the group asked about; null when the user only holds roles on groups below it. */
  roleId: z.string().nullable(),
  roleName: z.string().nullable(),
  /** Every role the user holds on the group and the groups below it, one per group. */
  roles: z.array(membershipSchema),
});
export type GroupUser = z.output<typeof groupUserSchema>;

export const groupUserPageSchema = z.object({ items: z.array(groupUserSchema), nextCursor: z.string().nullable() });

export const inviteUserBodySchema = z.strictObject({
  email: emailSchema,
  displayName: z.string().trim().min(1).max(120),
  /** The language of the invitation mail and of the user's portal. */
  language: languageSchema,
  roleId: z.string().min(1).max(100),
});

export const changeUserRoleBodySchema = z.strictObject({ roleId: z.string().min(1).max(100) });

export const startMimicBodySchema = z.strictObject({ userId: z.string().min(1).max(100) });
