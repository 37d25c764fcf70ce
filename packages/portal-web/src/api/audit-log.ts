// The audit log of a group and its children (domain.md §1 "Audit log").
import { apiPath, type ApiClient } from './client';
import type { AuditEntry, Page } from './types';

export function fetchAuditLog(client: ApiClient, groupId: string, cursor?: string): Promise<Page<AuditEntry>> {
  return client.get(apiPath`/access-groups/${groupId}/audit-log`, { cursor, limit: 50 });
}
