// Access groups and services (domain.md §1): the caller's tree, child groups holding a subset of the
// parent's services, and the services (SCIDs) the caller may see.
import { randomUUID } from 'node:crypto';
import {
  accessGroupListSchema,
  accessGroupNodeSchema,
  createChildGroupBodySchema,
  errorEnvelopeSchema,
  hint,
  idParamsSchema,
  serviceListSchema,
  setGroupServicesBodySchema,
} from '@candela/contract';
import { ApiError } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import type { ApiRouter } from '../../api/router.js';
import { identifyCaller, loadCaller, requireGroup, visibilityScope } from '../../auth/caller.js';
import { recordAudit } from '../audit/audit-log.js';
import { descendantsOf, removeFromDescendants } from './subtree.js';
import { findGroup, insertChildGroup, replaceGroupServices, scidsByGroup, visibleGroupsWithScids, visibleServices } from './repository.js';
import { presentService, presentTree } from './presenter.js';

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 404: errorEnvelopeSchema };

/** domain.md §1: a child holds a subset of its parent's services. Lists every SCID that is not. */
function notInParent(requested: readonly string[], parentScids: readonly string[]) {
  return requested
    .map((scid, index) => ({ scid, index }))
    .filter(({ scid }) => !parentScids.includes(scid))
    .map(({ scid, index }) => hint(`/scids/${index}`, 'accessGroup.scidNotInParent', { scid }));
}

export function accessGroupRoutes(api: ApiRouter, deps: AppDeps): void {
  api.get('/access-groups', { schema: { tags: ['access'], summary: 'The access groups you can see, as a tree', response: { 200: accessGroupListSchema, ...errors } } }, async (request) => {
    // The hot read path: the visible groups are resolved in SQL (auth/group-scope.ts), one query after authentication.
    const { groups, scids } = await visibleGroupsWithScids(deps.db, visibilityScope(await identifyCaller(deps.db, request.principal)));
    return { items: presentTree(groups, scids) };
  });

  api.get('/services', { schema: { tags: ['access'], summary: 'The services (SCIDs) you can see', response: { 200: serviceListSchema, ...errors } } }, async (request) => {
    const rows = await visibleServices(deps.db, visibilityScope(await identifyCaller(deps.db, request.principal)));
    return { items: rows.map(presentService) };
  });

  api.post('/access-groups/:id/children', { schema: { tags: ['access'], summary: 'Add a child group holding some of the parent’s services', params: idParamsSchema, body: createChildGroupBodySchema, response: { 201: accessGroupNodeSchema, ...errors } } }, async (request, reply) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    requireGroup(caller, request.params.id, 'access-groups:manage');
    const parentScids = (await scidsByGroup(deps.db, [request.params.id])).get(request.params.id) ?? [];
    const scids = [...new Set(request.body.scids)];
    const problems = notInParent(request.body.scids, parentScids);
    if (problems.length > 0) throw new ApiError('VALIDATION_FAILED', problems);
    const id = `ag_${randomUUID()}`;
    await deps.db.transaction().execute(async (trx) => {
      await insertChildGroup(trx, { id, parentId: request.params.id, name: request.body.name, nowMs: now });
      await replaceGroupServices(trx, id, scids);
      await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId: id, action: 'access-group.create', targetType: 'access-group', targetId: id, after: { name: request.body.name, parentId: request.params.id, scids } });
    });
    return reply.code(201).send({ id, name: request.body.name, parentId: request.params.id, customerNumber: null, scids: scids.sort(), children: [] });
  });

  api.put('/access-groups/:id/services', { schema: { tags: ['access'], summary: 'Set the services a child group holds', params: idParamsSchema, body: setGroupServicesBodySchema, response: { 200: accessGroupNodeSchema, ...errors } } }, async (request) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    requireGroup(caller, request.params.id, 'access-groups:manage');
    const group = await findGroup(deps.db, request.params.id);
    if (group === undefined) throw new ApiError('NOT_FOUND');
    // A top-level group's services are its own (created by staff), not a selection.
    if (group.parent_id === null) throw new ApiError('CONFLICT');
    // The parent must also be administered by the caller: otherwise a child admin could widen their own group.
    requireGroup(caller, group.parent_id, 'access-groups:manage');
    const held = await scidsByGroup(deps.db, [group.parent_id, group.id]);
    const scids = [...new Set(request.body.scids)].sort();
    const problems = notInParent(request.body.scids, held.get(group.parent_id) ?? []);
    if (problems.length > 0) throw new ApiError('VALIDATION_FAILED', problems);
    await deps.db.transaction().execute(async (trx) => {
      await replaceGroupServices(trx, group.id, scids);
      // Children keep a subset of their parent: drop from descendants what this group no longer holds.
      await removeFromDescendants(trx, descendantsOf(group.id, caller.tree), scids);
      await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId: group.id, action: 'access-group.set-services', targetType: 'access-group', targetId: group.id, before: { scids: held.get(group.id) ?? [] }, after: { scids } });
    });
    return { id: group.id, name: group.name, parentId: group.parent_id, customerNumber: null, scids, children: [] };
  });
}
