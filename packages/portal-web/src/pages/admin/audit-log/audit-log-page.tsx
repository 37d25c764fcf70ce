// Portal Admin → Audit log: every change in the group and its children, newest first, with who did it
// and, when an admin was mimicking, as whom (domain.md §1).
import { useInfiniteQuery } from '@tanstack/react-query';
import { fetchAuditLog } from '../../../api/audit-log';
import { useApiClient } from '../../../api/api-context';
import type { AccessGroupNode } from '../../../api/types';
import { ErrorNotice } from '../../../forms/error-notice';
import { useI18n } from '../../../i18n/i18n-context';
import { ScopedPage } from '../../scoped-page';
import { adminKeys } from '../admin-queries';
import { AuditRow } from './audit-row';

export function AuditLogPage() {
  const { t } = useI18n();
  return <ScopedPage title={t('audit.title')}>{(group) => <AuditLogPanel group={group} />}</ScopedPage>;
}

function AuditLogPanel({ group }: { readonly group: AccessGroupNode }) {
  const { t } = useI18n();
  const client = useApiClient();
  const log = useInfiniteQuery({
    queryKey: adminKeys.auditLog(group.id),
    queryFn: ({ pageParam }) => fetchAuditLog(client, group.id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      {log.isPending && <p aria-busy="true">{t('common.loading')}</p>}
      {log.isError && <ErrorNotice error={log.error} />}
      {log.data !== undefined && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
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
                  <td colSpan={6}>{t('audit.empty')}</td>
                </tr>
              )}
              {entries.map((entry) => (
                <AuditRow key={entry.id} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void log.fetchNextPage()} aria-busy={log.isFetchingNextPage} disabled={log.isFetchingNextPage}>
          {t('common.loadMore')}
        </button>
      )}
    </>
  );
}
