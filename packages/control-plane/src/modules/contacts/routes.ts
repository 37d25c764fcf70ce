// The account team and TSC contacts (domain.md §8). Every user of a customer may read them — they are who
// to call — so reading needs no particular permission, only a group the caller can see; the team belongs
// to the customer (the top-level group), whichever of its groups is asked about. Staff maintain them, and
// their reads are recorded in the customer's audit log.
import { accountTeamBodySchema, accountTeamSchema, errorEnvelopeSchema, idParamsSchema } from '@candela/contract';
import { notFound } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import type { ApiRouter } from '../../api/router.js';
import { loadCaller, requireStaff, visibleGroups } from '../../auth/caller.js';
import { customerGroupOf } from '../access/permissions.js';
import { recordAudit } from '../audit/audit-log.js';
import { findCustomer } from '../staff/customer-repository.js';
import { contactsOf, replaceContacts } from './repository.js';
import { presentAccountTeam } from './presenter.js';
import { teamToRows } from './team-rows.js';
import { staffOnly } from '../staff/staff-only.js';
import { recordStaffReads } from '../staff/staff-reads.js';

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 404: errorEnvelopeSchema };

export function contactRoutes(api: ApiRouter, deps: AppDeps): void {
  api.get('/access-groups/:id/contacts', { schema: { tags: ['contacts'], summary: 'The customer’s account team and TSC contacts', params: idParamsSchema, response: { 200: accountTeamSchema, ...errors } } }, async (request) => {
    const caller = await loadCaller(deps.db, request.principal);
    // visibleGroups holds every group for staff with customers:view, and none of another customer's.
    if (!visibleGroups(caller).has(request.params.id)) throw notFound();
    const customerId = customerGroupOf(request.params.id, caller.tree);
    if (customerId === undefined) throw notFound();
    const team = presentAccountTeam(customerId, await contactsOf(deps.db, customerId));
    // Staff reading a customer's team is recorded on the customer, who owns the team (customers' own reads are not).
    await recordStaffReads(deps.db, { caller, requestId: request.id, nowMs: deps.clock() }, [{ accessGroupId: customerId, target: 'contacts' }]);
    return team;
  });

  api.put('/staff/customers/:id/contacts', { preValidation: staffOnly(deps, 'contacts:manage'), schema: { tags: ['staff'], summary: 'Replace a customer’s account team and TSC contacts (staff)', params: idParamsSchema, body: accountTeamBodySchema, response: { 200: accountTeamSchema, ...errors } } }, async (request) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    requireStaff(caller, 'contacts:manage');
    const customer = await findCustomer(deps.db, request.params.id);
    if (customer === undefined) throw notFound();
    const rows = teamToRows(customer.id, request.body);
    const after = presentAccountTeam(customer.id, rows);
    await deps.db.transaction().execute(async (trx) => {
      const before = presentAccountTeam(customer.id, await contactsOf(trx, customer.id));
      await replaceContacts(trx, customer.id, rows);
      // Recorded on the customer's group, so its admins see in their own log who changed their team.
      await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId: customer.id, action: 'contacts.replace', targetType: 'access-group', targetId: customer.id, before, after });
    });
    return after;
  });
}
