// Access groups and services (domain.md §1).
import { apiPath, type ApiClient } from './client';
import type { AccessGroupNode, CreateChildGroupRequest, List, Service } from './types';

export async function fetchAccessGroupTree(client: ApiClient): Promise<readonly AccessGroupNode[]> {
  return (await client.get<List<AccessGroupNode>>('/access-groups')).items;
}

export function createChildGroup(client: ApiClient, parentId: string, request: CreateChildGroupRequest): Promise<AccessGroupNode> {
  return client.post(apiPath`/access-groups/${parentId}/children`, request);
}

export function setGroupServices(client: ApiClient, groupId: string, scids: readonly string[]): Promise<unknown> {
  return client.put(apiPath`/access-groups/${groupId}/services`, { scids });
}

export async function fetchServices(client: ApiClient): Promise<readonly Service[]> {
  return (await client.get<List<Service>>('/services')).items;
}
