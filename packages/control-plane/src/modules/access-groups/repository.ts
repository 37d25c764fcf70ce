// Access groups and their services in the database (domain.md §1).
import type { Kysely } from 'kysely';
import { visibleGroupsCte, visibleSeeds } from '../../auth/group-scope.js';
import type { VisibilityScope, VisibleSeeds } from '../../auth/group-scope.js';
import { reusableQuery } from '../../db/reusable-query.js';
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

// Every join starts from the visible groups and looks rows up by index, so the cost follows what the caller
// sees, not the platform. Written as `… in (select id from visible)`, PostgreSQL (which guesses a
// recursive CTE's size) scanned every service; written as an inner join, SQLite did (measured with 1,500
// customers: 7,500 services read to return 5). A CROSS JOIN with the condition in WHERE is the same join
// to PostgreSQL, which plans it freely, and tells SQLite to loop over the visible groups outermost.
// `expand in (0, 1)` keeps every row (expand is always one of them); it tells PostgreSQL, which guesses
// ten or so rows for a recursive CTE, that few groups are visible, so it looks services up by index
// rather than hash-joining a scan of all of them (which it chose at 7,500 services).
const EVERY_ROW = [0, 1];
const visibleGroupRowsQuery = reusableQuery((db, seeds: VisibleSeeds) =>
  visibleGroupsCte(db, seeds)
    .with('seen', (qc) => qc.selectFrom('visible').select(['id', 'parent_id', 'name', 'customer_number', 'created_at']).distinct().where('expand', 'in', EVERY_ROW))
    .with('held', (qc) =>
      qc
        .selectFrom('seen')
        .crossJoin('services as s')
        .whereRef('s.access_group_id', '=', 'seen.id')
        .select(['s.access_group_id', 's.scid'])
        .unionAll(qc.selectFrom('seen').crossJoin('access_group_services as a').whereRef('a.access_group_id', '=', 'seen.id').select(['a.access_group_id', 'a.scid'])),
    )
    .selectFrom('seen as g')
    .leftJoin('held as h', 'h.access_group_id', 'g.id')
    .select(['g.id', 'g.parent_id', 'g.name', 'g.customer_number', 'g.created_at', 'h.scid'])
    .orderBy('g.name')
    .orderBy('g.id'),
);

/**
 * The groups the caller can see (auth/group-scope.ts) with the SCIDs each holds (as scidsByGroup),
 * ordered by name: GET /access-groups in one query, where it used to read the whole tree, then the
 * groups, then their services and given services.
 */
export async function visibleGroupsWithScids(db: Kysely<Database>, scope: VisibilityScope): Promise<{ groups: AccessGroupRow[]; scids: Map<string, string[]> }> {
  const groups: AccessGroupRow[] = [];
  const scids = new Map<string, string[]>();
  const seeds = visibleSeeds(scope);
  if (seeds === undefined) return { groups, scids };
  for (const row of await visibleGroupRowsQuery(db, seeds)) {
    let held = scids.get(row.id);
    if (held === undefined) {
      held = [];
      scids.set(row.id, held);
      groups.push({ id: row.id, parent_id: row.parent_id, name: row.name, customer_number: row.customer_number, created_at: row.created_at });
    }
    if (row.scid !== null) held.push(row.scid);
  }
  for (const list of scids.values()) list.sort();
  return { groups, scids };
}

const visibleServicesQuery = reusableQuery((db, seeds: VisibleSeeds) =>
  visibleGroupsCte(db, seeds)
    .selectFrom('visible as v')
    .crossJoin('services as s')
    .whereRef('s.access_group_id', '=', 'v.id')
    .where('v.expand', 'in', EVERY_ROW)
    .selectAll('s')
    // UNION drops the repeats (a service both owned and given within the caller's groups, a group seen twice).
    .union((eb) =>
      eb
        .selectFrom('visible as v')
        .crossJoin('access_group_services as a')
        .innerJoin('services as s', 's.scid', 'a.scid')
        .whereRef('a.access_group_id', '=', 'v.id')
        .where('v.expand', 'in', EVERY_ROW)
        .selectAll('s'),
    )
    .orderBy('scid'),
);

/** The services the caller's visible groups hold (their own and those given to them), by SCID: GET /services in one query. */
export async function visibleServices(db: Kysely<Database>, scope: VisibilityScope): Promise<ServiceRow[]> {
  const seeds = visibleSeeds(scope);
  return seeds === undefined ? [] : visibleServicesQuery(db, seeds);
}

export async function insertChildGroup(db: Kysely<Database>, row: { id: string; parentId: string; name: string; nowMs: number }): Promise<void> {
  await db.insertInto('access_groups').values({ id: row.id, parent_id: row.parentId, name: row.name, customer_number: null, created_at: row.nowMs }).execute();
}

export async function replaceGroupServices(db: Kysely<Database>, groupId: string, scids: readonly string[]): Promise<void> {
  await db.deleteFrom('access_group_services').where('access_group_id', '=', groupId).execute();
  if (scids.length > 0) await db.insertInto('access_group_services').values(scids.map((scid) => ({ access_group_id: groupId, scid }))).execute();
}
