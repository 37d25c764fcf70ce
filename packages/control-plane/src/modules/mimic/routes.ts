// Mimic user (domain.md §1, (ref)): an admin views the portal as another user of their organisation, and
// every action meanwhile is audited under both names (recordAudit reads both from the principal). Only a
// signed-in person can mimic: an API key has no portal to look at.
import { errorEnvelopeSchema, sessionSchema, startMimicBodySchema } from '@candela/contract';
import type { ValidationMessageKey } from '@candela/contract';
import { fieldError, notFound } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import type { ApiRouter } from '../../api/router.js';
import { grantsOfUser, loadCaller, requireSessionUser } from '../../auth/caller.js';
import { setMimic } from '../../auth/sessions.js';
import { customerGroupOf } from '../access/permissions.js';
import { mayMimic } from '../access/mimic.js';
import type { MimicRefusal } from '../access/mimic.js';
import { presentSession } from '../accounts/session-presenter.js';
import { recordAudit } from '../audit/audit-log.js';
import { findUserById } from '../users/repository.js';
import { mimicParties } from './mimic-parties.js';

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 404: errorEnvelopeSchema };

/** Why mimicking is refused, as the hint the caller reads; another customer's user is a 404 instead. */
const REFUSAL_HINTS: Readonly<Record<Exclude<MimicRefusal, 'OTHER_CUSTOMER'>, ValidationMessageKey>> = {
  ALREADY_MIMICKING: 'mimic.alreadyMimicking',
  SELF: 'mimic.self',
  NOT_AN_ADMIN: 'mimic.notAnAdmin',
  TARGET_NOT_ACTIVE: 'mimic.targetNotActive',
  TARGET_OUTSIDE_ACTORS_GROUPS: 'mimic.targetOutsideActorsGroups',
  TARGET_IS_ADMIN_OF_ACTORS_GROUP: 'mimic.targetIsAdminOfActorsGroup',
};

export function mimicRoutes(api: ApiRouter, deps: AppDeps): void {
  api.post('/mimic', { schema: { tags: ['auth'], summary: 'View the portal as another user of your organisation', body: startMimicBodySchema, response: { 200: sessionSchema, ...errors } } }, async (request) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    const principal = requireSessionUser(caller);
    const target = await findUserById(deps.db, request.body.userId);
    if (target === undefined) throw notFound();
    // The actor's own grants, never those of someone they are already mimicking (mayMimic refuses that anyway).
    const actorGrants = principal.mimic === null ? caller.grants : await grantsOfUser(deps.db, principal.user.id);
    const parties = mimicParties({
      actor: { user: principal.user, grants: actorGrants, mimicking: principal.mimic !== null },
      target: { user: target, grants: await grantsOfUser(deps.db, target.id) },
      tree: caller.tree,
      nowMs: now,
    });
    if (parties === undefined) throw notFound();
    const decision = mayMimic({ ...parties, tree: caller.tree });
    if (!decision.allowed) {
      // Another customer's user does not exist for the caller (docs/api.md); other refusals say why.
      if (decision.reason === 'OTHER_CUSTOMER') throw notFound();
      throw fieldError('MIMIC_NOT_ALLOWED', '/userId', REFUSAL_HINTS[decision.reason]);
    }
    await deps.db.transaction().execute(async (trx) => {
      await setMimic(trx, principal.sessionId, target.id);
      await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId: parties.target.customerId, action: 'mimic.start', targetType: 'user', targetId: target.id, after: { mimicUserId: target.id } });
    });
    return presentSession(deps.db, { user: principal.user, mimic: target, csrfToken: principal.csrfToken });
  });

  api.delete('/mimic', { schema: { tags: ['auth'], summary: 'Stop mimicking and return to your own view', response: { 200: sessionSchema, ...errors } } }, async (request) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    const principal = requireSessionUser(caller);
    const mimicked = principal.mimic;
    // Ending a mimic that is not running is a no-op, so a double click or a second tab does no harm.
    if (mimicked !== null) {
      const customer = caller.grants.map((g) => customerGroupOf(g.accessGroupId, caller.tree)).find((c) => c !== undefined) ?? null;
      await deps.db.transaction().execute(async (trx) => {
        await setMimic(trx, principal.sessionId, null);
        // Recorded with the mimic still in force, so the entry carries both names like everything before it.
        await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId: customer, action: 'mimic.end', targetType: 'user', targetId: mimicked.id, before: { mimicUserId: mimicked.id }, after: { mimicUserId: null } });
      });
    }
    return presentSession(deps.db, { user: principal.user, mimic: null, csrfToken: principal.csrfToken });
  });
}
