// findSessionContext: the session, its users and the effective user's roles in one query, on every
// database, giving the same rows as reading them one by one.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { forEachDatabase } from '../db/test-databases.js';
import { syncBuiltInRoles } from '../bootstrap/built-in-roles.js';
import { createChildGroup, createCustomer, createUser } from '../test-support/fixtures.js';
import { presentSession } from '../modules/accounts/session-presenter.js';
import { grantsOfUser } from './caller.js';
import { createSession, findSessionContext, setMimic } from './sessions.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const TTL = 3_600_000;

forEachDatabase('auth/sessions: findSessionContext', (ctx) => {
  let admin: string;
  let viewer: string;
  let loner: string;

  before(async () => {
    const db = ctx.db();
    await syncBuiltInRoles(db);
    const customer = await createCustomer(db, { name: 'Sessions Co', nowMs: NOW });
    const child = await createChildGroup(db, { parentId: customer.groupId, name: 'Sessions east', scids: [], nowMs: NOW });
    admin = await createUser(db, { email: 'admin@sessions.example', grants: [{ groupId: customer.groupId, roleId: 'domain-admin' }, { groupId: child, roleId: 'admin' }], nowMs: NOW });
    viewer = await createUser(db, { email: 'viewer@sessions.example', grants: [{ groupId: child, roleId: 'reporting' }], nowMs: NOW });
    loner = await createUser(db, { email: 'loner@sessions.example', staffRole: 'tsc-technician', nowMs: NOW });
  });

  const userRow = (id: string) => ctx.db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const byGroup = <T extends { accessGroupId: string }>(list: readonly T[]) => [...list].sort((a, b) => a.accessGroupId.localeCompare(b.accessGroupId));
  const asRows = async (userId: string) =>
    byGroup((await grantsOfUser(ctx.db(), userId)).map((g) => ({ accessGroupId: g.accessGroupId, role: g.role.id })));

  it('a live session: the session row, the whole user row and every role the user holds', async () => {
    const db = ctx.db();
    const { token, row } = await createSession(db, admin, NOW, TTL);
    const found = await findSessionContext(db, token, NOW + 1);
    assert.ok(found !== undefined);
    assert.deepEqual(found.session, row);
    assert.deepEqual(found.user, await userRow(admin));
    assert.equal(found.mimic, null);
    assert.deepEqual(byGroup(found.roles.map((r) => ({ accessGroupId: r.accessGroupId, role: r.roleId }))), await asRows(admin));
    for (const r of found.roles) assert.ok(Array.isArray(JSON.parse(r.permissions)));
    // GET /auth/session shows these roles without asking again: the same answer as presentSession's own query.
    const memberships = found.roles.map(({ permissions: _permissions, ...m }) => m);
    const input = { user: found.user, mimic: null, csrfToken: found.session.csrf_token };
    assert.deepEqual(await presentSession(db, { ...input, memberships }), await presentSession(db, input));
  });

  it('a user without roles still has their session (one row, no grants)', async () => {
    const { token } = await createSession(ctx.db(), loner, NOW, TTL);
    const found = await findSessionContext(ctx.db(), token, NOW);
    assert.deepEqual(found?.user, await userRow(loner));
    assert.deepEqual(found?.roles, []);
  });

  it('while mimicking: both users, and the mimicked user’s roles (not the actor’s)', async () => {
    const db = ctx.db();
    const { token, row } = await createSession(db, admin, NOW, TTL);
    await setMimic(db, row.id, viewer);
    const found = await findSessionContext(db, token, NOW);
    assert.deepEqual(found?.user, await userRow(admin));
    assert.deepEqual(found?.mimic, await userRow(viewer));
    assert.equal(found?.session.mimic_user_id, viewer);
    assert.deepEqual(byGroup(found?.roles.map((r) => ({ accessGroupId: r.accessGroupId, role: r.roleId })) ?? []), await asRows(viewer));
    if (found?.mimic) {
      const memberships = found.roles.map(({ permissions: _permissions, ...m }) => m);
      const input = { user: found.user, mimic: found.mimic, csrfToken: found.session.csrf_token };
      assert.deepEqual(await presentSession(db, { ...input, memberships }), await presentSession(db, input));
    }
  });

  it('an unknown token or an expired session finds nothing', async () => {
    const db = ctx.db();
    assert.equal(await findSessionContext(db, 'not-a-token', NOW), undefined);
    const { token } = await createSession(db, viewer, NOW, TTL);
    assert.ok((await findSessionContext(db, token, NOW + TTL - 1)) !== undefined);
    assert.equal(await findSessionContext(db, token, NOW + TTL), undefined);
  });
});
