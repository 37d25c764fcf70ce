// What an admin does to a user account as a whole (docs/api.md /users/{userId}/…; domain.md §1 "admin can
// reset, reactivate, delete"): mail a reset link (clearing a lockout), reactivate, disable.
import { errorEnvelopeSchema, managedUserSchema, userIdParamsSchema } from '@candela/contract';
import { ApiError, fieldError, notFound } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import type { ApiRouter } from '../../api/router.js';
import { grantsOfUser, loadCaller, visibleGroups } from '../../auth/caller.js';
import type { Caller } from '../../auth/caller.js';
import { effectiveUser } from '../../auth/principal.js';
import { deleteSessionsOfUser } from '../../auth/sessions.js';
import type { UserRow } from '../../db/schema.js';
import { customerGroupOf } from '../access/permissions.js';
import { findGroup } from '../access-groups/repository.js';
import { recordAudit } from '../audit/audit-log.js';
import { lockDomainAdminsOf, wouldLeaveCustomerWithoutDomainAdmin } from './domain-admin-guard.js';
import { inviterName, queueInvitation, queuePasswordReset } from './invitation.js';
import { presentManagedUser, statusOf } from './presenter.js';
import { clearLockout, endMimicsOf, findUserById, updateUserStatus } from './repository.js';
import { targetAccess } from './target-access.js';
import type { TargetRule } from './target-access.js';

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 404: errorEnvelopeSchema, 409: errorEnvelopeSchema };

interface Target {
  readonly user: UserRow;
  /** Where the change is filed in the audit log: a group on which the caller manages the user. */
  readonly accessGroupId: string;
  readonly customerGroupId: string | undefined;
}

async function loadTarget(deps: AppDeps, caller: Caller, userId: string, rule: TargetRule): Promise<Target> {
  const user = await findUserById(deps.db, userId);
  if (user === undefined) throw notFound();
  const targetGrants = await grantsOfUser(deps.db, user.id);
  const access = targetAccess({ callerGrants: caller.grants, visibleGroups: visibleGroups(caller), targetGrants, tree: caller.tree, rule });
  if (!access.ok) throw access.reason === 'INVISIBLE' ? notFound() : new ApiError('FORBIDDEN');
  return { user, accessGroupId: access.accessGroupId, customerGroupId: customerGroupOf(access.accessGroupId, caller.tree) };
}

function lockState(user: UserRow, nowMs: number) {
  const view = presentManagedUser(user, nowMs);
  return { status: view.status, locked: view.locked };
}

export function userActionRoutes(api: ApiRouter, deps: AppDeps): void {
  api.post('/users/:userId/reset-password', { schema: { tags: ['users'], summary: 'Mail the user a password reset link and clear a lockout', params: userIdParamsSchema, response: { 200: managedUserSchema, ...errors } } }, async (request) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    const { user, accessGroupId, customerGroupId } = await loadTarget(deps, caller, request.params.userId, 'manages');
    // A link would set a password on an account that still cannot sign in; reactivating comes first.
    if (user.status === 'disabled' || user.status === 'expired') throw fieldError('CONFLICT', '', 'user.reactivateFirst');
    const organisation = customerGroupId === undefined ? '' : ((await findGroup(deps.db, customerGroupId))?.name ?? '');
    const updated: UserRow = { ...user, failed_sign_ins: 0, last_failed_sign_in_at: null, locked_until_at: null };
    await deps.db.transaction().execute(async (trx) => {
      await clearLockout(trx, user.id);
      // Someone who never accepted their invitation gets a fresh invitation (3 days) rather than a 1-hour reset link.
      if (user.password_hash === null) await queueInvitation(trx, { user, inviter: inviterName(caller), organisation, publicUrl: deps.config.publicUrl, nowMs: now });
      else await queuePasswordReset(trx, { user, publicUrl: deps.config.publicUrl, nowMs: now });
      await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId, action: 'user.admin-reset-password', targetType: 'user', targetId: user.id, before: lockState(user, now), after: lockState(updated, now) });
    });
    deps.wakeMailSender();
    return presentManagedUser(updated, now);
  });

  api.post('/users/:userId/reactivate', { schema: { tags: ['users'], summary: 'Reactivate an inactive or disabled user', params: userIdParamsSchema, response: { 200: managedUserSchema, ...errors } } }, async (request) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    const { user, accessGroupId } = await loadTarget(deps, caller, request.params.userId, 'outranks');
    // reactivated_at restarts the 180 days (userStatusAt), so the account does not fall inactive again at once.
    const updated: UserRow = { ...user, status: 'active', reactivated_at: now, failed_sign_ins: 0, last_failed_sign_in_at: null, locked_until_at: null };
    await deps.db.transaction().execute(async (trx) => {
      await updateUserStatus(trx, user.id, { status: 'active', reactivatedAtMs: now });
      await clearLockout(trx, user.id);
      await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId, action: 'user.reactivate', targetType: 'user', targetId: user.id, before: { status: statusOf(user, now) }, after: { status: 'active' } });
    });
    return presentManagedUser(updated, now);
  });

  api.post('/users/:userId/disable', { schema: { tags: ['users'], summary: 'Disable a user and end their sessions', params: userIdParamsSchema, response: { 200: managedUserSchema, ...errors } } }, async (request) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    const self = caller.principal.kind === 'session' ? [caller.principal.user.id, effectiveUser(caller.principal)?.id] : [];
    const { user, accessGroupId, customerGroupId } = await loadTarget(deps, caller, request.params.userId, 'outranks');
    if (self.includes(user.id)) throw fieldError('CONFLICT', '', 'user.cannotDisableSelf');
    const updated: UserRow = { ...user, status: 'disabled' };
    await deps.db.transaction().execute(async (trx) => {
      // The last-Domain-admin check reads the holders under the customer's lock, in the transaction that
      // writes: two Domain admins disabling each other at once cannot both pass (domain-admin-guard.ts).
      if (customerGroupId !== undefined) {
        await lockDomainAdminsOf(trx, customerGroupId);
        if (await wouldLeaveCustomerWithoutDomainAdmin(trx, customerGroupId, user.id)) {
          throw fieldError('CONFLICT', '', 'user.lastDomainAdmin');
        }
      }
      await updateUserStatus(trx, user.id, { status: 'disabled' });
      await deleteSessionsOfUser(trx, user.id);
      await endMimicsOf(trx, user.id);
      await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId, action: 'user.disable', targetType: 'user', targetId: user.id, before: { status: statusOf(user, now) }, after: { status: 'disabled' } });
    });
    return presentManagedUser(updated, now);
  });
}
