// Users and their roles per access group in the database (domain.md §1 "Users", "A user holds a role per AG").
import type { Kysely } from 'kysely';
import type { Database, Language, RoleRow, UserRow } from '../../db/schema.js';

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** `email` is already lower-cased (the contract's emailSchema), as the column requires. */
export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** An invited user: active, without a password until they follow the invitation link. */
export async function insertInvitedUser(
  db: Kysely<Database>,
  user: { id: string; email: string; displayName: string; language: Language; nowMs: number },
): Promise<UserRow> {
  const row: UserRow = {
    id: user.id,
    email: user.email,
    display_name: user.displayName,
    language: user.language,
    status: 'active',
    password_hash: null,
    failed_sign_ins: 0,
    locked_until_at: null,
    last_failed_sign_in_at: null,
    last_sign_in_at: null,
    staff_role: null,
    reactivated_at: null,
    created_at: user.nowMs,
  };
  await db.insertInto('users').values(row).execute();
  return row;
}

/** The user's role on exactly this group (not one inherited from a parent). */
export async function roleOnGroup(db: Kysely<Database>, userId: string, groupId: string): Promise<RoleRow | undefined> {
  return db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select(['roles.id', 'roles.access_group_id', 'roles.name', 'roles.built_in', 'roles.permissions'])
    .where('user_roles.user_id', '=', userId)
    .where('user_roles.access_group_id', '=', groupId)
    .executeTakeFirst();
}

export async function addRoleOnGroup(db: Kysely<Database>, userId: string, groupId: string, roleId: string): Promise<void> {
  await db.insertInto('user_roles').values({ user_id: userId, access_group_id: groupId, role_id: roleId }).execute();
}

export async function changeRoleOnGroup(db: Kysely<Database>, userId: string, groupId: string, roleId: string): Promise<void> {
  await db.updateTable('user_roles').set({ role_id: roleId }).where('user_id', '=', userId).where('access_group_id', '=', groupId).execute();
}

export async function removeRoleOnGroup(db: Kysely<Database>, userId: string, groupId: string): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).where('access_group_id', '=', groupId).execute();
}

/** One page of the users holding a role on any of `groupIds`, by e-mail (unique, so a stable cursor). */
export async function pageOfGroupUsers(
  db: Kysely<Database>,
  query: { groupIds: readonly string[]; afterEmail: string | undefined; limit: number },
): Promise<UserRow[]> {
  if (query.groupIds.length === 0) return [];
  let select = db
    .selectFrom('users')
    .selectAll()
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles')
          .select('user_roles.user_id')
          .whereRef('user_roles.user_id', '=', 'users.id')
          .where('user_roles.access_group_id', 'in', [...query.groupIds]),
      ),
    );
  if (query.afterEmail !== undefined) select = select.where('email', '>', query.afterEmail);
  return select.orderBy('email').limit(query.limit).execute();
}

export interface MembershipRow {
  readonly user_id: string;
  readonly access_group_id: string;
  readonly group_name: string;
  readonly id: string;
  readonly name: string;
  readonly built_in: 0 | 1;
}

/** The roles these users hold on these groups (never on others: a child admin sees only their branch). */
export async function membershipsIn(db: Kysely<Database>, userIds: readonly string[], groupIds: readonly string[]): Promise<MembershipRow[]> {
  if (userIds.length === 0 || groupIds.length === 0) return [];
  return db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .innerJoin('access_groups', 'access_groups.id', 'user_roles.access_group_id')
    .select(['user_roles.user_id', 'user_roles.access_group_id', 'access_groups.name as group_name', 'roles.id', 'roles.name', 'roles.built_in'])
    .where('user_roles.user_id', 'in', [...userIds])
    .where('user_roles.access_group_id', 'in', [...groupIds])
    .orderBy('access_groups.name')
    .execute();
}

/** Everyone holding the Domain admin role on the customer's top-level group, with their stored status. */
export async function domainAdminsOf(db: Kysely<Database>, customerGroupId: string): Promise<{ userId: string; status: UserRow['status'] }[]> {
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['users.id', 'users.status'])
    .where('user_roles.access_group_id', '=', customerGroupId)
    .where('user_roles.role_id', '=', 'domain-admin')
    .execute();
  return rows.map((r) => ({ userId: r.id, status: r.status }));
}

export async function updateUserStatus(
  db: Kysely<Database>,
  userId: string,
  change: { status: UserRow['status']; reactivatedAtMs?: number },
): Promise<void> {
  await db
    .updateTable('users')
    .set({ status: change.status, ...(change.reactivatedAtMs === undefined ? {} : { reactivated_at: change.reactivatedAtMs }) })
    .where('id', '=', userId)
    .execute();
}

/** domain.md §1 lockout: an admin's reset (or reactivation) lets the user try again at once. */
export async function clearLockout(db: Kysely<Database>, userId: string): Promise<void> {
  await db.updateTable('users').set({ failed_sign_ins: 0, last_failed_sign_in_at: null, locked_until_at: null }).where('id', '=', userId).execute();
}

/** A disabled user must not stay on anyone's screen as the mimicked user either. */
export async function endMimicsOf(db: Kysely<Database>, userId: string): Promise<void> {
  await db.updateTable('sessions').set({ mimic_user_id: null }).where('mimic_user_id', '=', userId).execute();
}
