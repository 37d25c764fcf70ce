// Invalidations in the database (migration 202611291000_create_invalidations): the request rows, the
// history page with its filters, what the rate limits count, and the settling of completed and late ones
// (conditional updates, so several control-plane processes settle each request once).
import { sql } from 'kysely';
import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { InvalidationsTable } from '../../db/schema-invalidations.js';
import type { ProgressAck, ProgressEdge } from './progress-rules.js';
import type { RecentRequest } from './rate-limit-rules.js';

export type InvalidationRow = Selectable<InvalidationsTable>;

export async function insertInvalidation(db: Kysely<Database>, row: InvalidationRow): Promise<void> {
  await db.insertInto('invalidations').values(row).execute();
}

export async function findInvalidation(db: Kysely<Database>, id: string): Promise<InvalidationRow | undefined> {
  return db.selectFrom('invalidations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The aliases among `aliases` that some configuration of `scid` holds in staging or production now. */
export async function activeAliasesOf(db: Kysely<Database>, scid: string, aliases: readonly string[]): Promise<Set<string>> {
  if (aliases.length === 0) return new Set();
  const rows = await db.selectFrom('active_aliases').select('alias').distinct().where('scid', '=', scid).where('alias', 'in', [...aliases]).execute();
  return new Set(rows.map((r) => r.alias));
}

/** The group's requests within the last `windowMs` (the longest rate-limit window). */
export async function recentRequestsOf(db: Kysely<Database>, accessGroupId: string, nowMs: number, windowMs: number): Promise<RecentRequest[]> {
  const rows = await db.selectFrom('invalidations').select(['created_at', 'item_count']).where('access_group_id', '=', accessGroupId).where('created_at', '>', nowMs - windowMs).execute();
  return rows.map((r) => ({ createdAtMs: r.created_at, items: r.item_count }));
}

/** What the "contains" filter searches: JSON text lower-cased in JavaScript (the same on both databases). */
export function searchText(value: unknown): string {
  const json = JSON.stringify(value);
  return (typeof value === 'string' ? json.slice(1, -1) : json).toLowerCase();
}

/** LIKE pattern for "contains `text`" with `!` as the escape character (same on SQLite and PostgreSQL). */
function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

export interface HistoryFilter {
  /** One service's history; undefined for the staff list across services. */
  readonly scid?: string;
  /** Only requests that were alerted on (the staff list). */
  readonly alertedOnly?: boolean;
  /** Settled status: complete = completed_at set; in-progress = open with an ok ack; pending = open without. */
  readonly status?: 'pending' | 'in-progress' | 'complete' | undefined;
  readonly property?: string | undefined;
  readonly contains?: string | undefined;
  readonly fromMs?: number | undefined;
  readonly toMs?: number | undefined;
}

/** Some edge has applied the request (an ok ack for its seq). */
function applied(eb: ExpressionBuilder<Database, 'invalidations'>): Expression<SqlBool> {
  return eb.exists(eb.selectFrom('edge_acks').select('edge_acks.edge_id').whereRef('edge_acks.seq', '=', 'invalidations.feed_seq').where('edge_acks.ok', '=', 1));
}

/** Newest first; `after` is the (created_at, id) of the previous page's last row. */
export async function pageInvalidations(db: Kysely<Database>, input: { filter: HistoryFilter; after: readonly [number, string] | undefined; limit: number }): Promise<{ rows: InvalidationRow[]; more: boolean }> {
  const { filter, after } = input;
  let query = db.selectFrom('invalidations').selectAll();
  if (filter.scid !== undefined) query = query.where('scid', '=', filter.scid);
  if (filter.alertedOnly === true) query = query.where('alerted_at', 'is not', null);
  if (filter.fromMs !== undefined) query = query.where('created_at', '>=', filter.fromMs);
  if (filter.toMs !== undefined) query = query.where('created_at', '<', filter.toMs);
  // JSON text holds each alias as "alias"; aliases are plain hostnames (no characters JSON escapes).
  if (filter.property !== undefined) query = query.where(sql<SqlBool>`${sql.ref('properties')} like ${containsPattern(JSON.stringify(filter.property))} escape '!'`);
  if (filter.contains !== undefined) {
    // search_text is the items' JSON lower-cased: look for the text as JSON writes it, lower-cased the same way.
    query = query.where(sql<SqlBool>`${sql.ref('search_text')} like ${containsPattern(searchText(filter.contains))} escape '!'`);
  }
  if (filter.status === 'complete') query = query.where('completed_at', 'is not', null);
  else if (filter.status !== undefined) {
    const wanted = filter.status;
    query = query.where('completed_at', 'is', null).where((eb) => (wanted === 'in-progress' ? applied(eb) : eb.not(applied(eb))));
  }
  if (after !== undefined) {
    query = query.where((eb) => eb.or([eb('created_at', '<', after[0]), eb.and([eb('created_at', '=', after[0]), eb('id', '<', after[1])])]));
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(input.limit + 1).execute();
  return { rows: rows.slice(0, input.limit), more: rows.length > input.limit };
}

/** Requests not yet complete, oldest first, `limit` at a time after the (created_at, id) of `after`. */
export async function openInvalidations(db: Kysely<Database>, input: { after?: readonly [number, string] | undefined; limit: number }): Promise<InvalidationRow[]> {
  let query = db.selectFrom('invalidations').selectAll().where('completed_at', 'is', null);
  const after = input.after;
  if (after !== undefined) query = query.where((eb) => eb.or([eb('created_at', '>', after[0]), eb.and([eb('created_at', '=', after[0]), eb('id', '>', after[1])])]));
  return query.orderBy('created_at').orderBy('id').limit(input.limit).execute();
}

/** What the progress rules need for these requests: the whole fleet, and the acks of their seqs. */
export async function progressSources(db: Kysely<Database>, rows: readonly InvalidationRow[]): Promise<{ edges: ProgressEdge[]; acksBySeq: Map<number, ProgressAck[]> }> {
  const acksBySeq = new Map<number, ProgressAck[]>();
  if (rows.length === 0) return { edges: [], acksBySeq };
  const edgeRows = await db.selectFrom('edges').select(['id', 'enrolled_at', 'removed_at']).execute();
  const seqs = rows.map((r) => r.feed_seq);
  const ackRows = await db.selectFrom('edge_acks').select(['edge_id', 'seq', 'ok', 'matched', 'matched_by_item', 'created_at']).where('seq', 'in', seqs).execute();
  for (const a of ackRows) {
    const list = acksBySeq.get(a.seq) ?? [];
    list.push({ edgeId: a.edge_id, ok: a.ok === 1, matched: a.matched, matchedByItem: parseCounts(a.matched_by_item), atMs: a.created_at });
    acksBySeq.set(a.seq, list);
  }
  return { edges: edgeRows.map((e) => ({ id: e.id, enrolledAtMs: e.enrolled_at, removedAtMs: e.removed_at })), acksBySeq };
}

/** A JSON array of non-negative integers, or null for anything else. */
export function parseCounts(text: string | null): number[] | null {
  if (text === null) return null;
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) && parsed.every((n) => Number.isSafeInteger(n) && (n as number) >= 0) ? (parsed as number[]) : null;
}

export interface Completion {
  readonly completedAtMs: number;
  readonly edgesTotal: number;
  readonly edgesDone: number;
  readonly edgesCounted: number;
  readonly objectsMatched: number;
  readonly itemsMatched: readonly number[];
}

/** Freezes the progress and sets completed_at, only if nobody did yet; true when this call did. */
export async function settleCompleted(db: Kysely<Database>, id: string, c: Completion): Promise<boolean> {
  const result = await db
    .updateTable('invalidations')
    .set({ completed_at: c.completedAtMs, edges_total: c.edgesTotal, edges_done: c.edgesDone, edges_counted: c.edgesCounted, objects_matched: c.objectsMatched, items_matched: JSON.stringify(c.itemsMatched) })
    .where('id', '=', id)
    .where('completed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markNotified(db: Kysely<Database>, id: string, nowMs: number): Promise<void> {
  await db.updateTable('invalidations').set({ notified_at: nowMs }).where('id', '=', id).execute();
}

/** Sets alerted_at on a request still open and not yet alerted on; true when this call did. */
export async function markAlerted(db: Kysely<Database>, id: string, nowMs: number): Promise<boolean> {
  const result = await db.updateTable('invalidations').set({ alerted_at: nowMs }).where('id', '=', id).where('alerted_at', 'is', null).where('completed_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
