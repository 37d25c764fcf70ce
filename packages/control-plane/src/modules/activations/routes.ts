// Activations (domain.md §2, issue 4; docs/api.md): move a version into staging or production, follow
// its propagation to the edges, and the property registry. The rules are slot-rules.ts and
// alias-rules.ts; the transaction activate.ts; the watcher that settles each activation is
// jobs/activation-watcher.ts.
import { activateBodySchema, activationListQuerySchema, activationListSchema, activationSchema, errorEnvelopeSchema, hint, idParamsSchema, registrySchema } from '@candela/contract';
import { ApiError, notFound } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import { requestLanguage } from '../../api/error-handler.js';
import type { ApiRouter } from '../../api/router.js';
import { loadCaller, requireGroup } from '../../auth/caller.js';
import { decodeCursor, encodeCursor } from '../audit/cursor.js';
import { descendantsOf } from '../access-groups/subtree.js';
import { activate } from './activate.js';
import { findActivation, pageActivations } from './activation-repository.js';
import { findConfiguration, requireConfiguration } from './configuration-access.js';
import { presentActivation } from './presenter.js';
import { loadRegistry } from './registry.js';

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 404: errorEnvelopeSchema };
const tags = ['activations'];
const CURSOR_SHAPE = ['number', 'string'] as const;

export function activationRoutes(api: ApiRouter, deps: AppDeps): void {
  api.post('/configurations/:id/activations', { schema: { tags, summary: 'Activate a version to staging or production (current, candidate with a traffic percentage, promote); 202 while it reaches the edges', params: idParamsSchema, body: activateBodySchema, response: { 202: activationSchema, 409: errorEnvelopeSchema, ...errors } } }, async (request, reply) => {
    const caller = await loadCaller(deps.db, request.principal);
    const configuration = await findConfiguration(deps.db, request.params.id);
    if (configuration === undefined) throw notFound();
    requireConfiguration(caller, configuration, 'configurations:activate');
    const row = await activate(deps.db, { configuration, request: request.body, caller, requestId: request.id, nowMs: deps.clock() });
    deps.feed.committed();
    return reply.code(202).send(presentActivation(row, requestLanguage(request)));
  });

  api.get('/configurations/:id/activations', { schema: { tags, summary: 'A configuration’s activations, newest first', params: idParamsSchema, querystring: activationListQuerySchema, response: { 200: activationListSchema, ...errors } } }, async (request) => {
    const caller = await loadCaller(deps.db, request.principal);
    const configuration = await findConfiguration(deps.db, request.params.id);
    if (configuration === undefined) throw notFound();
    requireConfiguration(caller, configuration, 'configurations:view', 'configurations:view');
    const { cursor, limit } = request.query;
    const after = cursor === undefined ? undefined : decodeCursor(cursor, CURSOR_SHAPE);
    if (cursor !== undefined && after === undefined) throw new ApiError('VALIDATION_FAILED', [hint('/querystring/cursor', 'paging.cursorUnknown')]);
    const { rows, more } = await pageActivations(deps.db, { configurationId: configuration.id, after, limit });
    const language = requestLanguage(request);
    const last = rows.at(-1);
    return { items: rows.map((r) => presentActivation(r, language)), nextCursor: more && last !== undefined ? encodeCursor([last.created_at, last.id]) : null };
  });

  api.get('/activations/:id', { schema: { tags, summary: 'One activation: its status and how many edges have applied it (poll this)', params: idParamsSchema, response: { 200: activationSchema, ...errors } } }, async (request) => {
    const caller = await loadCaller(deps.db, request.principal);
    const row = await findActivation(deps.db, request.params.id);
    const configuration = row === undefined ? undefined : await findConfiguration(deps.db, row.configuration_id);
    if (row === undefined || configuration === undefined) throw notFound();
    requireConfiguration(caller, configuration, 'configurations:view', 'configurations:view');
    return presentActivation(row, requestLanguage(request));
  });

  api.get('/access-groups/:id/property-registry', { schema: { tags, summary: 'The property registry: every property active in staging or production in the services of the group and its children', params: idParamsSchema, response: { 200: registrySchema, ...errors } } }, async (request) => {
    const caller = await loadCaller(deps.db, request.principal);
    requireGroup(caller, request.params.id, 'configurations:view', { staff: 'configurations:view' });
    const groups = [request.params.id, ...descendantsOf(request.params.id, caller.tree)];
    return { items: await loadRegistry(deps.db, groups) };
  });
}
