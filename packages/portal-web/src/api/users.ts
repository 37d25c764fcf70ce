// Users of an access group and what an admin does to them (domain.md §1 "Users").
import { apiPath, type ApiClient } from './client';
import type { GroupUser, InviteUserRequest, Page } from './types';

export function fetchGroupUsers(client: ApiClient, groupId: string, cursor?: string): Promise<Page<GroupUser>> {
  return client.get(apiPath`/access-groups/${groupId}/users`, { cursor, limit: 200 });
}

export function inviteUser(client: ApiClient, groupId: string, request: InviteUserRequest): Promise<GroupUser> {
  return client.post(apiPath`/access-groups/${groupId}/users`, request);
}

export function changeUserRole(client: ApiClient, groupId: string, userId: string, roleId: string): Promise<unknown> {
  return client.put(apiPath`/access-groups/${groupId}/users/${userId}`, { roleId });
}

export type UserAction = 'reset-password' | 'reactivate' | 'disable';

export function runUserAction(client: ApiClient, userId: string, action: UserAction): Promise<unknown> {
  return client.post(apiPath`/users/${userId}/${action}`);
}
