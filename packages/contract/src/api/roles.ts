// Built-in and custom roles (domain.md §1 "Roles"): permission sets a user or an API key holds per group.
import { z } from 'zod';

export const roleIdParamsSchema = z.object({ roleId: z.string().min(1).max(100) });

export const roleSchema = z.object({
  id: z.string(),
  /** Localised for built-in roles; as the customer typed it for custom ones. */
  name: z.string(),
  builtIn: z.boolean(),
  /** Permission names, e.g. "reports:view" (control-plane modules/access/permissions.ts). */
  permissions: z.array(z.string()),
  /** Whether the caller may give this role to someone on the group asked about (nobody hands out more than they hold). */
  assignable: z.boolean(),
});
export type RoleView = z.output<typeof roleSchema>;

export const roleListSchema = z.object({ items: z.array(roleSchema) });

export const roleNameSchema = z.string().trim().min(1).max(80);
// Names are checked against the permission list by the server, so an unknown one is reported by its
// position (/permissions/2) rather than as a schema mismatch of the whole array.
const permissionListSchema = z.array(z.string().min(1).max(100)).max(100);

export const createRoleBodySchema = z.strictObject({ name: roleNameSchema, permissions: permissionListSchema });

export const updateRoleBodySchema = z
  .strictObject({ name: roleNameSchema.optional(), permissions: permissionListSchema.optional() })
  .refine((body) => body.name !== undefined || body.permissions !== undefined, { message: 'role.updateEmpty' });
