// The audit log as a table, shared by Portal Admin's log of one group and the staff console's log of every
// customer: the pages of entries (newest first), the loading and error states, and "Load more" for the
// next page. The staff console adds a first column naming each entry's group.
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { AuditEntry, Page } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n-context';
import { PagedTable } from '../../paged-table';
import { AuditRow } from './audit-row';

/** The log's pages, fetched one cursor at a time. */
export function useAuditLogPages(queryKey: QueryKey, fetchPage: (cursor: string | undefined) => Promise<Page<AuditEntry>>) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export interface AuditTableProps {
  readonly log: ReturnType<typeof useAuditLogPages>;
  /** Read to screen-reader users only: the page's heading says it to everyone else. */
  readonly caption?: string;
  /** What to show for an entry's group (null for entries tied to none); leaving it out leaves the column out. */
  readonly groupCell?: (accessGroupId: string | null) => ReactNode;
}

export function AuditTable({ log, caption, groupCell }: AuditTableProps) {
  const { t } = useI18n();
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const columns = groupCell === undefined ? 6 : 7;

  return (
    <PagedTable query={log} caption={caption}>
      <thead>
        <tr>
          {groupCell !== undefined && <th scope="col">{t('scope.group')}</th>}
          <th scope="col">{t('audit.when')}</th>
          <th scope="col">{t('audit.who')}</th>
          <th scope="col">{t('audit.asWhom')}</th>
          <th scope="col">{t('audit.action')}</th>
          <th scope="col">{t('audit.target')}</th>
          <th scope="col">{t('audit.change')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.length === 0 && (
          <tr>
            <td colSpan={columns}>{t('audit.empty')}</td>
          </tr>
        )}
        {entries.map((entry) => (
          <AuditRow key={entry.id} entry={entry} group={groupCell?.(entry.accessGroupId)} />
        ))}
      </tbody>
    </PagedTable>
  );
}
