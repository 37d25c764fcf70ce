// Roles in the database (domain.md §1 "Roles"): the built-in ones (access_group_id null, written at every
// start by bootstrap/built-in-roles.ts) and each customer's custom ones, which belong to the customer's
// top-level group.
import type { Kysely } from 'kysely';
import type { Database, RoleRow } from '../../db/schema.js';
import type { Permission } from '../access/permissions.js';

export async function findRole(db: Kysely<Database>, roleId: string): Promise<RoleRow | undefined> {
  return db.selectFrom('roles').selectAll().where('id', '=', roleId).executeTakeFirst();
}

/**
 * A role that may be given on a group of this customer: a built-in one or one of the customer's own.
 * Another customer's custom role answers undefined, exactly like an unknown id.
 */
export async function findAssignableRole(db: Kysely<Database>, roleId: string, customerGroupId: string): Promise<RoleRow | undefined> {
  const row = await findRole(db, roleId);
  return row !== undefined && (row.built_in === 1 || row.access_group_id === customerGroupId) ? row : undefined;
}

/** The built-in roles and the customer's custom roles. */
export async function rolesOfCustomer(db: Kysely<Database>, customerGroupId: string): Promise<RoleRow[]> {
  return db
    .selectFrom('roles')
    .selectAll()
    .where((eb) => eb.or([eb('built_in', '=', 1), eb('access_group_id', '=', customerGroupId)]))
    .orderBy('name')
    .execute();
}

export async function insertCustomRole(
  db: Kysely<Database>,
  role: { id: string; customerGroupId: string; name: string; permissions: readonly Permission[] },
): Promise<RoleRow> {
  const row: RoleRow = { id: role.id, access_group_id: role.customerGroupId, name: role.name, built_in: 0, permissions: JSON.stringify(role.permissions) };
  await db.insertInto('roles').values(row).execute();
  return row;
}

export async function updateCustomRole(db: Kysely<Database>, roleId: string, change: { name: string; permissions: readonly Permission[] }): Promise<void> {
  await db
    .updateTable('roles')
    .set({ name: change.name, permissions: JSON.stringify(change.permissions) })
    .where('id', '=', roleId)
    .where('built_in', '=', 0)
    .execute();
}

export async function deleteCustomRole(db: Kysely<Database>, roleId: string): Promise<void> {
  await db.deleteFrom('roles').where('id', '=', roleId).where('built_in', '=', 0).execute();
}

/** Who still holds the role: a role in use cannot be deleted from under them. */
export async function roleUsage(db: Kysely<Database>, roleId: string): Promise<{ users: number; apiKeys: number }> {
  const users = await db.selectFrom('user_roles').select((eb) => eb.fn.countAll<number | string>().as('n')).where('role_id', '=', roleId).executeTakeFirstOrThrow();
  const keys = await db.selectFrom('api_keys').select((eb) => eb.fn.countAll<number | string>().as('n')).where('role_id', '=', roleId).executeTakeFirstOrThrow();
  return { users: Number(users.n), apiKeys: Number(keys.n) };
}
