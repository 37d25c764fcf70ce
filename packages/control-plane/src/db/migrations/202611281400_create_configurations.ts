// Configurations, activations and the edge feed (domain.md §2, issue 4). Same portable column types as
// the first migration (text, integer, bigint epoch-ms, text JSON). The feed's sequence comes from a
// one-row counter updated inside the writing transaction instead of an auto-increment column: the row lock
// makes seq order equal commit order on PostgreSQL, so a reader polling "seq > cursor" never sees a gap
// that fills in later, and it is the same DDL on both databases.
import { sql } from 'kysely';
import type { Expression, Kysely, SqlBool } from 'kysely';

function oneOf(column: string, values: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('configurations')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('scid', 'text', (c) => c.notNull().references('services.scid'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('latest_version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('configurations_scid_name', ['scid', 'name'])
    .execute();

  await db.schema
    .createTable('configuration_versions')
    .addColumn('configuration_id', 'text', (c) => c.notNull().references('configurations.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Immutability: a version is inserted once; the primary key refuses a second row with its number.
    .addPrimaryKeyConstraint('configuration_versions_pk', ['configuration_id', 'version'])
    .addCheckConstraint('configuration_versions_positive', sql`version >= 1`)
    .execute();

  // What each configuration has in each slot now (one row per configuration once first activated).
  await db.schema
    .createTable('configuration_slots')
    .addColumn('configuration_id', 'text', (c) => c.primaryKey().notNull().references('configurations.id').onDelete('cascade'))
    .addColumn('staging_version', 'integer')
    .addColumn('current_version', 'integer')
    .addColumn('candidate_version', 'integer')
    .addColumn('candidate_percent', 'integer')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('configuration_slots_candidate', sql`(candidate_version is null) = (candidate_percent is null)`)
    .execute();

  // The network-wide alias registry (issue 4): an alias is active for one configuration per network, so
  // nobody can take over a hostname another SCID or customer serves. The primary key is the guard.
  await db.schema
    .createTable('active_aliases')
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('configuration_id', 'text', (c) => c.notNull().references('configurations.id').onDelete('cascade'))
    .addColumn('scid', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('active_aliases_pk', ['alias', 'network'])
    .addCheckConstraint('active_aliases_network', oneOf('network', ['staging', 'production']))
    .execute();
  await db.schema.createIndex('active_aliases_configuration').on('active_aliases').column('configuration_id').execute();

  await db.schema
    .createTable('activations')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('configuration_id', 'text', (c) => c.notNull().references('configurations.id').onDelete('cascade'))
    .addColumn('scid', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('percent', 'integer')
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('feed_seq', 'bigint')
    .addColumn('edges_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('edges_done', 'integer', (c) => c.notNull().defaultTo(0))
    /** A stable code (edge-refused, deadline) and the detail (an edge's problems), localised on read. */
    .addColumn('reason_code', 'text')
    .addColumn('reason_detail', 'text')
    /** The slots before this activation (JSON), restored when it is rolled back. */
    .addColumn('previous_slots', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addCheckConstraint('activations_target', oneOf('target', ['staging', 'production', 'candidate', 'promote']))
    .addCheckConstraint('activations_status', oneOf('status', ['pending', 'propagating', 'active', 'rolled-back', 'superseded']))
    .execute();
  await db.schema.createIndex('activations_configuration_created').on('activations').columns(['configuration_id', 'created_at']).execute();
  await db.schema.createIndex('activations_status').on('activations').column('status').execute();

  await db.schema
    .createTable('feed_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('feed_state' as never).values({ id: 1, last_seq: 0 }).execute();

  await db.schema
    .createTable('feed_events')
    .addColumn('seq', 'bigint', (c) => c.primaryKey().notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** The whole event as the edges receive it (JSON). */
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feed_events_kind_seq').on('feed_events').columns(['kind', 'seq']).execute();

  await db.schema
    .createTable('edges')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('metro', 'text', (c) => c.notNull())
    /** SHA-256 of the edge's bearer token; the token itself is shown once, at enrolment. */
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('applied_version', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('cursor', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('health', 'text')
    .addColumn('last_heartbeat_at', 'bigint')
    .addColumn('removed_at', 'bigint')
    .addColumn('enrolled_at', 'bigint', (c) => c.notNull())
    .execute();

  // Per-edge answers to feed events: the activation watcher counts them (and issue 5's invalidations).
  await db.schema
    .createTable('edge_acks')
    .addColumn('edge_id', 'text', (c) => c.notNull().references('edges.id').onDelete('cascade'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('edge_acks_pk', ['edge_id', 'seq'])
    .execute();
  await db.schema.createIndex('edge_acks_seq').on('edge_acks').column('seq').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['edge_acks', 'edges', 'feed_events', 'feed_state', 'activations', 'active_aliases', 'configuration_slots', 'configuration_versions', 'configurations']) {
    await db.schema.dropTable(table).execute();
  }
}
