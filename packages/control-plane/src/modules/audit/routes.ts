// Reading the audit log (domain.md §1 "Audit log"): a customer's admins see the changes in a group and
// every group below it; the operator's staff with the audit-log:view capability see any customer's, and
// everything at /staff/audit-log (including entries tied to no group, such as lockouts).
import { auditLogPageSchema, auditLogQuerySchema, errorEnvelopeSchema, idParamsSchema, staffAuditLogQuerySchema } from '@candela/contract';
import type { AppDeps } from '../../api/deps.js';
import type { ApiRouter } from '../../api/router.js';
import { loadCaller, requireGroup, requireStaff } from '../../auth/caller.js';
import { descendantsOf } from '../access-groups/subtree.js';
import { readAuditPage } from './audit-page.js';
import { staffOnly } from '../staff/staff-only.js';

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 404: errorEnvelopeSchema };

export function auditRoutes(api: ApiRouter, deps: AppDeps): void {
  api.get('/access-groups/:id/audit-log', { schema: { tags: ['audit'], summary: 'Changes in the group and the groups below it, newest first', params: idParamsSchema, querystring: auditLogQuerySchema, response: { 200: auditLogPageSchema, ...errors } } }, async (request) => {
    const caller = await loadCaller(deps.db, request.principal);
    requireGroup(caller, request.params.id, 'audit-log:view', { staff: 'audit-log:view' });
    // Only the group's own subtree: another customer's entries cannot match, whatever their ids.
    const groups = [request.params.id, ...descendantsOf(request.params.id, caller.tree)];
    return readAuditPage(deps.db, request.query, groups);
  });

  api.get('/staff/audit-log', { preValidation: staffOnly(deps, 'audit-log:view'), schema: { tags: ['staff'], summary: 'Every change, newest first (staff)', querystring: staffAuditLogQuerySchema, response: { 200: auditLogPageSchema, ...errors } } }, async (request) => {
    const caller = await loadCaller(deps.db, request.principal);
    requireStaff(caller, 'audit-log:view');
    const groupId = request.query.accessGroupId;
    // A group deleted since keeps its entries (the log has no foreign keys): filter on its id alone then.
    const groups = groupId === undefined ? undefined : [groupId, ...descendantsOf(groupId, caller.tree)];
    return readAuditPage(deps.db, request.query, groups);
  });
}
