// The access groups a caller reaches, asked of the database with recursive CTEs (`WITH RECURSIVE` works the
// same on SQLite and PostgreSQL), so a request reads the part of the access-group tree it needs instead of
// every group of every customer. The answers are exactly those of the pure rules in
// modules/access/permissions.ts over the whole tree (group-scope.test.ts checks them against each other).
import type { Kysely, QueryCreator } from 'kysely';
import { reusableQuery } from '../db/reusable-query.js';
import type { AccessGroupRow, Database } from '../db/schema.js';
import type { AccessGroupTree, Grant } from '../modules/access/permissions.js';

/**
 * Database with the `visible` CTE in scope: a row per group the caller can see, with its access_groups
 * columns (so queries need not join back to access_groups), and `expand` (1: its children are seen too).
 * A group can appear twice (expand 0 and 1); readers use DISTINCT or UNION.
 */
export type WithVisible = Database & { visible: AccessGroupRow & { expand: number } };

// `live` is always 1. Filtering the recursive step on it gives PostgreSQL a one-row estimate for the rows
// found so far (it guesses ten), so it walks down by index instead of scanning every group of the
// platform at each level (seen in EXPLAIN ANALYZE with 1,500 customers); `visible` below gets the same
// from `expand`.
const customerTreesQuery = reusableQuery((db, { groupIds }: { groupIds: readonly string[] }) =>
  db
    .withRecursive('up(id, parent_id, live)', (qc) =>
      qc
        .selectFrom('access_groups')
        .select(['id', 'parent_id', (eb) => eb.lit(1).as('live')])
        .where('id', 'in', [...groupIds])
        // UNION, not UNION ALL: duplicates (two grants under one customer) are dropped, and a cycle (which
        // the foreign keys and fixed parent_id rule out) could not loop.
        .union(qc.selectFrom('access_groups as g').innerJoin('up', 'up.parent_id', 'g.id').select(['g.id', 'g.parent_id', (eb) => eb.lit(1).as('live')]).where('up.live', '=', 1)),
    )
    .withRecursive('down(id, parent_id, live)', (qc) =>
      qc
        .selectFrom('up')
        .select(['id', 'parent_id', 'live'])
        .where('parent_id', 'is', null)
        .union(qc.selectFrom('access_groups as g').innerJoin('down', 'down.id', 'g.parent_id').select(['g.id', 'g.parent_id', (eb) => eb.lit(1).as('live')]).where('down.live', '=', 1)),
    )
    .selectFrom('down')
    .select(['id', 'parent_id']),
);

/**
 * The whole tree of every customer (top-level group) holding one of `groupIds`: the groups' ancestors up
 * to their top-level group, then everything below those. One query; it grows with the caller's own
 * customers, not with the platform. Within those customers it is the same map as loadTree's, so every
 * pure rule (can, ancestorsOf, customerGroupOf, descendantsOf) answers as before for their groups; a
 * group of another customer is simply absent, which those rules treat as "no access".
 */
export async function customerTrees(db: Kysely<Database>, groupIds: readonly string[]): Promise<AccessGroupTree> {
  if (groupIds.length === 0) return new Map();
  const rows = await customerTreesQuery(db, { groupIds: [...new Set(groupIds)] });
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}

const GROUP_COLUMNS = ['id', 'parent_id', 'name', 'customer_number', 'created_at'] as const;

export interface VisibilityScope {
  /** Staff with customers:view see every group. */
  readonly all: boolean;
  readonly grants: readonly Grant[];
}

/** The seeds of visibleGroupsCte, as bound parameters (db/reusable-query.ts). */
export type VisibleSeeds = {
  readonly all: boolean;
  /** Granted groups whose grant reaches their descendants (every grant read from the database). */
  readonly reaching: readonly string[];
  /** Granted groups whose grant is confined to the group itself (reachesChildren false). */
  readonly own: readonly string[];
};

/** Undefined when the caller sees nothing, so a route can answer without asking. */
export function visibleSeeds(scope: VisibilityScope): VisibleSeeds | undefined {
  if (scope.all) return { all: true, reaching: [], own: [] };
  const reaching = [...new Set(scope.grants.filter((g) => g.reachesChildren !== false).map((g) => g.accessGroupId))];
  const own = [...new Set(scope.grants.filter((g) => g.reachesChildren === false).map((g) => g.accessGroupId))];
  return reaching.length === 0 && own.length === 0 ? undefined : { all: false, reaching, own };
}

/**
 * A query builder with `visible` in scope (WithVisible): every group some grant reaches (the granted group
 * and, unless the grant says otherwise, all its descendants), or every group for `all`: the same set as
 * visibleGroups (caller.ts). Uses the seeds only as bound values and their lengths, so the queries built
 * on it can be reusableQuery's.
 */
export function visibleGroupsCte(db: Kysely<Database>, seeds: VisibleSeeds): QueryCreator<WithVisible> {
  if (seeds.all) return db.with('visible', (qc) => qc.selectFrom('access_groups').select([...GROUP_COLUMNS, (eb) => eb.lit(1).as('expand')]));
  const { reaching, own } = seeds;
  return db.withRecursive('visible(id, parent_id, name, customer_number, created_at, expand)', (qc) => {
    // Seeds are read from access_groups, so a grant on a group that does not exist reaches nothing. A
    // group confined to itself (expand 0) is seen but not descended from, unless another grant reaches
    // it from above (then it is also a row with expand 1).
    const seed = (ids: readonly string[], expand: number) =>
      qc
        .selectFrom('access_groups')
        .select([...GROUP_COLUMNS, (eb) => eb.lit(expand).as('expand')])
        .where('id', 'in', [...ids]);
    const seeded = reaching.length === 0 ? seed(own, 0) : own.length === 0 ? seed(reaching, 1) : seed(reaching, 1).union(seed(own, 0));
    // UNION (not UNION ALL) drops repeated rows, so even a cycle, which the foreign keys rule out, could not loop.
    return seeded.union(
      // Rows found so far outermost, children looked up by index (see repository.ts in access-groups
      // for why a CROSS JOIN: SQLite keeps the order written, PostgreSQL plans it like an inner join).
      qc
        .selectFrom('visible as v')
        .crossJoin('access_groups as g')
        .whereRef('g.parent_id', '=', 'v.id')
        .where('v.expand', '=', 1)
        .select(['g.id', 'g.parent_id', 'g.name', 'g.customer_number', 'g.created_at', (eb) => eb.lit(1).as('expand')]),
    );
  });
}

/** visibleGroupsCte for a caller's scope; undefined when they see nothing. */
export function withVisibleGroups(db: Kysely<Database>, scope: VisibilityScope): QueryCreator<WithVisible> | undefined {
  const seeds = visibleSeeds(scope);
  return seeds === undefined ? undefined : visibleGroupsCte(db, seeds);
}
