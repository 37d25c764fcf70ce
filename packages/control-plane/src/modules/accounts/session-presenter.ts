// Rows → the Session of the contract (house rule 6: rows never go straight to JSON).
import type { Kysely } from 'kysely';
import type { Language, Session } from '@candela/contract';
import type { Membership } from '../../auth/principal.js';
import type { Database, UserRow } from '../../db/schema.js';
import { BUILT_IN_ROLES } from '../access/permissions.js';
import type { BuiltInRoleId } from '../access/permissions.js';

export function presentUserSummary(user: UserRow): Session['user'] {
  return { id: user.id, email: user.email, displayName: user.display_name, language: user.language };
}

export function roleName(role: { id: string; name: string; built_in: 0 | 1 }, language: Language): string {
  return role.built_in === 1 && role.id in BUILT_IN_ROLES ? BUILT_IN_ROLES[role.id as BuiltInRoleId].name[language] : role.name;
}

export async function presentSession(
  db: Kysely<Database>,
  /** `memberships`: the effective user's roles when the caller already has them (authenticate.ts reads them with the session). */
  input: { user: UserRow; mimic: UserRow | null; csrfToken: string; memberships?: readonly Membership[] | undefined },
): Promise<Session> {
  const effective = input.mimic ?? input.user;
  const rows = input.memberships?.map((m) => ({ access_group_id: m.accessGroupId, group_name: m.accessGroupName, id: m.roleId, name: m.roleName, built_in: m.builtIn })) ?? await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .innerJoin('access_groups', 'access_groups.id', 'user_roles.access_group_id')
    .select(['user_roles.access_group_id', 'access_groups.name as group_name', 'roles.id', 'roles.name', 'roles.built_in'])
    .where('user_roles.user_id', '=', effective.id)
    .orderBy('access_groups.name')
    .execute();
  return {
    user: presentUserSummary(input.user),
    csrfToken: input.csrfToken,
    staffRole: input.mimic === null ? input.user.staff_role : null,
    mimic: input.mimic === null ? null : { user: presentUserSummary(input.mimic) },
    memberships: rows.map((r) => ({
      accessGroupId: r.access_group_id,
      accessGroupName: r.group_name,
      roleId: r.id,
      roleName: roleName(r, input.user.language),
    })),
  };
}
