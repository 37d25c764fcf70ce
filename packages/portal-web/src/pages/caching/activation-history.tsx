// Every activation of the configuration, newest first and paged, each with its live status.
import { useInfiniteQuery } from '@tanstack/react-query';
import { fetchActivations } from '../../api/activations';
import { useApiClient } from '../../api/api-context';
import type { Configuration } from '../../api/configurations';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n-context';
import { PagedTable } from '../paged-table';
import { ActivationStatus, activationTargetText } from './activation-status';
import { cachingKeys } from './caching-queries';

export function ActivationHistory({ configuration }: { readonly configuration: Configuration }) {
  const { t, language } = useI18n();
  const client = useApiClient();
  const history = useInfiniteQuery({
    queryKey: cachingKeys.activations(configuration.id),
    queryFn: ({ pageParam }) => fetchActivations(client, configuration.id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = history.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <h3>{t('caching.history.title')}</h3>
      <PagedTable query={history} caption={t('caching.history.title')}>
        <thead>
          <tr>
            <th scope="col">{t('caching.history.when')}</th>
            <th scope="col">{t('caching.history.change')}</th>
            <th scope="col">{t('caching.history.version')}</th>
            <th scope="col">{t('caching.history.status')}</th>
            <th scope="col">{t('caching.history.by')}</th>
            <th scope="col">{t('caching.field.comment')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={6}>{t('caching.history.empty')}</td>
            </tr>
          )}
          {rows.map((activation) => (
            <tr key={activation.id}>
              <th scope="row">
                <time dateTime={activation.createdAt}>{formatDateTime(activation.createdAt, language)}</time>
              </th>
              <td>{activationTargetText(activation, t)}</td>
              <td>{activation.version ?? '—'}</td>
              <td>
                <ActivationStatus activation={activation} />
              </td>
              <td>{activation.requestedBy}</td>
              <td>{activation.comment}</td>
            </tr>
          ))}
        </tbody>
      </PagedTable>
    </>
  );
}
