// The staff console's customers (domain.md §1): list them, read one, create one (a top-level access group
// with its customer number), and give it services (SCIDs). Customers calling any of this get 404
// (requireStaff). Reading one customer is recorded in that customer's audit log (staff-reads.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import {
  createCustomerBodySchema,
  createServiceBodySchema,
  customerListQuerySchema,
  customerDetailSchema,
  customerListSchema,
  customerSummarySchema,
  errorEnvelopeSchema,
  idParamsSchema,
  serviceSchema,
} from '@candela/contract';
import { fieldError, notFound } from '../../api/api-error.js';
import type { ApiError } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import type { ApiRouter } from '../../api/router.js';
import { loadCaller, requireStaff } from '../../auth/caller.js';
import { constraintViolation } from '../../db/errors.js';
import { presentService } from '../access-groups/presenter.js';
import { recordAudit } from '../audit/audit-log.js';
import { decodeCursor, encodeCursor } from '../audit/cursor.js';
import { loadCustomerDetail } from './customer-detail.js';
import { customerNumberTaken, findCustomer, insertCustomer, pageCustomers, serviceCounts, userCounts } from './customer-repository.js';
import { presentCustomer } from './presenter.js';
import { createService } from './service-creation.js';
import { staffOnly } from './staff-only.js';
import { recordStaffReads } from './staff-reads.js';

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 404: errorEnvelopeSchema };

const CURSOR_SHAPE = ['string', 'string'] as const;

function customerNumberConflict(): ApiError {
  return fieldError('CONFLICT', '/customerNumber', 'customerNumber.taken');
}

export function staffRoutes(api: ApiRouter, deps: AppDeps): void {
  api.get('/staff/customers', { preValidation: staffOnly(deps, 'customers:view'), schema: { tags: ['staff'], summary: 'Customers, by name (staff)', querystring: customerListQuerySchema, response: { 200: customerListSchema, ...errors } } }, async (request) => {
    const caller = await loadCaller(deps.db, request.principal);
    requireStaff(caller, 'customers:view');
    const { cursor, q, limit } = request.query;
    const after = cursor === undefined ? undefined : decodeCursor(cursor, CURSOR_SHAPE);
    if (cursor !== undefined && after === undefined) throw fieldError('VALIDATION_FAILED', '/querystring/cursor', 'paging.cursorUnknown');
    const { rows, more } = await pageCustomers(deps.db, { q, after, limit });
    const ids = rows.map((r) => r.id);
    const [services, users] = await Promise.all([serviceCounts(deps.db, ids), userCounts(deps.db, ids, caller.tree)]);
    const last = rows.at(-1);
    return {
      items: rows.map((row) => presentCustomer(row, { services: services.get(row.id) ?? 0, users: users.get(row.id) ?? 0 })),
      nextCursor: more && last !== undefined ? encodeCursor([last.name, last.id]) : null,
    };
  });

  api.get('/staff/customers/:id', { preValidation: staffOnly(deps, 'customers:view'), schema: { tags: ['staff'], summary: 'One customer: its groups, services and account team (staff; the read is audited as staff.read)', params: idParamsSchema, response: { 200: customerDetailSchema, ...errors } } }, async (request) => {
    const caller = await loadCaller(deps.db, request.principal);
    requireStaff(caller, 'customers:view');
    // A child group is not a customer: 404 like an unknown id.
    const customer = await findCustomer(deps.db, request.params.id);
    if (customer === undefined) throw notFound();
    const detail = await loadCustomerDetail(deps.db, customer, caller.tree);
    await recordStaffReads(deps.db, { caller, requestId: request.id, nowMs: deps.clock() }, [{ accessGroupId: customer.id, target: 'customer' }]);
    return detail;
  });

  api.post('/staff/customers', { preValidation: staffOnly(deps, 'customers:manage'), schema: { tags: ['staff'], summary: 'Create a customer: a top-level access group with its customer number (staff)', body: createCustomerBodySchema, response: { 201: customerSummarySchema, 409: errorEnvelopeSchema, ...errors } } }, async (request, reply) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    requireStaff(caller, 'customers:manage');
    const { name, customerNumber } = request.body;
    if (await customerNumberTaken(deps.db, customerNumber)) throw customerNumberConflict();
    const id = `ag_${randomUUID()}`;
    try {
      await deps.db.transaction().execute(async (trx) => {
        await insertCustomer(trx, { id, name, customerNumber, nowMs: now });
        await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId: id, action: 'customer.create', targetType: 'access-group', targetId: id, after: { name, customerNumber } });
      });
    } catch (error) {
      // Two staff creating the same number at once: the unique index decides, the loser gets the same 409.
      if (constraintViolation(error) === 'unique') throw customerNumberConflict();
      throw error;
    }
    const row = { id, parent_id: null, name, customer_number: customerNumber, created_at: now };
    return reply.code(201).send(presentCustomer(row, { services: 0, users: 0 }));
  });

  api.post('/staff/customers/:id/services', { preValidation: staffOnly(deps, 'customers:manage'), schema: { tags: ['staff'], summary: 'Add a service (a new SCID) to a customer (staff)', params: idParamsSchema, body: createServiceBodySchema, response: { 201: serviceSchema, ...errors } } }, async (request, reply) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    requireStaff(caller, 'customers:manage');
    // Services belong to the customer's top-level group; child groups are given subsets of them.
    const customer = await findCustomer(deps.db, request.params.id);
    if (customer === undefined) throw notFound();
    const row = await createService(deps.db, { customerId: customer.id, name: request.body.name, product: request.body.product, random: randomBytes, audit: { caller, requestId: request.id, nowMs: now } });
    return reply.code(201).send(presentService(row));
  });
}
