// The access-group tree and the services the caller may see; both feed the header's selectors.
import { useQuery } from '@tanstack/react-query';
import { fetchAccessGroupTree, fetchServices } from '../api/access-groups';
import { useApiClient } from '../api/api-context';

export const ACCESS_GROUPS_QUERY_KEY = ['access-groups'] as const;
export const SERVICES_QUERY_KEY = ['services'] as const;

export function useAccessGroupTree() {
  const client = useApiClient();
  return useQuery({ queryKey: ACCESS_GROUPS_QUERY_KEY, queryFn: () => fetchAccessGroupTree(client) });
}

export function useServices() {
  const client = useApiClient();
  return useQuery({ queryKey: SERVICES_QUERY_KEY, queryFn: () => fetchServices(client) });
}
