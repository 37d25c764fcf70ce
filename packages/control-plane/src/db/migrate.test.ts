import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { migrateDown, migrateToLatest, MigrationError } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';
import type { DialectName } from './database.js';
import { forEachDatabase } from './test-databases.js';

const ALL_TABLES = [
  'access_group_services',
  'access_groups',
  'activations',
  'active_aliases',
  'api_keys',
  'audit_log',
  'configuration_slots',
  'configuration_versions',
  'configurations',
  'contacts',
  'edge_acks',
  'edges',
  'feed_events',
  'feed_state',
  'invalidations',
  'mail_outbox',
  'roles',
  'services',
  'sessions',
  'user_roles',
  'user_tokens',
  'users',
];

const ALL_MIGRATIONS = Object.keys(MIGRATIONS).sort();

/** Tables with their columns, and the index names: what "the same schema" means here. */
async function schemaSnapshot(db: Kysely<Database>, dialect: DialectName) {
  const tables = (await db.introspection.getTables())
    .map((t) => ({ name: t.name, columns: [...t.columns].sort((a, b) => a.name.localeCompare(b.name)) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const indexQuery =
    dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'index' and name not like 'sqlite_autoindex_%'`
      : sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`;
  const indexes = (await indexQuery.execute(db)).rows.map((r) => r.name).sort();
  return { tables, indexes };
}

forEachDatabase('migrations', ({ db, dialect }) => {
  it('the latest schema has every table and nothing is left to apply', async () => {
    const { tables } = await schemaSnapshot(db(), dialect);
    assert.deepEqual(
      tables.map((t) => t.name),
      ALL_TABLES,
    );
    assert.deepEqual(await migrateToLatest(db()), { applied: [] });
  });

  it('up → down → up leaves the same tables, columns and indexes', async () => {
    const before = await schemaSnapshot(db(), dialect);
    assert.ok(before.indexes.includes('users_email_unique'));
    assert.deepEqual(await migrateDown(db(), ALL_MIGRATIONS.length), { applied: [...ALL_MIGRATIONS].reverse() });
    const down = await schemaSnapshot(db(), dialect);
    assert.deepEqual(down.tables, []);
    assert.deepEqual(down.indexes.filter((name) => !name.startsWith('kysely_')), []);
    assert.deepEqual(await migrateToLatest(db()), { applied: ALL_MIGRATIONS });
    assert.deepEqual(await schemaSnapshot(db(), dialect), before);
  });

  it('migrateDown with more steps than applied migrations undoes them all, and then nothing', async () => {
    assert.deepEqual((await migrateDown(db(), 99)).applied, [...ALL_MIGRATIONS].reverse());
    assert.deepEqual(await migrateDown(db(), 1), { applied: [] });
    await migrateToLatest(db());
  });

  it('content invalidation (202611291000): acks written before it keep their rows, with no matched counts', async () => {
    assert.deepEqual(ALL_MIGRATIONS.slice(-2), ['202611291000_create_invalidations', '202611291300_add_invalidation_edges_counted'], 'this test undoes the two newest migrations only');
    await migrateDown(db(), 2);
    await sql`insert into edges (id, name, region, metro, token_hash, applied_version, cursor, enrolled_at) values ('e-old', 'old', 'eu', 'mad', 'h', 0, 0, 1)`.execute(db());
    await sql`insert into edge_acks (edge_id, seq, ok, problems, created_at) values ('e-old', 7, 1, '[]', 2)`.execute(db());
    assert.deepEqual(await migrateToLatest(db()), { applied: ['202611291000_create_invalidations', '202611291300_add_invalidation_edges_counted'] });
    const acks = await db().selectFrom('edge_acks').select(['edge_id', 'seq', 'ok', 'matched', 'matched_by_item']).execute();
    assert.deepEqual(acks, [{ edge_id: 'e-old', seq: 7, ok: 1, matched: null, matched_by_item: null }]);
    await db().deleteFrom('edges').execute();
  });

  it('invalidations settled before 202611291300 keep their numbers, with edges_counted unknown (null)', async () => {
    assert.equal(ALL_MIGRATIONS.at(-1), '202611291300_add_invalidation_edges_counted', 'this test undoes the newest migration only');
    await migrateDown(db(), 1);
    await db().insertInto('access_groups').values({ id: 'ag', parent_id: null, name: 'Acme', customer_number: null, created_at: 1 }).execute();
    await db().insertInto('services').values({ scid: 'ABC123XYZ', access_group_id: 'ag', name: 'www.acme.example', product: 'cdn', created_at: 1 }).execute();
    await sql`insert into invalidations (id, scid, access_group_id, kind, type, properties, items, item_count, search_text, ignore_case, notify, requested_by, requester_email, language, feed_seq, created_at, completed_at, edges_total, edges_done, objects_matched, items_matched) values ('inv-old', 'ABC123XYZ', 'ag', 'path', 'normal', '[]', '["/a"]', 1, '["/a"]', 0, '[]', 'ana@acme.example', null, 'es', 3, 1, 2, 4, 4, 9, '[9]')`.execute(db());
    assert.deepEqual(await migrateToLatest(db()), { applied: ['202611291300_add_invalidation_edges_counted'] });
    const rows = await db().selectFrom('invalidations').select(['id', 'edges_done', 'edges_counted', 'objects_matched']).execute();
    assert.deepEqual(rows, [{ id: 'inv-old', edges_done: 4, edges_counted: null, objects_matched: 9 }]);
    await db().deleteFrom('invalidations').execute();
    await db().deleteFrom('services').execute();
    await db().deleteFrom('access_groups').execute();
  });

  it('migrateDown refuses a step count that is not a positive integer', async () => {
    await assert.rejects(migrateDown(db(), 0), RangeError);
    await assert.rejects(migrateDown(db(), 1.5), RangeError);
  });

  it('a failing migration throws a MigrationError naming it, and the schema can be migrated afterwards', async () => {
    await migrateDown(db(), ALL_MIGRATIONS.length);
    // A stray table where the first migration wants to create one makes it fail.
    await db().schema.createTable('access_groups').addColumn('stray', 'text').execute();
    await assert.rejects(migrateToLatest(db()), (error: unknown) => {
      assert.ok(error instanceof MigrationError);
      assert.deepEqual(error.failed, ['202611280600_create_accounts']);
      assert.match(error.message, /^migrating up: failed: 202611280600_create_accounts; (not run: [^;]+; )?cause: .*access_groups/);
      return true;
    });
    await db().schema.dropTable('access_groups').execute();
    assert.deepEqual(await migrateToLatest(db()), { applied: ALL_MIGRATIONS });
  });
});
