// The users of an access group (docs/api.md; domain.md §1 "Users", "Roles"): list, invite, change or
// remove a user's role on the group.
import { randomUUID } from 'node:crypto';
import {
  changeUserRoleBodySchema,
  errorEnvelopeSchema,
  groupUserPageSchema,
  groupUserParamsSchema,
  groupUserSchema,
  groupUsersQuerySchema,
  idParamsSchema,
  inviteUserBodySchema,
} from '@candela/contract';
import type { Language } from '@candela/contract';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { ApiError, fieldError, notFound } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import { requestLanguage } from '../../api/error-handler.js';
import type { ApiRouter } from '../../api/router.js';
import { grantsOfUser, loadCaller, requireGroup, roleFromRow } from '../../auth/caller.js';
import type { Caller } from '../../auth/caller.js';
import { constraintViolation } from '../../db/errors.js';
import type { Database, RoleRow } from '../../db/schema.js';
import { customerGroupOf, mayAssignRole } from '../access/permissions.js';
import { findGroup } from '../access-groups/repository.js';
import { descendantsOf } from '../access-groups/subtree.js';
import { recordAudit } from '../audit/audit-log.js';
import { InvalidMailAddressError } from '../mail/outbox-repository.js';
import { findAssignableRole } from '../roles/repository.js';
import { lockDomainAdminsOf, wouldLeaveCustomerWithoutDomainAdmin } from './domain-admin-guard.js';
import { classifyInvitee, inviterName, queueInvitation } from './invitation.js';
import { decodeCursor, encodeCursor, presentGroupUser } from './presenter.js';
import {
  addRoleOnGroup,
  changeRoleOnGroup,
  findUserByEmail,
  findUserById,
  insertInvitedUser,
  membershipsIn,
  pageOfGroupUsers,
  removeRoleOnGroup,
  roleOnGroup,
} from './repository.js';

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 404: errorEnvelopeSchema, 409: errorEnvelopeSchema };

function customerOf(caller: Caller, groupId: string): string {
  const customer = customerGroupOf(groupId, caller.tree);
  if (customer === undefined) throw notFound();
  return customer;
}

function subtree(caller: Caller, groupId: string): string[] {
  return [groupId, ...descendantsOf(groupId, caller.tree)];
}

/** A role for this customer's group, or 400 at /roleId (another customer's custom role is as unknown as a made-up id). */
async function assignableRole(db: Kysely<Database>, roleId: string, customerGroupId: string): Promise<RoleRow> {
  const role = await findAssignableRole(db, roleId, customerGroupId);
  if (role === undefined) throw fieldError('VALIDATION_FAILED', '/roleId', 'role.unknown');
  return role;
}

/**
 * The start of every transaction that changes or removes a role on one of the customer's groups: takes the
 * customer's lock (domain-admin-guard.ts), then checks that the user still holds the role read before the
 * transaction, which the permission check and the guard below were about. A concurrent change in between
 * (committed before our lock) is a bare 409, as a retry decides afresh, rather than a change made on stale
 * grounds.
 */
async function lockAndRecheckRole(trx: Transaction<Database>, input: { customerGroupId: string; groupId: string; userId: string; seen: RoleRow }): Promise<void> {
  await lockDomainAdminsOf(trx, input.customerGroupId);
  const role = await roleOnGroup(trx, input.userId, input.groupId);
  if (role === undefined) throw notFound();
  if (role.id !== input.seen.id) throw new ApiError('CONFLICT');
}

/**
 * Refuses a change that takes the Domain admin role on the top-level group from its last holder. Runs inside
 * the write's transaction after lockAndRecheckRole, so the holders it reads are the ones the write commits
 * against.
 */
async function keepDomainAdmin(trx: Transaction<Database>, input: { groupId: string; customerGroupId: string; userId: string; losing: RoleRow; keeping?: RoleRow }): Promise<void> {
  const demoted = input.groupId === input.customerGroupId && input.losing.id === 'domain-admin' && input.keeping?.id !== 'domain-admin';
  if (demoted && (await wouldLeaveCustomerWithoutDomainAdmin(trx, input.customerGroupId, input.userId))) {
    throw fieldError('CONFLICT', '/roleId', 'user.lastDomainAdmin');
  }
}

/** What presentGroupUser needs for these users as seen from `groupId`: their roles within its subtree. */
async function groupView(deps: AppDeps, input: { caller: Caller; groupId: string; language: Language; userIds: string[] }) {
  const memberships = await membershipsIn(deps.db, input.userIds, subtree(input.caller, input.groupId));
  return { memberships, groupId: input.groupId, language: input.language, nowMs: deps.clock() };
}

export function groupUserRoutes(api: ApiRouter, deps: AppDeps): void {

  api.get('/access-groups/:id/users', { schema: { tags: ['users'], summary: 'Users holding a role on the group or a group below it', params: idParamsSchema, querystring: groupUsersQuerySchema, response: { 200: groupUserPageSchema, ...errors } } }, async (request) => {
    const caller = await loadCaller(deps.db, request.principal);
    requireGroup(caller, request.params.id, 'users:manage', { staff: 'customers:view' });
    const { limit, cursor } = request.query;
    const rows = await pageOfGroupUsers(deps.db, { groupIds: subtree(caller, request.params.id), afterEmail: cursor === undefined ? undefined : decodeCursor(cursor), limit: limit + 1 });
    const page = rows.slice(0, limit);
    const context = await groupView(deps, { caller, groupId: request.params.id, language: requestLanguage(request), userIds: page.map((u) => u.id) });
    const last = page.at(-1);
    return { items: page.map((u) => presentGroupUser(u, context)), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.email) : null };
  });

  api.post('/access-groups/:id/users', { schema: { tags: ['users'], summary: 'Invite a user (mails a link to set a password) or give an existing user of the customer a role', params: idParamsSchema, body: inviteUserBodySchema, response: { 201: groupUserSchema, ...errors } } }, async (request, reply) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    const groupId = request.params.id;
    requireGroup(caller, groupId, 'users:manage');
    const customer = customerOf(caller, groupId);
    const role = await assignableRole(deps.db, request.body.roleId, customer);
    if (!mayAssignRole(caller.grants, roleFromRow(role), groupId, caller.tree)) throw new ApiError('FORBIDDEN');
    const existing = await findUserByEmail(deps.db, request.body.email);
    const existingGrants = existing === undefined ? [] : await grantsOfUser(deps.db, existing.id);
    const invitee = classifyInvitee(existing, existingGrants, customer, caller.tree);
    // Another customer's address: the same bare CONFLICT as any other, so nobody learns whose it is.
    if (invitee.kind === 'foreign') throw new ApiError('CONFLICT');
    if (existingGrants.some((g) => g.accessGroupId === groupId)) throw fieldError('CONFLICT', '/email', 'user.alreadyInGroup');
    const organisation = (await findGroup(deps.db, customer))?.name ?? '';
    const user = await deps.db
      .transaction()
      .execute(async (trx) => {
        const row =
          invitee.kind === 'existing'
            ? invitee.user
            : await insertInvitedUser(trx, { id: `usr_${randomUUID()}`, email: request.body.email, displayName: request.body.displayName, language: request.body.language, nowMs: now });
        await addRoleOnGroup(trx, row.id, groupId, role.id);
        // Someone who already has a password signs in as before and finds the new group there.
        if (row.password_hash === null) await queueInvitation(trx, { user: row, inviter: inviterName(caller), organisation, publicUrl: deps.config.publicUrl, nowMs: now });
        await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, {
          accessGroupId: groupId,
          action: invitee.kind === 'new' ? 'user.invite' : 'user.add-role',
          targetType: 'user',
          targetId: row.id,
          after: { email: row.email, displayName: row.display_name, language: row.language, accessGroupId: groupId, roleId: role.id },
        });
        return row;
      })
      .catch((error: unknown) => {
        if (error instanceof InvalidMailAddressError) throw fieldError('VALIDATION_FAILED', '/email', 'email.undeliverable');
        // Two invitations of one address at once: the second finds the unique index.
        if (constraintViolation(error) === 'unique') throw new ApiError('CONFLICT');
        throw error;
      });
    deps.wakeMailSender();
    return reply.code(201).send(presentGroupUser(user, await groupView(deps, { caller, groupId, language: requestLanguage(request), userIds: [user.id] })));
  });

  api.put('/access-groups/:id/users/:userId', { schema: { tags: ['users'], summary: 'Change the user’s role on the group', params: groupUserParamsSchema, body: changeUserRoleBodySchema, response: { 200: groupUserSchema, ...errors } } }, async (request) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    const { id: groupId, userId } = request.params;
    requireGroup(caller, groupId, 'users:manage');
    const customer = customerOf(caller, groupId);
    const [user, current] = await Promise.all([findUserById(deps.db, userId), roleOnGroup(deps.db, userId, groupId)]);
    if (user === undefined || current === undefined) throw notFound();
    const next = await assignableRole(deps.db, request.body.roleId, customer);
    // Both ends: an Admin can neither make someone a Domain admin nor demote one.
    const allowed = [current, next].every((r) => mayAssignRole(caller.grants, roleFromRow(r), groupId, caller.tree));
    if (!allowed) throw new ApiError('FORBIDDEN');
    if (current.id !== next.id) {
      await deps.db.transaction().execute(async (trx) => {
        await lockAndRecheckRole(trx, { customerGroupId: customer, groupId, userId, seen: current });
        await keepDomainAdmin(trx, { groupId, customerGroupId: customer, userId, losing: current, keeping: next });
        await changeRoleOnGroup(trx, userId, groupId, next.id);
        await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId: groupId, action: 'user.change-role', targetType: 'user', targetId: userId, before: { accessGroupId: groupId, roleId: current.id }, after: { accessGroupId: groupId, roleId: next.id } });
      });
    }
    return presentGroupUser(user, await groupView(deps, { caller, groupId, language: requestLanguage(request), userIds: [userId] }));
  });

  api.delete('/access-groups/:id/users/:userId', { schema: { tags: ['users'], summary: 'Remove the user’s role on the group', params: groupUserParamsSchema, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    const { id: groupId, userId } = request.params;
    requireGroup(caller, groupId, 'users:manage');
    const customer = customerOf(caller, groupId);
    const current = await roleOnGroup(deps.db, userId, groupId);
    if (current === undefined) throw notFound();
    if (!mayAssignRole(caller.grants, roleFromRow(current), groupId, caller.tree)) throw new ApiError('FORBIDDEN');
    await deps.db.transaction().execute(async (trx) => {
      await lockAndRecheckRole(trx, { customerGroupId: customer, groupId, userId, seen: current });
      await keepDomainAdmin(trx, { groupId, customerGroupId: customer, userId, losing: current });
      await removeRoleOnGroup(trx, userId, groupId);
      await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId: groupId, action: 'user.remove-role', targetType: 'user', targetId: userId, before: { accessGroupId: groupId, roleId: current.id } });
    });
    return reply.code(204).send(null);
  });
}
