// Content invalidation (domain.md §3, issue 5). One row per API request; the feed event that carries it
// to the edges is written in the same transaction (feed_seq). The edges' answers reuse edge_acks (one way
// of recording "edge E handled event seq"): an invalidation's ack adds how many stored objects it matched,
// in total and per item, so both columns are new and nullable (snapshot acks leave them null).
//
// Progress is computed on read from edge_acks while a request is open; when it completes, the numbers are
// frozen into the row (edges_total, edges_done, objects_matched, items_matched) with completed_at, so the
// history no longer moves when edges come and go. One column per ALTER: SQLite adds one at a time.
import { sql } from 'kysely';
import type { Expression, Kysely, SqlBool } from 'kysely';

function oneOf(column: string, values: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('invalidations')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('scid', 'text', (c) => c.notNull().references('services.scid'))
    /** The group owning the service: the per-group rate limits count its requests. */
    .addColumn('access_group_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    /** JSON arrays: the aliases named, and the items (paths, tags, or the properties for kind property). */
    .addColumn('properties', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    /**
     * The items' JSON lower-cased by the application, for the history's "contains" search: SQLite's lower()
     * folds ASCII only, so folding in SQL would answer differently on the two databases.
     */
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('ignore_case', 'integer', (c) => c.notNull())
    /** JSON array of e-mail addresses told when it completes. */
    .addColumn('notify', 'text', (c) => c.notNull())
    /** Who asked, as the history shows it ("a as b" while mimicking, an API key's name). */
    .addColumn('requested_by', 'text', (c) => c.notNull())
    /** Where the 12-hour alert goes: the signed-in person, or an API key's contact when it is an address. */
    .addColumn('requester_email', 'text')
    /** The requester's language: the notify and alert mails are written in it. */
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('feed_seq', 'bigint', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('edges_total', 'integer')
    .addColumn('edges_done', 'integer')
    .addColumn('objects_matched', 'bigint')
    /** JSON array of numbers, one per item, frozen at completion. */
    .addColumn('items_matched', 'text')
    .addColumn('alerted_at', 'bigint')
    .addColumn('notified_at', 'bigint')
    .addCheckConstraint('invalidations_kind', oneOf('kind', ['path', 'tag', 'property']))
    .addCheckConstraint('invalidations_type', oneOf('type', ['normal', 'force']))
    .addCheckConstraint('invalidations_language', oneOf('language', ['es', 'en']))
    .execute();
  await db.schema.createIndex('invalidations_scid_created').on('invalidations').columns(['scid', 'created_at']).execute();
  await db.schema.createIndex('invalidations_group_created').on('invalidations').columns(['access_group_id', 'created_at']).execute();
  await db.schema.createIndex('invalidations_open').on('invalidations').columns(['completed_at', 'created_at']).execute();

  await db.schema.alterTable('edge_acks').addColumn('matched', 'bigint').execute();
  await db.schema.alterTable('edge_acks').addColumn('matched_by_item', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('edge_acks').dropColumn('matched_by_item').execute();
  await db.schema.alterTable('edge_acks').dropColumn('matched').execute();
  await db.schema.dropTable('invalidations').execute();
}
