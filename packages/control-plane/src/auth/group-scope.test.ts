// The recursive CTEs of group-scope.ts against the pure rules over the whole tree, on every database:
// customerTrees must be loadTree cut down to the caller's customers, and withVisibleGroups must list
// exactly visibleGroups' set, for every grant combination of a small organisation.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import type { Kysely } from 'kysely';
import { forEachDatabase } from '../db/test-databases.js';
import type { Database } from '../db/schema.js';
import { BUILT_IN_ROLES, customerGroupOf } from '../modules/access/permissions.js';
import type { AccessGroupTree, Grant } from '../modules/access/permissions.js';
import { loadTree, visibleGroups } from './caller.js';
import type { Caller } from './caller.js';
import { customerTrees, withVisibleGroups } from './group-scope.js';

// Customer A: A ─ A1 ─ A11 ─ A111, A1 ─ A12, A ─ A2.  Customer B: B ─ B1.  Customer C alone.
const SHAPE: readonly (readonly [string, string | null])[] = [
  ['A', null],
  ['A1', 'A'],
  ['A11', 'A1'],
  ['A111', 'A11'],
  ['A12', 'A1'],
  ['A2', 'A'],
  ['B', null],
  ['B1', 'B'],
  ['C', null],
];

async function seed(db: Kysely<Database>): Promise<(name: string) => string> {
  const run = randomUUID().slice(0, 8);
  const id = (name: string) => `ag_${run}_${name}`;
  for (const [name, parent] of SHAPE) {
    await db
      .insertInto('access_groups')
      .values({ id: id(name), parent_id: parent === null ? null : id(parent), name, customer_number: parent === null ? `${run}-${name}` : null, created_at: 0 })
      .execute();
  }
  return id;
}

async function visibleInDb(db: Kysely<Database>, grants: readonly Grant[], all = false): Promise<string[] | undefined> {
  const q = withVisibleGroups(db, { all, grants });
  if (q === undefined) return undefined;
  const rows = await q.selectFrom('visible').select('id').distinct().execute();
  return rows.map((r) => r.id).sort();
}

function visibleInJs(tree: AccessGroupTree, grants: readonly Grant[], all = false): string[] {
  const caller = { principal: { kind: 'api-key' }, grants, staffRoles: all ? ['tsc-technician'] : [], tree } as unknown as Caller;
  return [...visibleGroups(caller)].sort();
}

forEachDatabase('auth/group-scope: the caller’s part of the access-group tree in SQL', (ctx) => {
  let id: (name: string) => string;
  let fullTree: AccessGroupTree;
  const role = BUILT_IN_ROLES.reporting;

  before(async () => {
    id = await seed(ctx.db());
    fullTree = await loadTree(ctx.db());
  });

  it('customerTrees: the whole tree of each customer holding one of the groups, and nothing else', async () => {
    const db = ctx.db();
    const cut = (customers: string[]) => new Map([...fullTree].filter(([group]) => customers.includes(customerGroupOf(group, fullTree) ?? '')));
    for (const name of ['A', 'A1', 'A111', 'A2', 'A12']) {
      assert.deepEqual(await customerTrees(db, [id(name)]), cut([id('A')]), `from ${name}`);
    }
    assert.deepEqual(await customerTrees(db, [id('A111'), id('A2'), id('B1')]), cut([id('A'), id('B')]), 'two customers, two grants in one');
    assert.deepEqual(await customerTrees(db, [id('C')]), cut([id('C')]));
    assert.deepEqual(await customerTrees(db, []), new Map());
    assert.deepEqual(await customerTrees(db, ['ag_missing']), new Map(), 'an unknown group reaches nothing');
  });

  it('withVisibleGroups: the same set as visibleGroups over the whole tree, for every one or two grants (reaching children or not)', async () => {
    const db = ctx.db();
    const options: Grant[] = [...SHAPE.map(([name]) => ({ accessGroupId: id(name), role })), ...SHAPE.map(([name]) => ({ accessGroupId: id(name), role, reachesChildren: false }))];
    const cases: Grant[][] = [];
    for (let i = 0; i < options.length; i++) {
      cases.push([options[i] as Grant]);
      for (let j = i + 1; j < options.length; j++) cases.push([options[i] as Grant, options[j] as Grant]);
    }
    // A confined grant on a group that another grant reaches from above, and three grants at once.
    cases.push([{ accessGroupId: id('A1'), role, reachesChildren: false }, { accessGroupId: id('A'), role }, { accessGroupId: id('B1'), role }]);
    for (const grants of cases) {
      const label = grants.map((g) => `${g.accessGroupId.split('_').at(-1) ?? ''}${g.reachesChildren === false ? '(own)' : ''}`).join(' + ');
      // Only this suite's groups: other suites may share the database.
      const mine = (await visibleInDb(db, grants))?.filter((g) => fullTree.has(g));
      assert.deepEqual(mine, visibleInJs(fullTree, grants), label);
    }
  });

  it('withVisibleGroups: nothing without grants; everything for staff who view customers; unknown groups reach nothing', async () => {
    const db = ctx.db();
    assert.equal(withVisibleGroups(db, { all: false, grants: [] }), undefined);
    assert.deepEqual(await visibleInDb(db, [], true), [...(await loadTree(db)).keys()].sort());
    assert.deepEqual(await visibleInDb(db, [{ accessGroupId: 'ag_missing', role }]), []);
    assert.deepEqual(await visibleInDb(db, [{ accessGroupId: 'ag_missing', role, reachesChildren: false }]), []);
  });
});
