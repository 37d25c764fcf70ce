// API keys (domain.md §1, docs/api.md routes): list, create, regenerate, edit / enable / disable, delete.
// The secret is in the create and regenerate answers only; service.ts holds the rules of each action.
import {
  apiKeyIdParamsSchema,
  apiKeyListQuerySchema,
  apiKeyListSchema,
  apiKeySchema,
  apiKeyWithSecretSchema,
  createApiKeyBodySchema,
  errorEnvelopeSchema,
  idParamsSchema,
  updateApiKeyBodySchema,
} from '@candela/contract';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../api/deps.js';
import { requestLanguage } from '../../api/error-handler.js';
import type { ApiRouter } from '../../api/router.js';
import { loadCaller } from '../../auth/caller.js';
import { createKey, deleteKey, editKey, listGroupKeys, regenerateKey } from './service.js';
import type { KeyAction } from './service.js';

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 404: errorEnvelopeSchema };
const conflicts = { 409: errorEnvelopeSchema };
const tags = ['api-keys'];

async function actionOf(deps: AppDeps, request: FastifyRequest): Promise<KeyAction> {
  return { deps, caller: await loadCaller(deps.db, request.principal), requestId: request.id, language: requestLanguage(request) };
}

export function apiKeyRoutes(api: ApiRouter, deps: AppDeps): void {
  api.get('/access-groups/:id/api-keys', { schema: { tags, summary: 'The group’s API keys, without their secrets', params: idParamsSchema, querystring: apiKeyListQuerySchema, response: { 200: apiKeyListSchema, ...errors } } }, async (request) => {
    return listGroupKeys(await actionOf(deps, request), request.params.id, request.query);
  });

  api.post('/access-groups/:id/api-keys', { schema: { tags, summary: 'Create an API key; the secret is in this answer only', params: idParamsSchema, body: createApiKeyBodySchema, response: { 201: apiKeyWithSecretSchema, ...errors, ...conflicts } } }, async (request, reply) => {
    const created = await createKey(await actionOf(deps, request), request.params.id, request.body);
    return reply.code(201).send(created);
  });

  api.post('/api-keys/:keyId/regenerate', { schema: { tags, summary: 'Issue a new secret; the old one stops working at once', params: apiKeyIdParamsSchema, response: { 200: apiKeyWithSecretSchema, ...errors, ...conflicts } } }, async (request) => {
    return regenerateKey(await actionOf(deps, request), request.params.keyId);
  });

  api.patch('/api-keys/:keyId', { schema: { tags, summary: 'Edit, enable or disable an API key', params: apiKeyIdParamsSchema, body: updateApiKeyBodySchema, response: { 200: apiKeySchema, ...errors, ...conflicts } } }, async (request) => {
    return editKey(await actionOf(deps, request), request.params.keyId, request.body);
  });

  api.delete('/api-keys/:keyId', { schema: { tags, summary: 'Delete an API key (final)', params: apiKeyIdParamsSchema, response: { 200: apiKeySchema, ...errors } } }, async (request) => {
    return deleteKey(await actionOf(deps, request), request.params.keyId);
  });
}
