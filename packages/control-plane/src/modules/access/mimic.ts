// Mimic user (domain.md §1, (ref)): an admin views the portal as another user of their organisation.
// Pure: the service passes both users' grants, statuses and the access-group tree.
import type { UserStatus } from '../accounts/account-rules.js';
import { can } from './permissions.js';
import type { AccessGroupTree, Grant } from './permissions.js';

export interface MimicActor {
  readonly userId: string;
  /** The top-level access group (customer) the user belongs to. */
  readonly customerId: string;
  readonly grants: readonly Grant[];
  /** True while the actor is already mimicking someone. */
  readonly mimicking: boolean;
}

export interface MimicTarget {
  readonly userId: string;
  readonly customerId: string;
  /** The status at the moment of asking (userStatusAt), not the stored one. */
  readonly status: UserStatus;
  readonly grants: readonly Grant[];
}

export type MimicRefusal =
  /** Chained mimicking would leave actions audited under someone who is neither of the two names shown. */
  | 'ALREADY_MIMICKING'
  | 'SELF'
  /** domain.md §1: "another user of their organisation"; the service answers 404, as for any other customer's data. */
  | 'OTHER_CUSTOMER'
  /** domain.md §1: "an admin views the portal as …"; admin here means managing users somewhere. */
  | 'NOT_AN_ADMIN'
  /** domain.md §1: "Not allowed for expired/inactive/disabled users". */
  | 'TARGET_NOT_ACTIVE'
  /** The target holds a role on a group the actor does not administer: mimicking would reach past the actor's own rights. */
  | 'TARGET_OUTSIDE_ACTORS_GROUPS'
  /** domain.md §1: "nor for admins of the admin's own AG". */
  | 'TARGET_IS_ADMIN_OF_ACTORS_GROUP';

export type MimicDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: MimicRefusal };

/** The groups where the actor manages users directly: "the admin's own AG". */
function adminGroupsOf(grants: readonly Grant[]): string[] {
  return grants.filter((g) => g.role.permissions.includes('users:manage')).map((g) => g.accessGroupId);
}

/**
 * domain.md §1: is the target an admin of one of the actor's own groups? Inherited rights count, so the
 * admin of a parent group is also an admin of the actor's group.
 */
export function isAdminOfActorsGroup(actorGrants: readonly Grant[], targetGrants: readonly Grant[], tree: AccessGroupTree): boolean {
  return adminGroupsOf(actorGrants).some((group) => can(targetGrants, 'users:manage', group, tree));
}

function refuse(reason: MimicRefusal): MimicDecision {
  return { allowed: false, reason };
}

export function mayMimic(input: { actor: MimicActor; target: MimicTarget; tree: AccessGroupTree }): MimicDecision {
  const { actor, target, tree } = input;
  if (actor.mimicking) return refuse('ALREADY_MIMICKING');
  if (actor.userId === target.userId) return refuse('SELF');
  if (actor.customerId !== target.customerId) return refuse('OTHER_CUSTOMER');
  if (adminGroupsOf(actor.grants).length === 0) return refuse('NOT_AN_ADMIN');
  if (target.status !== 'active') return refuse('TARGET_NOT_ACTIVE');
  const reachable = target.grants.every((g) => can(actor.grants, 'users:manage', g.accessGroupId, tree));
  if (!reachable) return refuse('TARGET_OUTSIDE_ACTORS_GROUPS');
  if (isAdminOfActorsGroup(actor.grants, target.grants, tree)) return refuse('TARGET_IS_ADMIN_OF_ACTORS_GROUP');
  return { allowed: true };
}
