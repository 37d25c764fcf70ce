// Access groups and their services in the database (domain.md §1).
import type { Kysely } from 'kysely';
import type { AccessGroupRow, Database, ServiceRow } from '../../db/schema.js';

export async function groupsByIds(db: Kysely<Database>, ids: readonly string[]): Promise<AccessGroupRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('access_groups').selectAll().where('id', 'in', [...ids]).orderBy('name').execute();
}

export async function findGroup(db: Kysely<Database>, id: string): Promise<AccessGroupRow | undefined> {
  return db.selectFrom('access_groups').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The SCIDs each group holds: a top-level group its own services; a child group the subset it was given
 * (access_group_services).
 */
export async function scidsByGroup(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string[]>> {
  const held = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return held;
  const own = await db.selectFrom('services').select(['access_group_id', 'scid']).where('access_group_id', 'in', [...ids]).execute();
  const given = await db.selectFrom('access_group_services').select(['access_group_id', 'scid']).where('access_group_id', 'in', [...ids]).execute();
  for (const row of [...own, ...given]) held.get(row.access_group_id)?.push(row.scid);
  for (const list of held.values()) list.sort();
  return held;
}

export async function servicesByScids(db: Kysely<Database>, scids: readonly string[]): Promise<ServiceRow[]> {
  if (scids.length === 0) return [];
  return db.selectFrom('services').selectAll().where('scid', 'in', [...scids]).orderBy('scid').execute();
}

export async function insertChildGroup(db: Kysely<Database>, row: { id: string; parentId: string; name: string; nowMs: number }): Promise<void> {
  await db.insertInto('access_groups').values({ id: row.id, parent_id: row.parentId, name: row.name, customer_number: null, created_at: row.nowMs }).execute();
}

export async function replaceGroupServices(db: Kysely<Database>, groupId: string, scids: readonly string[]): Promise<void> {
  await db.deleteFrom('access_group_services').where('access_group_id', '=', groupId).execute();
  if (scids.length > 0) await db.insertInto('access_group_services').values(scids.map((scid) => ({ access_group_id: groupId, scid }))).execute();
}
