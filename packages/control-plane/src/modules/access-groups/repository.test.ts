// The one-query readers of GET /access-groups and GET /services against the older composition they
// replace (the visible ids, then groupsByIds, scidsByGroup, servicesByScids), on every database.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { loadTree, visibleGroups } from '../../auth/caller.js';
import type { Caller } from '../../auth/caller.js';
import { forEachDatabase } from '../../db/test-databases.js';
import { createChildGroup, createCustomer } from '../../test-support/fixtures.js';
import { BUILT_IN_ROLES } from '../access/permissions.js';
import type { Grant } from '../access/permissions.js';
import { groupsByIds, scidsByGroup, servicesByScids, visibleGroupsWithScids, visibleServices } from './repository.js';

forEachDatabase('access-groups repository: visible groups and services in one query', (ctx) => {
  const role = BUILT_IN_ROLES.reporting;
  const groups: Record<string, string> = {};

  before(async () => {
    const db = ctx.db();
    const a = await createCustomer(db, { name: 'Acme', services: 3, nowMs: 0 });
    const b = await createCustomer(db, { name: 'Bolt', services: 2, nowMs: 0 });
    groups.A = a.groupId;
    groups.B = b.groupId;
    groups.A1 = await createChildGroup(db, { parentId: a.groupId, name: 'Acme east', scids: a.scids.slice(0, 2), nowMs: 0 });
    groups.A11 = await createChildGroup(db, { parentId: groups.A1, name: 'Acme east 1', scids: a.scids.slice(0, 1), nowMs: 0 });
    groups.A2 = await createChildGroup(db, { parentId: a.groupId, name: 'Acme west', scids: [], nowMs: 0 });
    groups.B1 = await createChildGroup(db, { parentId: b.groupId, name: 'Bolt north', scids: b.scids.slice(1), nowMs: 0 });
  });

  const g = (name: string): string => groups[name] ?? name;

  async function expected(grants: Grant[], all = false) {
    const db = ctx.db();
    const caller = { principal: { kind: 'api-key' }, grants, staffRoles: all ? ['tsc-technician'] : [], tree: await loadTree(db) } as unknown as Caller;
    const ids = [...visibleGroups(caller)];
    const scids = await scidsByGroup(db, ids);
    return { groups: await groupsByIds(db, ids), scids, services: await servicesByScids(db, [...new Set([...scids.values()].flat())]) };
  }

  // Grants name groups by their key in `groups`, filled in by `before`.
  const cases: { label: string; grants: Grant[]; all?: boolean }[] = [
    { label: 'the customer', grants: [{ accessGroupId: 'A', role }] },
    { label: 'a child group', grants: [{ accessGroupId: 'A1', role }] },
    { label: 'a leaf', grants: [{ accessGroupId: 'A11', role }] },
    { label: 'a group with no services', grants: [{ accessGroupId: 'A2', role }] },
    { label: 'a child confined to itself', grants: [{ accessGroupId: 'A1', role, reachesChildren: false }] },
    { label: 'two customers', grants: [{ accessGroupId: 'A11', role }, { accessGroupId: 'B', role }] },
    { label: 'staff', grants: [], all: true },
  ];

  it('visibleGroupsWithScids: the groups (by name) and the SCIDs each holds, as before', async () => {
    for (const c of cases) {
      const grants = c.grants.map((x) => ({ ...x, accessGroupId: g(x.accessGroupId) }));
      const want = await expected(grants, c.all);
      const got = await visibleGroupsWithScids(ctx.db(), { all: c.all ?? false, grants });
      assert.deepEqual(got.groups.map((x) => x.id).sort(), want.groups.map((x) => x.id).sort(), c.label);
      assert.deepEqual(got.groups.map((x) => x.name), want.groups.map((x) => x.name), `${c.label}: ordered by name`);
      assert.deepEqual(new Set(got.groups), new Set(want.groups), `${c.label}: whole rows`);
      assert.deepEqual(got.scids, want.scids, c.label);
    }
  });

  it('no grants: no groups and no services, without asking the database', async () => {
    assert.deepEqual(await visibleGroupsWithScids(ctx.db(), { all: false, grants: [] }), { groups: [], scids: new Map() });
    assert.deepEqual(await visibleServices(ctx.db(), { all: false, grants: [] }), []);
  });

  it('visibleServices: the services the visible groups hold, by SCID, as before', async () => {
    for (const c of cases) {
      const grants = c.grants.map((x) => ({ ...x, accessGroupId: g(x.accessGroupId) }));
      assert.deepEqual(await visibleServices(ctx.db(), { all: c.all ?? false, grants }), (await expected(grants, c.all)).services, c.label);
    }
  });
});
