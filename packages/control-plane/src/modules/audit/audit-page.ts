// One page of the audit log as the API answers it, shared by the customer's and the staff's routes:
// query parameters → repository query → presented entries and the next cursor.
import type { AuditLogPage } from '@candela/contract';
import type { Kysely } from 'kysely';
import { fieldError } from '../../api/api-error.js';
import type { Database } from '../../db/schema.js';
import { pageAuditEntries, peopleByIds } from './audit-repository.js';
import { presentAuditEntry } from './audit-presenter.js';
import { decodeCursor, encodeCursor } from './cursor.js';

export interface AuditPageParams {
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly action?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

const CURSOR_SHAPE = ['number', 'string'] as const;

export async function readAuditPage(
  db: Kysely<Database>,
  params: AuditPageParams,
  accessGroupIds: readonly string[] | undefined,
): Promise<AuditLogPage> {
  const after = params.cursor === undefined ? undefined : decodeCursor(params.cursor, CURSOR_SHAPE);
  if (params.cursor !== undefined && after === undefined) {
    throw fieldError('VALIDATION_FAILED', '/querystring/cursor', 'paging.cursorUnknown');
  }
  const fromMs = params.from === undefined ? undefined : Date.parse(params.from);
  const toMs = params.to === undefined ? undefined : Date.parse(params.to);
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) {
    throw fieldError('VALIDATION_FAILED', '/querystring/to', 'audit.toBeforeFrom');
  }
  const { rows, more } = await pageAuditEntries(db, { accessGroupIds, action: params.action, fromMs, toMs, after, limit: params.limit });
  const people = await peopleByIds(db, rows.flatMap((r) => [r.actor_user_id, r.acting_as_user_id].filter((id) => id !== null)));
  const last = rows.at(-1);
  return {
    items: rows.map((row) => presentAuditEntry(row, people)),
    nextCursor: more && last !== undefined ? encodeCursor([last.at, last.id]) : null,
  };
}
