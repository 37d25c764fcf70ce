// The customer's account team and TSC contacts (domain.md §8).
import { apiPath, type ApiClient } from './client';
import type { AccountTeam } from './types';

export function fetchAccountTeam(client: ApiClient, groupId: string): Promise<AccountTeam> {
  return client.get(apiPath`/access-groups/${groupId}/contacts`);
}
