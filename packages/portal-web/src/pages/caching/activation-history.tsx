// Every activation of the configuration, newest first and paged, each with its live status.
import { useInfiniteQuery } from '@tanstack/react-query';
import { fetchActivations } from '../../api/activations';
import { useApiClient } from '../../api/api-context';
import type { Configuration } from '../../api/configurations';
import { ErrorNotice } from '../../forms/error-notice';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n-context';
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
      {history.isPending && <p aria-busy="true">{t('common.loading')}</p>}
      {history.isError && <ErrorNotice error={history.error} />}
      {history.data !== undefined && (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('caching.history.title')}</caption>
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
          </table>
        </div>
      )}
      {history.hasNextPage && (
        <button
          type="button"
          className="secondary"
          onClick={() => void history.fetchNextPage()}
          aria-busy={history.isFetchingNextPage}
          disabled={history.isFetchingNextPage}
        >
          {t('common.loadMore')}
        </button>
      )}
    </>
  );
}
