// The versions of a configuration, newest first and paged: who saved each and why, its properties, where
// it is active, and a button to open it in the editor.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useApiClient } from '../../api/api-context';
import { fetchVersions, type Configuration } from '../../api/configurations';
import { formatDateTime } from '../../i18n/format';
import type { Translate } from '../../i18n/i18n-context';
import { useI18n } from '../../i18n/i18n-context';
import { PagedTable } from '../paged-table';
import { cachingKeys } from './caching-queries';

/** Where a version is active now: staging, production, canary. */
export function activeSlots(configuration: Configuration, version: number, t: Translate): string[] {
  const { staging, production } = configuration.slots;
  const where: string[] = [];
  if (staging?.version === version) where.push(t('caching.slots.staging'));
  if (production.current?.version === version) where.push(t('caching.slots.production'));
  if (production.candidate?.version === version) where.push(t('caching.slots.canaryPercent', { percent: production.candidate.percent }));
  return where;
}

export interface VersionHistoryProps {
  readonly configuration: Configuration;
  readonly viewed: number;
  readonly onView: (version: number) => void;
}

export function VersionHistory({ configuration, viewed, onView }: VersionHistoryProps) {
  const { t, language } = useI18n();
  const client = useApiClient();
  const versions = useInfiniteQuery({
    queryKey: cachingKeys.versions(configuration.id),
    queryFn: ({ pageParam }) => fetchVersions(client, configuration.id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = versions.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <PagedTable query={versions} caption={t('caching.versions.title')}>
      <thead>
        <tr>
          <th scope="col">{t('caching.history.version')}</th>
          <th scope="col">{t('caching.field.comment')}</th>
          <th scope="col">{t('caching.versions.properties')}</th>
          <th scope="col">{t('caching.versions.active')}</th>
          <th scope="col">{t('caching.versions.savedBy')}</th>
          <th scope="col">{t('caching.versions.savedAt')}</th>
          <th scope="col">{t('common.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((summary) => (
          <tr key={summary.version} aria-current={summary.version === viewed ? 'true' : undefined}>
            <th scope="row">{summary.version}</th>
            <td>{summary.comment}</td>
            <td>{summary.properties.join(', ')}</td>
            <td>{activeSlots(configuration, summary.version, t).join(', ')}</td>
            <td>{summary.createdBy}</td>
            <td>
              <time dateTime={summary.createdAt}>{formatDateTime(summary.createdAt, language)}</time>
            </td>
            <td>
              <div className="actions">
                <button type="button" className="secondary" disabled={summary.version === viewed} onClick={() => onView(summary.version)}>
                  {summary.version === viewed ? t('caching.versions.viewing') : t('caching.versions.view', { version: summary.version })}
                </button>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </PagedTable>
  );
}
