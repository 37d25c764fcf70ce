// Content invalidation (domain.md §3, issue 5; docs/api.md "Content invalidation"; contract
// api/invalidations.ts): make a request (202: it is on its way to the edges), follow it, read the
// service's history; staff see the requests that were alerted on for still being open after 12 hours.
// service.ts holds the rules; jobs/invalidation-watcher.ts settles completed and late requests.
import {
  createInvalidationBodySchema,
  errorEnvelopeSchema,
  invalidationIdParamsSchema,
  invalidationListQuerySchema,
  invalidationListSchema,
  invalidationSchema,
  invalidationScidParamsSchema,
} from '@candela/contract';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../api/deps.js';
import { requestLanguage } from '../../api/error-handler.js';
import type { ApiRouter } from '../../api/router.js';
import { loadCaller } from '../../auth/caller.js';
import { staffOnly } from '../staff/staff-only.js';
import { createInvalidation, getInvalidation, listAlerts, listInvalidations } from './service.js';
import type { InvalidationAction } from './service.js';

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 404: errorEnvelopeSchema };
const tags = ['invalidations'];

async function actionOf(deps: AppDeps, request: FastifyRequest): Promise<InvalidationAction> {
  return { deps, caller: await loadCaller(deps.db, request.principal), requestId: request.id, language: requestLanguage(request) };
}

export function invalidationRoutes(api: ApiRouter, deps: AppDeps): void {
  api.post(
    '/services/:scid/invalidations',
    {
      schema: {
        tags,
        summary: 'Invalidate content of the service’s properties: paths (wildcards), cache tags or whole properties, Normal (revalidate) or Force (refetch); 202 while it reaches the edges',
        params: invalidationScidParamsSchema,
        body: createInvalidationBodySchema,
        response: { 202: invalidationSchema, 429: errorEnvelopeSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await createInvalidation(await actionOf(deps, request), request.params.scid, request.body);
      return reply.code(202).send(created);
    },
  );

  api.get('/services/:scid/invalidations', { schema: { tags, summary: 'The service’s invalidation requests, newest first (paged; filters status, property, contains, from, to)', params: invalidationScidParamsSchema, querystring: invalidationListQuerySchema, response: { 200: invalidationListSchema, ...errors } } }, async (request) => {
    return listInvalidations(await actionOf(deps, request), request.params.scid, request.query);
  });

  api.get('/invalidations/:id', { schema: { tags, summary: 'One invalidation request with its progress: edges done of total, objects matched, per item (poll this)', params: invalidationIdParamsSchema, response: { 200: invalidationSchema, ...errors } } }, async (request) => {
    return getInvalidation(await actionOf(deps, request), request.params.id);
  });

  api.get('/staff/invalidation-alerts', { preValidation: staffOnly(deps, 'tickets:view'), schema: { tags: ['staff'], summary: 'Invalidation requests still open 12 hours after they were made (the alerts raised for support), newest first (staff)', querystring: invalidationListQuerySchema, response: { 200: invalidationListSchema, ...errors } } }, async (request) => {
    return listAlerts(await actionOf(deps, request), request.query);
  });
}
