// The signed-in session as server state: read once, replaced by sign-in, mimic and sign-out answers.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { fetchSession } from '../api/auth';
import { useApiClient } from '../api/api-context';
import type { Session } from '../api/types';

export const SESSION_QUERY_KEY = ['session'] as const;

export function useSessionQuery() {
  const client = useApiClient();
  return useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: () => fetchSession(client), staleTime: 5 * 60_000 });
}

/** The session of a page that is only rendered signed in (RequireSession guarantees it). */
export function useSession(): Session {
  const { data } = useSessionQuery();
  if (data === undefined || data === null) throw new Error('useSession used outside RequireSession');
  return data;
}

export function useSetSession(): (session: Session | null) => void {
  const queryClient = useQueryClient();
  return (session) => queryClient.setQueryData(SESSION_QUERY_KEY, session);
}

/** After sign-out or a mimic switch nothing cached belongs to the new identity: drop all but the session. */
export function forgetEverythingButSession(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_QUERY_KEY[0] });
}

/** Starting or ending a mimic answers with the new session: everything else was seen as someone else. */
export function useSwitchSession(): (session: Session) => void {
  const queryClient = useQueryClient();
  return (session) => {
    forgetEverythingButSession(queryClient);
    queryClient.setQueryData(SESSION_QUERY_KEY, session);
  };
}
