// Built-in and custom roles (domain.md §1 "Roles"; docs/api.md). Custom roles belong to the customer (its
// top-level group) and only a Domain admin there creates, edits or deletes them; built-in roles are
// defined in code and cannot be changed through the API.
import { randomUUID } from 'node:crypto';
import { createRoleBodySchema, errorEnvelopeSchema, idParamsSchema, roleIdParamsSchema, roleListSchema, roleSchema, updateRoleBodySchema } from '@candela/contract';
import { z } from 'zod';
import { ApiError, fieldError, notFound } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import { requestLanguage } from '../../api/error-handler.js';
import type { ApiRouter } from '../../api/router.js';
import { loadCaller, requireGroup, roleFromRow, visibleGroups } from '../../auth/caller.js';
import type { Caller } from '../../auth/caller.js';
import { constraintViolation } from '../../db/errors.js';
import type { RoleRow } from '../../db/schema.js';
import { customerGroupOf, mayAssignRole, mayCreateCustomRole } from '../access/permissions.js';
import { recordAudit } from '../audit/audit-log.js';
import { nameClashes, permissionProblems } from './custom-role-rules.js';
import { presentRole, sortRoles } from './presenter.js';
import { deleteCustomRole, findRole, insertCustomRole, roleUsage, rolesOfCustomer, updateCustomRole } from './repository.js';

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 404: errorEnvelopeSchema, 409: errorEnvelopeSchema };

function customerOf(caller: Caller, groupId: string): string {
  const customer = customerGroupOf(groupId, caller.tree);
  if (customer === undefined) throw notFound();
  return customer;
}

/**
 * The custom role `roleId` for a change by the caller: 404 when it does not exist or the caller sees
 * nothing of its customer, CONFLICT for a built-in role, 403 unless the caller may manage the customer's
 * roles (Domain admin on the top-level group).
 */
async function customRoleForChange(deps: AppDeps, caller: Caller, roleId: string): Promise<RoleRow & { access_group_id: string }> {
  const role = await findRole(deps.db, roleId);
  if (role === undefined) throw notFound();
  const customer = role.access_group_id;
  if (customer === null) throw fieldError('CONFLICT', '', 'role.builtInReadOnly');
  const seesCustomer = [...visibleGroups(caller)].some((g) => customerGroupOf(g, caller.tree) === customer);
  if (!seesCustomer) throw notFound();
  if (!mayCreateCustomRole(caller.grants, customer, caller.tree)) throw new ApiError('FORBIDDEN');
  return { ...role, access_group_id: customer };
}

function summary(row: Pick<RoleRow, 'name' | 'permissions'>) {
  return { name: row.name, permissions: roleFromRow({ id: '', permissions: row.permissions }).permissions };
}

/** A concurrent insert of the same name passes the check above but hits the unique index. */
function nameTaken(error: unknown): never {
  if (constraintViolation(error) === 'unique') throw fieldError('CONFLICT', '/name', 'role.nameTaken');
  throw error;
}

export function roleRoutes(api: ApiRouter, deps: AppDeps): void {
  api.get('/access-groups/:id/roles', { schema: { tags: ['roles'], summary: 'Built-in roles and the customer’s custom roles', params: idParamsSchema, response: { 200: roleListSchema, ...errors } } }, async (request) => {
    const caller = await loadCaller(deps.db, request.principal);
    const groupId = request.params.id;
    requireGroup(caller, groupId, 'users:manage', { staff: 'customers:view' });
    const rows = sortRoles(await rolesOfCustomer(deps.db, customerOf(caller, groupId)));
    const language = requestLanguage(request);
    return { items: rows.map((row) => presentRole(row, language, mayAssignRole(caller.grants, roleFromRow(row), groupId, caller.tree))) };
  });

  api.post('/access-groups/:id/roles', { schema: { tags: ['roles'], summary: 'Create a custom role (Domain admin)', params: idParamsSchema, body: createRoleBodySchema, response: { 201: roleSchema, ...errors } } }, async (request, reply) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    const groupId = request.params.id;
    requireGroup(caller, groupId, 'roles:manage');
    const customer = customerOf(caller, groupId);
    // domain.md §1: only a domain admin creates custom roles, and they belong to the whole customer, so a
    // Domain admin of a child group alone is not enough.
    if (!mayCreateCustomRole(caller.grants, groupId, caller.tree)) throw new ApiError('FORBIDDEN');
    const checked = permissionProblems(request.body.permissions);
    if (!checked.ok) throw new ApiError('VALIDATION_FAILED', checked.problems);
    if (nameClashes(request.body.name, await rolesOfCustomer(deps.db, customer))) throw fieldError('CONFLICT', '/name', 'role.nameTaken');
    const row = await deps.db
      .transaction()
      .execute(async (trx) => {
        const inserted = await insertCustomRole(trx, { id: `role_${randomUUID()}`, customerGroupId: customer, name: request.body.name, permissions: checked.permissions });
        await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId: customer, action: 'role.create', targetType: 'role', targetId: inserted.id, after: summary(inserted) });
        return inserted;
      })
      .catch(nameTaken);
    return reply.code(201).send(presentRole(row, requestLanguage(request), mayAssignRole(caller.grants, roleFromRow(row), groupId, caller.tree)));
  });

  api.patch('/roles/:roleId', { schema: { tags: ['roles'], summary: 'Rename a custom role or change its permissions (Domain admin)', params: roleIdParamsSchema, body: updateRoleBodySchema, response: { 200: roleSchema, ...errors } } }, async (request) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    const role = await customRoleForChange(deps, caller, request.params.roleId);
    const name = request.body.name ?? role.name;
    let permissions = roleFromRow(role).permissions;
    if (request.body.permissions !== undefined) {
      const checked = permissionProblems(request.body.permissions);
      if (!checked.ok) throw new ApiError('VALIDATION_FAILED', checked.problems);
      permissions = checked.permissions;
    }
    if (nameClashes(name, await rolesOfCustomer(deps.db, role.access_group_id), role.id)) throw fieldError('CONFLICT', '/name', 'role.nameTaken');
    const updated: RoleRow = { ...role, name, permissions: JSON.stringify(permissions) };
    await deps.db
      .transaction()
      .execute(async (trx) => {
        await updateCustomRole(trx, role.id, { name, permissions });
        await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId: role.access_group_id, action: 'role.update', targetType: 'role', targetId: role.id, before: summary(role), after: summary(updated) });
      })
      .catch(nameTaken);
    return presentRole(updated, requestLanguage(request), mayAssignRole(caller.grants, roleFromRow(updated), role.access_group_id, caller.tree));
  });

  api.delete('/roles/:roleId', { schema: { tags: ['roles'], summary: 'Delete a custom role nobody holds (Domain admin)', params: roleIdParamsSchema, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    const role = await customRoleForChange(deps, caller, request.params.roleId);
    const usage = await roleUsage(deps.db, role.id);
    if (usage.users > 0 || usage.apiKeys > 0) throw fieldError('CONFLICT', '', 'role.inUse', { users: usage.users, apiKeys: usage.apiKeys });
    await deps.db
      .transaction()
      .execute(async (trx) => {
        await deleteCustomRole(trx, role.id);
        await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId: role.access_group_id, action: 'role.delete', targetType: 'role', targetId: role.id, before: summary(role) });
      })
      .catch((error: unknown) => {
        // Given to someone between the check above and the delete: user_roles and api_keys keep it.
        if (constraintViolation(error) === 'foreign_key') throw fieldError('CONFLICT', '', 'role.stillHeld');
        throw error;
      });
    return reply.code(204).send(null);
  });
}
