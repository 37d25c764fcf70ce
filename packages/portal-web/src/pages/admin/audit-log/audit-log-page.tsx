// Portal Admin → Audit log: every change in the group and its children, newest first, with who did it
// and, when an admin was mimicking, as whom (domain.md §1).
import { fetchAuditLog } from '../../../api/audit-log';
import { useApiClient } from '../../../api/api-context';
import type { AccessGroupNode } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n-context';
import { ScopedPage } from '../../scoped-page';
import { adminKeys } from '../admin-queries';
import { AuditTable, useAuditLogPages } from './audit-table';

export function AuditLogPage() {
  const { t } = useI18n();
  return <ScopedPage title={t('audit.title')}>{(group) => <AuditLogPanel group={group} />}</ScopedPage>;
}

function AuditLogPanel({ group }: { readonly group: AccessGroupNode }) {
  const client = useApiClient();
  const log = useAuditLogPages(adminKeys.auditLog(group.id), (cursor) => fetchAuditLog(client, group.id, cursor));
  return <AuditTable log={log} />;
}
