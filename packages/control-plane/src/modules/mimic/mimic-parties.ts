// Builds mayMimic's inputs (modules/access/mimic.ts) from what the database knows about the two users.
import type { UserRow } from '../../db/schema.js';
import { customerGroupOf } from '../access/permissions.js';
import type { AccessGroupTree, Grant } from '../access/permissions.js';
import type { MimicActor, MimicTarget } from '../access/mimic.js';
import { statusOf } from '../users/presenter.js';

function customersOf(grants: readonly Grant[], tree: AccessGroupTree): Set<string> {
  return new Set(grants.flatMap((g) => customerGroupOf(g.accessGroupId, tree) ?? []));
}

/**
 * Undefined when the target belongs to no customer (no role anywhere): nobody's organisation, so nobody
 * may mimic them. The actor's customer is the target's when the actor holds a role there, so a user with
 * roles in two customers (which invitations prevent) is still judged on the right one.
 */
export function mimicParties(input: {
  actor: { user: UserRow; grants: readonly Grant[]; mimicking: boolean };
  target: { user: UserRow; grants: readonly Grant[] };
  tree: AccessGroupTree;
  nowMs: number;
}): { actor: MimicActor; target: MimicTarget } | undefined {
  const [targetCustomer] = customersOf(input.target.grants, input.tree);
  if (targetCustomer === undefined) return undefined;
  const actorCustomers = customersOf(input.actor.grants, input.tree);
  const actorCustomer = actorCustomers.has(targetCustomer) ? targetCustomer : ([...actorCustomers][0] ?? '');
  return {
    actor: { userId: input.actor.user.id, customerId: actorCustomer, grants: input.actor.grants, mimicking: input.actor.mimicking },
    target: { userId: input.target.user.id, customerId: targetCustomer, status: statusOf(input.target.user, input.nowMs), grants: input.target.grants },
  };
}
