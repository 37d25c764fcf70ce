// What the caller may do: their grants (a role per access group), the operator's staff role if any, and
// the access-group tree, loaded once per request. Every route asks through requireGroup / requireStaff so
// the answer is the same everywhere: a group the caller cannot see at all is 404 (another customer's
// things do not exist for them), a group they can see but not act on is 403.
import type { Kysely } from 'kysely';
import type { Database, RoleRow } from '../db/schema.js';
import { ApiError, notFound } from '../api/api-error.js';
import { ancestorsOf, can, isPermission, staffMay } from '../modules/access/permissions.js';
import type { AccessGroupTree, Grant, Permission, Role, StaffCapability, StaffRoleId } from '../modules/access/permissions.js';
import { effectiveUser } from './principal.js';
import type { Principal } from './principal.js';

export interface Caller {
  readonly principal: Exclude<Principal, { kind: 'anonymous' }>;
  /** The effective user's grants (the mimicked user's while mimicking), or the API key's one grant. */
  readonly grants: readonly Grant[];
  /** Staff roles act across customers; empty for customers, API keys and anyone mimicking. */
  readonly staffRoles: readonly StaffRoleId[];
  readonly tree: AccessGroupTree;
}

export function roleFromRow(row: Pick<RoleRow, 'id' | 'permissions'>): Role {
  const parsed: unknown = JSON.parse(row.permissions);
  const permissions = Array.isArray(parsed) ? parsed.filter((p): p is Permission => typeof p === 'string' && isPermission(p)) : [];
  return { id: row.id, permissions };
}

export async function loadTree(db: Kysely<Database>): Promise<AccessGroupTree> {
  const rows = await db.selectFrom('access_groups').select(['id', 'parent_id']).execute();
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}

export async function grantsOfUser(db: Kysely<Database>, userId: string): Promise<Grant[]> {
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select(['user_roles.access_group_id', 'roles.id', 'roles.permissions'])
    .where('user_roles.user_id', '=', userId)
    .execute();
  return rows.map((r) => ({ accessGroupId: r.access_group_id, role: roleFromRow(r) }));
}

export async function loadCaller(db: Kysely<Database>, principal: Principal): Promise<Caller> {
  if (principal.kind === 'anonymous') throw new ApiError('UNAUTHENTICATED');
  const tree = await loadTree(db);
  if (principal.kind === 'api-key') {
    const role = await db.selectFrom('roles').select(['id', 'permissions']).where('id', '=', principal.key.role_id).executeTakeFirst();
    const grants = role === undefined ? [] : [{ accessGroupId: principal.key.access_group_id, role: roleFromRow(role) }];
    return { principal, grants, staffRoles: [], tree };
  }
  const user = effectiveUser(principal);
  const grants = user === undefined ? [] : await grantsOfUser(db, user.id);
  // A staff member mimicking a customer sees what the customer sees, nothing more.
  const staffRole = principal.mimic === null ? principal.user.staff_role : null;
  return { principal, grants, staffRoles: staffRole === null ? [] : [staffRole], tree };
}

/** Every group some grant reaches: the granted group and, by default, all its descendants. */
export function visibleGroups(caller: Caller): Set<string> {
  const visible = new Set<string>();
  for (const id of caller.tree.keys()) {
    const chain = ancestorsOf(id, caller.tree);
    if (chain === undefined) continue;
    const reached = caller.grants.some((g) => {
      const depth = chain.indexOf(g.accessGroupId);
      return depth === 0 || (depth > 0 && g.reachesChildren !== false);
    });
    if (reached || staffMay(caller.staffRoles, 'customers:view')) visible.add(id);
  }
  return visible;
}

export interface GroupCheck {
  /** A staff capability that also allows this (read-only routes name one; customer writes none). */
  readonly staff?: StaffCapability;
}

/** domain.md §1: may the caller use `permission` on this group? Throws 404 or 403 otherwise. */
export function requireGroup(caller: Caller, accessGroupId: string, permission: Permission, check: GroupCheck = {}): void {
  if (!caller.tree.has(accessGroupId)) throw notFound();
  if (check.staff !== undefined && staffMay(caller.staffRoles, check.staff)) return;
  if (!visibleGroups(caller).has(accessGroupId)) throw notFound();
  if (!can(caller.grants, permission, accessGroupId, caller.tree)) throw new ApiError('FORBIDDEN');
}

/** The operator's own routes: anyone else gets 404, so customers cannot even map the staff console. */
export function requireStaff(caller: Caller, capability: StaffCapability): void {
  if (caller.staffRoles.length === 0) throw notFound();
  if (!staffMay(caller.staffRoles, capability)) throw new ApiError('FORBIDDEN');
}

/** The signed-in person (not an API key); for routes about one's own session and profile. */
export function requireSessionUser(caller: Caller): Extract<Caller['principal'], { kind: 'session' }> {
  if (caller.principal.kind !== 'session') throw new ApiError('FORBIDDEN');
  return caller.principal;
}
