// Built-in and custom roles (domain.md §1 "Roles").
import { apiPath, type ApiClient } from './client';
import type { CreateRoleRequest, List, Role } from './types';

export async function fetchRoles(client: ApiClient, groupId: string): Promise<readonly Role[]> {
  return (await client.get<List<Role>>(apiPath`/access-groups/${groupId}/roles`)).items;
}

export function createRole(client: ApiClient, groupId: string, request: CreateRoleRequest): Promise<Role> {
  return client.post(apiPath`/access-groups/${groupId}/roles`, request);
}
