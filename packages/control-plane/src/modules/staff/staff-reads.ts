// Operator staff looking at a customer's data leave a trace in that customer's audit log (domain.md §1
// "Audit log"; staff act across customers without any grant of the customer's, so nothing else would
// tell the customer they looked). A read is recorded only once the answer is ready and before it is sent:
// if the entry cannot be written the read fails, so no staff read goes unrecorded.
import type { Kysely } from 'kysely';
import type { AuditLogPage } from '@candela/contract';
import type { Caller } from '../../auth/caller.js';
import type { Database } from '../../db/schema.js';
import type { AccessGroupTree } from '../access/permissions.js';
import { customerGroupOf } from '../access/permissions.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuditContext } from '../audit/audit-log.js';

/** The action of every staff read, so `?action=staff` finds them all in a log. */
export const STAFF_READ_ACTION = 'staff.read';

/** What was read: the staff customer page, the account team and contacts, or an audit log. */
export type StaffReadTarget = 'customer' | 'contacts' | 'audit-log';

export interface StaffRead {
  /** Whose log the entry goes into: the group whose data was read. */
  readonly accessGroupId: string;
  readonly target: StaffReadTarget;
}

/** Staff hold no grants, so any read they make of a customer's data is a staff read. */
export function isStaff(caller: Caller): boolean {
  return caller.staffRoles.length > 0;
}

/** Records the reads (one entry each) when the caller is operator staff; customers' own reads are not. */
export async function recordStaffReads(db: Kysely<Database>, ctx: AuditContext & { readonly caller: Caller }, reads: readonly StaffRead[]): Promise<void> {
  if (!isStaff(ctx.caller) || reads.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const read of reads) {
      await recordAudit(trx, ctx, { accessGroupId: read.accessGroupId, action: STAFF_READ_ACTION, targetType: read.target, targetId: read.accessGroupId });
    }
  });
}

/**
 * The customers whose entries a page of the global staff log shows, one read each. An entry of a group
 * deleted since is recorded on that group's id (only the global log shows it then); entries tied to no
 * group (such as lockouts) belong to no customer.
 */
export function customersInAuditPage(page: AuditLogPage, tree: AccessGroupTree): StaffRead[] {
  const customers = new Set<string>();
  for (const entry of page.items) {
    if (entry.accessGroupId === null) continue;
    customers.add(customerGroupOf(entry.accessGroupId, tree) ?? entry.accessGroupId);
  }
  return [...customers].map((accessGroupId) => ({ accessGroupId, target: 'audit-log' }));
}
