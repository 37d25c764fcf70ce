// What the caller may do: their grants (a role per access group), the operator's staff role if any, and
// the access-group tree they act in, loaded once per request. Every route asks through requireGroup /
// requireStaff so the answer is the same everywhere: a group the caller cannot see at all is 404 (another
// customer's things do not exist for them), a group they can see but not act on is 403.
//
// Cost per request (docs/benchmarks.md, "Control plane API"): authenticate.ts reads the session, users and
// grants in one query and leaves the grants on the principal, so identifyCaller asks nothing more;
// loadCaller adds one query for the tree of the caller's own customers (staff: the whole tree). Routes
// that only need the visible groups (GET /services, /access-groups) use identifyCaller and group-scope.ts.
import type { Kysely } from 'kysely';
import type { Database, RoleRow } from '../db/schema.js';
import { ApiError, notFound } from '../api/api-error.js';
import { ancestorsOf, can, isPermission, staffMay } from '../modules/access/permissions.js';
import type { AccessGroupTree, Grant, Permission, Role, StaffCapability, StaffRoleId } from '../modules/access/permissions.js';
import { customerTrees } from './group-scope.js';
import type { VisibilityScope } from './group-scope.js';
import { effectiveUser } from './principal.js';
import type { Principal } from './principal.js';

/** Who calls and with which rights, without the tree. */
export interface CallerIdentity {
  readonly principal: Exclude<Principal, { kind: 'anonymous' }>;
  /** The effective user's grants (the mimicked user's while mimicking), or the API key's one grant. */
  readonly grants: readonly Grant[];
  /** Staff roles act across customers; empty for customers, API keys and anyone mimicking. */
  readonly staffRoles: readonly StaffRoleId[];
}

export interface Caller extends CallerIdentity {
  /**
   * Every group of every customer the caller holds a grant in (staff: every group). That holds every
   * group the caller can see and all their ancestors, so the pure rules answer as over the whole tree;
   * another customer's groups are absent, which every rule treats as "no access" (404).
   */
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

/** The caller's principal, grants and staff roles; no query when authenticate.ts already read the grants. */
export async function identifyCaller(db: Kysely<Database>, principal: Principal): Promise<CallerIdentity> {
  if (principal.kind === 'anonymous') throw new ApiError('UNAUTHENTICATED');
  if (principal.kind === 'api-key') {
    let grants = principal.grants;
    if (grants === undefined) {
      const role = await db.selectFrom('roles').select(['id', 'permissions']).where('id', '=', principal.key.role_id).executeTakeFirst();
      grants = role === undefined ? [] : [{ accessGroupId: principal.key.access_group_id, role: roleFromRow(role) }];
    }
    return { principal, grants, staffRoles: [] };
  }
  const user = effectiveUser(principal);
  const grants = principal.grants ?? (user === undefined ? [] : await grantsOfUser(db, user.id));
  // A staff member mimicking a customer sees what the customer sees, nothing more.
  const staffRole = principal.mimic === null ? principal.user.staff_role : null;
  return { principal, grants, staffRoles: staffRole === null ? [] : [staffRole] };
}

export async function loadCaller(db: Kysely<Database>, principal: Principal): Promise<Caller> {
  const identity = await identifyCaller(db, principal);
  // Staff act across customers (every staff role has customers:view), so they get the whole tree.
  const tree = identity.staffRoles.length > 0 ? await loadTree(db) : await customerTrees(db, identity.grants.map((g) => g.accessGroupId));
  return { ...identity, tree };
}

/** What withVisibleGroups (group-scope.ts) needs to list the caller's visible groups in SQL. */
export function visibilityScope(caller: CallerIdentity): VisibilityScope {
  return { all: staffMay(caller.staffRoles, 'customers:view'), grants: caller.grants };
}

/** Does some grant reach this group (the granted group itself, or below it unless the grant says otherwise)? */
function reaches(caller: Caller, chain: readonly string[]): boolean {
  return caller.grants.some((g) => {
    const depth = chain.indexOf(g.accessGroupId);
    return depth === 0 || (depth > 0 && g.reachesChildren !== false);
  });
}

/** Every group some grant reaches: the granted group and, by default, all its descendants. */
export function visibleGroups(caller: Caller): Set<string> {
  const all = staffMay(caller.staffRoles, 'customers:view');
  const visible = new Set<string>();
  for (const id of caller.tree.keys()) {
    const chain = ancestorsOf(id, caller.tree);
    if (chain !== undefined && (all || reaches(caller, chain))) visible.add(id);
  }
  return visible;
}

/** visibleGroups(caller).has(id), walking one chain instead of the whole tree. */
export function canSee(caller: Caller, accessGroupId: string): boolean {
  const chain = ancestorsOf(accessGroupId, caller.tree);
  return chain !== undefined && (staffMay(caller.staffRoles, 'customers:view') || reaches(caller, chain));
}

export interface GroupCheck {
  /** A staff capability that also allows this (read-only routes name one; customer writes none). */
  readonly staff?: StaffCapability;
}

/** domain.md §1: may the caller use `permission` on this group? Throws 404 or 403 otherwise. */
export function requireGroup(caller: Caller, accessGroupId: string, permission: Permission, check: GroupCheck = {}): void {
  if (!caller.tree.has(accessGroupId)) throw notFound();
  if (check.staff !== undefined && staffMay(caller.staffRoles, check.staff)) return;
  if (!canSee(caller, accessGroupId)) throw notFound();
  if (!can(caller.grants, permission, accessGroupId, caller.tree)) throw new ApiError('FORBIDDEN');
}

/** The operator's own routes: anyone else gets 404, so customers cannot even map the staff console. */
export function requireStaff(caller: CallerIdentity, capability: StaffCapability): void {
  if (caller.staffRoles.length === 0) throw notFound();
  if (!staffMay(caller.staffRoles, capability)) throw new ApiError('FORBIDDEN');
}

/** The signed-in person (not an API key); for routes about one's own session and profile. */
export function requireSessionUser(caller: CallerIdentity): Extract<Caller['principal'], { kind: 'session' }> {
  if (caller.principal.kind !== 'session') throw new ApiError('FORBIDDEN');
  return caller.principal;
}
