// Configurations (domain.md §2, issue 4; docs/api.md "Configurations"): a service's configurations, their
// immutable numbered versions and the diff between two. There is deliberately no PUT, PATCH or DELETE of
// a version: a saved version never changes (save = POST the next one). service.ts holds the rules.
import {
  configurationListSchema,
  configurationSchema,
  createConfigurationBodySchema,
  diffQuerySchema,
  diffSchema,
  errorEnvelopeSchema,
  idParamsSchema,
  saveVersionBodySchema,
  scidParamsSchema,
  versionListQuerySchema,
  versionListSchema,
  versionParamsSchema,
  versionSchema,
} from '@candela/contract';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../api/deps.js';
import { requestLanguage } from '../../api/error-handler.js';
import type { ApiRouter } from '../../api/router.js';
import { loadCaller } from '../../auth/caller.js';
import { createConfiguration, diffVersions, getConfiguration, getVersion, listConfigurations, listVersions, saveVersion } from './service.js';
import type { ConfigurationAction } from './service.js';

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 404: errorEnvelopeSchema };
const conflicts = { 409: errorEnvelopeSchema };
const tags = ['configurations'];

async function actionOf(deps: AppDeps, request: FastifyRequest): Promise<ConfigurationAction> {
  return { deps, caller: await loadCaller(deps.db, request.principal), requestId: request.id, language: requestLanguage(request) };
}

export function configurationRoutes(api: ApiRouter, deps: AppDeps): void {
  api.get('/services/:scid/configurations', { schema: { tags, summary: 'The service’s configurations, with what each has in its staging and production slots', params: scidParamsSchema, response: { 200: configurationListSchema, ...errors } } }, async (request) => {
    return listConfigurations(await actionOf(deps, request), request.params.scid);
  });

  api.post('/services/:scid/configurations', { schema: { tags, summary: 'Create a configuration at version 1 (also “save as”: send the document being viewed under a new name)', params: scidParamsSchema, body: createConfigurationBodySchema, response: { 201: configurationSchema, ...errors, ...conflicts } } }, async (request, reply) => {
    const created = await createConfiguration(await actionOf(deps, request), request.params.scid, request.body);
    return reply.code(201).send(created);
  });

  api.get('/configurations/:id', { schema: { tags, summary: 'One configuration', params: idParamsSchema, response: { 200: configurationSchema, ...errors } } }, async (request) => {
    return getConfiguration(await actionOf(deps, request), request.params.id);
  });

  api.get('/configurations/:id/versions', { schema: { tags, summary: 'The configuration’s versions, newest first (paged)', params: idParamsSchema, querystring: versionListQuerySchema, response: { 200: versionListSchema, ...errors } } }, async (request) => {
    return listVersions(await actionOf(deps, request), request.params.id, request.query);
  });

  api.get('/configurations/:id/versions/:version', { schema: { tags, summary: 'One version with its document', params: versionParamsSchema, response: { 200: versionSchema, ...errors } } }, async (request) => {
    return getVersion(await actionOf(deps, request), request.params.id, request.params.version);
  });

  api.post('/configurations/:id/versions', { schema: { tags, summary: 'Save the next version; 409 VERSION_CONFLICT when baseVersion is no longer the latest', params: idParamsSchema, body: saveVersionBodySchema, response: { 201: versionSchema, ...errors, ...conflicts } } }, async (request, reply) => {
    const saved = await saveVersion(await actionOf(deps, request), request.params.id, request.body);
    return reply.code(201).send(saved);
  });

  api.get('/configurations/:id/diff', { schema: { tags, summary: 'What changed between two versions, as JSON-pointer changes', params: idParamsSchema, querystring: diffQuerySchema, response: { 200: diffSchema, ...errors } } }, async (request) => {
    return diffVersions(await actionOf(deps, request), request.params.id, request.query.from, request.query.to);
  });
}
