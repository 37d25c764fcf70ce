// Cache keys of the Portal Admin pages, per access group, so a change invalidates exactly its list.
import { useQuery } from '@tanstack/react-query';
import { fetchRoles } from '../../api/roles';
import { useApiClient } from '../../api/api-context';

export const adminKeys = {
  users: (groupId: string) => ['users', groupId] as const,
  roles: (groupId: string) => ['roles', groupId] as const,
  apiKeys: (groupId: string) => ['api-keys', groupId] as const,
  auditLog: (groupId: string) => ['audit-log', groupId] as const,
  contacts: (groupId: string) => ['contacts', groupId] as const,
};

export function useRoles(groupId: string) {
  const client = useApiClient();
  return useQuery({ queryKey: adminKeys.roles(groupId), queryFn: () => fetchRoles(client, groupId) });
}
