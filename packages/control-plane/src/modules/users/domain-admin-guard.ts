// domain.md §1: custom roles are made "only by a domain admin", and only a Domain admin can hand out the
// Domain admin role (mayAssignRole). A customer left without one could never get one back without the
// operator, so the last one is kept: removing, demoting or disabling them is refused.
//
// The check must see the holders as they are when the write commits, not as they were a moment before:
// two Domain admins demoting (or disabling) each other at the same instant would otherwise each see the
// other still there, both pass, and leave nobody. So every route that can take the role away does, in one
// transaction: lockDomainAdminsOf (first statement), then the check, then the write.
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { domainAdminsOf } from './repository.js';

export interface DomainAdminHolder {
  readonly userId: string;
  /** As stored: an account that went inactive by the clock can still come back by itself (a reset link). */
  readonly status: 'active' | 'inactive' | 'disabled' | 'expired';
}

/** Would `losingUserId` losing the Domain admin role (or their account) leave no usable Domain admin? */
export function leavesCustomerWithoutDomainAdmin(holders: readonly DomainAdminHolder[], losingUserId: string): boolean {
  const usable = holders.filter((h) => h.status === 'active' || h.status === 'inactive');
  return usable.some((h) => h.userId === losingUserId) && usable.every((h) => h.userId === losingUserId);
}

/**
 * Serialises, per customer, the transactions that change who holds a role or an account (role changes,
 * removals, disabling) until they commit. Call it as the transaction's first statement.
 *
 * A no-op UPDATE of the customer's top-level group row, the same statement on both databases (as
 * lockGroupForKeys does for API keys): on PostgreSQL it takes the row lock that SELECT … FOR UPDATE would,
 * so a second such transaction waits here until the first commits, and then (READ COMMITTED) its next
 * statements see what the first wrote. On SQLite it makes the transaction a writer at once: writers run
 * one at a time, and since nothing was read before, no other process's commit can make what is read next
 * stale. The lock does not change the key, so inserts referencing the group (KEY SHARE) are not blocked.
 */
export async function lockDomainAdminsOf(trx: Transaction<Database>, customerGroupId: string): Promise<void> {
  await trx.updateTable('access_groups').set((eb) => ({ name: eb.ref('name') })).where('id', '=', customerGroupId).execute();
}

/**
 * leavesCustomerWithoutDomainAdmin with the holders read inside `trx`, which must hold lockDomainAdminsOf
 * for this customer: then no concurrent change can slip between this check and the caller's write.
 */
export async function wouldLeaveCustomerWithoutDomainAdmin(
  trx: Transaction<Database>,
  customerGroupId: string,
  losingUserId: string,
): Promise<boolean> {
  return leavesCustomerWithoutDomainAdmin(await domainAdminsOf(trx, customerGroupId), losingUserId);
}
