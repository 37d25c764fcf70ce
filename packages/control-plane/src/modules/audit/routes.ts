// Reading the audit log (domain.md §1 "Audit log"): a customer's admins see the changes in a group and
// every group below it; the operator's staff with the audit-log:view capability see any customer's, and
// everything at /staff/audit-log (including entries tied to no group, such as lockouts). Staff reading a
// customer's entries is itself recorded in that customer's log (staff/staff-reads.ts).
import { auditLogPageSchema, auditLogQuerySchema, errorEnvelopeSchema, idParamsSchema, staffAuditLogQuerySchema } from '@candela/contract';
import type { AppDeps } from '../../api/deps.js';
import type { ApiRouter } from '../../api/router.js';
import { loadCaller, requireGroup, requireStaff } from '../../auth/caller.js';
import { descendantsOf } from '../access-groups/subtree.js';
import { readAuditPage } from './audit-page.js';
import { staffOnly } from '../staff/staff-only.js';
import { customersInAuditPage, recordStaffReads } from '../staff/staff-reads.js';

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 404: errorEnvelopeSchema };

export function auditRoutes(api: ApiRouter, deps: AppDeps): void {
  api.get('/access-groups/:id/audit-log', { schema: { tags: ['audit'], summary: 'Changes in the group and the groups below it, newest first', params: idParamsSchema, querystring: auditLogQuerySchema, response: { 200: auditLogPageSchema, ...errors } } }, async (request) => {
    const caller = await loadCaller(deps.db, request.principal);
    requireGroup(caller, request.params.id, 'audit-log:view', { staff: 'audit-log:view' });
    // Only the group's own subtree: another customer's entries cannot match, whatever their ids.
    const groups = [request.params.id, ...descendantsOf(request.params.id, caller.tree)];
    const page = await readAuditPage(deps.db, request.query, groups);
    // Operator staff reading a customer's log leave an entry in it (the customer's own admins do not).
    await recordStaffReads(deps.db, { caller, requestId: request.id, nowMs: deps.clock() }, [{ accessGroupId: request.params.id, target: 'audit-log' }]);
    return page;
  });

  api.get('/staff/audit-log', { preValidation: staffOnly(deps, 'audit-log:view'), schema: { tags: ['staff'], summary: 'Every change, newest first (staff)', querystring: staffAuditLogQuerySchema, response: { 200: auditLogPageSchema, ...errors } } }, async (request) => {
    const caller = await loadCaller(deps.db, request.principal);
    requireStaff(caller, 'audit-log:view');
    const groupId = request.query.accessGroupId;
    // A group deleted since keeps its entries (the log has no foreign keys): filter on its id alone then.
    const groups = groupId === undefined ? undefined : [groupId, ...descendantsOf(groupId, caller.tree)];
    const page = await readAuditPage(deps.db, request.query, groups);
    // Narrowed to a group, the read is of that group's log; the whole log is a read of every customer
    // whose entries the page shows.
    const reads = groupId === undefined ? customersInAuditPage(page, caller.tree) : [{ accessGroupId: groupId, target: 'audit-log' as const }];
    await recordStaffReads(deps.db, { caller, requestId: request.id, nowMs: deps.clock() }, reads);
    return page;
  });
}
