// Staff console → Edge fleet (issue 4): every enrolled edge with its region and metro, whether it is alive
// (a heartbeat within 15 s), the configuration snapshot it applied against the newest one, and its last
// heartbeat. Platform operators take an edge out of the fleet, after confirming.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiClient } from '../../../api/api-context';
import { fetchEdges, removeEdge, type EdgeSummary } from '../../../api/edges';
import { ErrorNotice } from '../../../forms/error-notice';
import { StatusMessage } from '../../../forms/status-message';
import { useI18n } from '../../../i18n/i18n-context';
import { useSession } from '../../../session/session-queries';
import { EdgeRow } from './edge-row';

export const EDGES_QUERY_KEY = ['staff-edges'] as const;

/** Heartbeats arrive every few seconds; the page follows them without a reload. */
export const EDGES_REFRESH_MS = 5_000;

export function EdgeFleetPage() {
  const { t } = useI18n();
  const client = useApiClient();
  const queryClient = useQueryClient();
  // Only platform operators remove edges (the server checks it too).
  const mayRemove = useSession().staffRole === 'platform-operator';
  const [status, setStatus] = useState<string | null>(null);
  const edges = useQuery({ queryKey: EDGES_QUERY_KEY, queryFn: () => fetchEdges(client), refetchInterval: EDGES_REFRESH_MS });

  const remove = useMutation({
    mutationFn: (edge: EdgeSummary) => removeEdge(client, edge.id),
    onMutate: () => setStatus(null),
    onSuccess: async (_, edge) => {
      setStatus(t('edges.removed', { name: edge.name }));
      await queryClient.invalidateQueries({ queryKey: EDGES_QUERY_KEY });
    },
  });

  const items = edges.data?.items ?? [];
  const online = items.filter((edge) => edge.state === 'online').length;
  return (
    <section>
      <h1>{t('menu.staff.edges')}</h1>
      <p>{t('edges.intro')}</p>
      <StatusMessage text={status} />
      {remove.isError && <ErrorNotice error={remove.error} />}
      {edges.isPending && <p aria-busy="true">{t('common.loading')}</p>}
      {edges.isError && <ErrorNotice error={edges.error} />}
      {edges.data !== undefined && (
        <>
          <p>{t('edges.summary', { online, total: items.filter((edge) => edge.state !== 'removed').length, latest: edges.data.latestVersion })}</p>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('menu.staff.edges')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('field.name')}</th>
                  <th scope="col">{t('edges.location')}</th>
                  <th scope="col">{t('edges.state')}</th>
                  <th scope="col">{t('edges.version')}</th>
                  <th scope="col">{t('edges.lastHeartbeat')}</th>
                  {mayRemove && <th scope="col">{t('common.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {items.length === 0 && (
                  <tr>
                    <td colSpan={mayRemove ? 6 : 5}>{t('edges.empty')}</td>
                  </tr>
                )}
                {items.map((edge) => (
                  <EdgeRow
                    key={edge.id}
                    edge={edge}
                    latestVersion={edges.data.latestVersion}
                    busy={remove.isPending}
                    onRemove={mayRemove ? () => remove.mutate(edge) : null}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
