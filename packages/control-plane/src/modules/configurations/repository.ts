// Configurations and their versions in the database (domain.md §2). Rows only; the rules live in
// service.ts and the pure *-rule.ts files.
//
// Versions are immutable: this module inserts and reads them and offers no way to update or delete one
// (the table's columns are not even Updateable in db/schema-configurations.ts, so such a query would not
// compile). A configuration's row changes only in latest_version, and only forward, one step at a time.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ConfigurationSlotsTable, ConfigurationsTable, ConfigurationVersionsTable } from '../../db/schema-configurations.js';

export type ConfigurationRow = Selectable<ConfigurationsTable>;
export type VersionRow = Selectable<ConfigurationVersionsTable>;
export type SlotsRow = Selectable<ConfigurationSlotsTable>;

export async function findConfiguration(db: Kysely<Database>, id: string): Promise<ConfigurationRow | undefined> {
  return db.selectFrom('configurations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function configurationNameTaken(db: Kysely<Database>, scid: string, name: string): Promise<boolean> {
  const row = await db.selectFrom('configurations').select('id').where('scid', '=', scid).where('name', '=', name).executeTakeFirst();
  return row !== undefined;
}

/** A service's configurations by name. */
export async function configurationsOfService(db: Kysely<Database>, scid: string): Promise<ConfigurationRow[]> {
  return db.selectFrom('configurations').selectAll().where('scid', '=', scid).orderBy('name').orderBy('id').execute();
}

/** The slot rows of these configurations (a configuration never activated has none). */
export async function slotsOf(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, SlotsRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('configuration_slots').selectAll().where('configuration_id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.configuration_id, r]));
}

export async function insertConfiguration(db: Kysely<Database>, row: ConfigurationRow): Promise<void> {
  await db.insertInto('configurations').values(row).execute();
}

export async function insertVersion(db: Kysely<Database>, row: VersionRow): Promise<void> {
  await db.insertInto('configuration_versions').values(row).execute();
}

/**
 * Moves latest_version from `base` to `next` only if it still is `base`: false means another save got
 * there first. On PostgreSQL the row lock makes a concurrent save wait and then find 0 rows; SQLite runs
 * one write transaction at a time. Same statement on both.
 */
export async function advanceLatestVersion(db: Kysely<Database>, id: string, base: number, next: number): Promise<boolean> {
  const result = await db.updateTable('configurations').set({ latest_version: next }).where('id', '=', id).where('latest_version', '=', base).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function findVersion(db: Kysely<Database>, configurationId: string, version: number): Promise<VersionRow | undefined> {
  return db.selectFrom('configuration_versions').selectAll().where('configuration_id', '=', configurationId).where('version', '=', version).executeTakeFirst();
}

/** One page of versions, newest first, those below `beforeVersion` when given (keyset paging). */
export async function versionsPage(db: Kysely<Database>, query: { configurationId: string; beforeVersion: number | undefined; limit: number }): Promise<VersionRow[]> {
  let select = db.selectFrom('configuration_versions').selectAll().where('configuration_id', '=', query.configurationId);
  if (query.beforeVersion !== undefined) select = select.where('version', '<', query.beforeVersion);
  return select.orderBy('version', 'desc').limit(query.limit).execute();
}
