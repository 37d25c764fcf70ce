// Reading the audit log (writing is audit-log.ts): newest first, keyset-paged on (at, id) so entries
// written while someone pages never shift a page, and the tie on `at` (many entries per millisecond in a
// single request) is broken by id.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { AuditLogRow, Database, UserRow } from '../../db/schema.js';

export interface AuditQuery {
  /** Only entries of these groups; undefined for every entry (staff). An empty list matches nothing. */
  readonly accessGroupIds?: readonly string[] | undefined;
  /** An action, or a family: "user" matches "user" and "user.<anything>". */
  readonly action?: string | undefined;
  /** Inclusive. */
  readonly fromMs?: number | undefined;
  /** Exclusive. */
  readonly toMs?: number | undefined;
  /** The (at, id) of the last entry already seen. */
  readonly after?: readonly [at: number, id: string] | undefined;
  readonly limit: number;
}

export interface AuditRows {
  readonly rows: AuditLogRow[];
  /** There are older entries after these. */
  readonly more: boolean;
}

export async function pageAuditEntries(db: Kysely<Database>, query: AuditQuery): Promise<AuditRows> {
  if (query.accessGroupIds?.length === 0) return { rows: [], more: false };
  let select = db.selectFrom('audit_log').selectAll();
  if (query.accessGroupIds !== undefined) select = select.where('access_group_id', 'in', [...query.accessGroupIds]);
  const action = query.action;
  if (action !== undefined) {
    // substr rather than LIKE: LIKE is case-insensitive on SQLite and case-sensitive on PostgreSQL.
    const family = `${action}.`;
    select = select.where((eb) =>
      eb.or([eb('action', '=', action), eb(sql<string>`substr(action, 1, ${sql.lit(family.length)})`, '=', family)]),
    );
  }
  if (query.fromMs !== undefined) select = select.where('at', '>=', query.fromMs);
  if (query.toMs !== undefined) select = select.where('at', '<', query.toMs);
  const after = query.after;
  if (after !== undefined) {
    const [at, id] = after;
    select = select.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', id)])]));
  }
  const rows = await select.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
  return { rows: rows.slice(0, query.limit), more: rows.length > query.limit };
}

export type AuditPerson = Pick<UserRow, 'id' | 'email' | 'display_name'>;

/** The people named by some entries, by id; deleted users are simply absent. */
export async function peopleByIds(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, AuditPerson>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'email', 'display_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r]));
}
