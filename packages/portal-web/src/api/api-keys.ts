// API keys (domain.md §1 "API keys"): the secret exists only in the create and regenerate answers.
import { apiPath, type ApiClient } from './client';
import type { ApiKey, ApiKeyWithSecret, CreateApiKeyRequest, Page, UpdateApiKeyRequest } from './types';

export function fetchApiKeys(client: ApiClient, groupId: string): Promise<Page<ApiKey>> {
  return client.get(apiPath`/access-groups/${groupId}/api-keys`, { limit: 200 });
}

export function createApiKey(client: ApiClient, groupId: string, request: CreateApiKeyRequest): Promise<ApiKeyWithSecret> {
  return client.post(apiPath`/access-groups/${groupId}/api-keys`, request);
}

export function regenerateApiKey(client: ApiClient, keyId: string): Promise<ApiKeyWithSecret> {
  return client.post(apiPath`/api-keys/${keyId}/regenerate`);
}

export function updateApiKey(client: ApiClient, keyId: string, request: UpdateApiKeyRequest): Promise<ApiKey> {
  return client.patch(apiPath`/api-keys/${keyId}`, request);
}
