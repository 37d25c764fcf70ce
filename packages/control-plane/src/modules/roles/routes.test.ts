import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachApp } from '../../test-support/test-app.js';
import { createChildGroup, createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { Customer, SignedIn } from '../../test-support/fixtures.js';
import { createApiKey } from '../users/test-api-key.js';

interface Role {
  id: string;
  name: string;
  builtIn: boolean;
  permissions: string[];
  assignable: boolean;
}
interface ErrorBody {
  error: { code: string; details?: { pointer: string; message: string }[] };
}

forEachApp('roles: built-in and custom', (t) => {
  let acme: Customer;
  let globex: Customer;
  let child: string;
  let ana: SignedIn; // acme Domain admin, Spanish
  let adam: SignedIn; // acme Admin, English
  let cora: SignedIn; // Domain admin of the child group only
  let rita: SignedIn; // acme Reporting
  let gus: SignedIn; // globex Domain admin
  let tom: SignedIn; // staff
  let purgers: Role;

  const rolesUrl = (groupId: string) => `/api/v1/access-groups/${groupId}/roles`;
  const create = (who: SignedIn, groupId: string, body: Record<string, unknown>) => t.inject({ method: 'POST', url: rolesUrl(groupId), headers: who.headers, payload: body });
  const roleRow = (id: string) => t.db().selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
  const list = async (who: SignedIn, groupId: string) => (await t.inject({ method: 'GET', url: rolesUrl(groupId), headers: who.headers })).json<{ items: Role[] }>().items;

  it('setup', async () => {
    const now = t.clock.now;
    acme = await createCustomer(t.db(), { name: 'Acme', nowMs: now });
    globex = await createCustomer(t.db(), { name: 'Globex', nowMs: now });
    child = await createChildGroup(t.db(), { parentId: acme.groupId, name: 'Acme video', scids: [], nowMs: now });
    await createUser(t.db(), { email: 'ana@acme.example', language: 'es', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: now });
    await createUser(t.db(), { email: 'adam@acme.example', language: 'en', grants: [{ groupId: acme.groupId, roleId: 'admin' }], nowMs: now });
    await createUser(t.db(), { email: 'cora@acme.example', grants: [{ groupId: child, roleId: 'domain-admin' }], nowMs: now });
    await createUser(t.db(), { email: 'rita@acme.example', grants: [{ groupId: acme.groupId, roleId: 'reporting' }], nowMs: now });
    await createUser(t.db(), { email: 'gus@globex.example', grants: [{ groupId: globex.groupId, roleId: 'domain-admin' }], nowMs: now });
    await createUser(t.db(), { email: 'tom@operator.example', staffRole: 'account-manager', nowMs: now });
    ana = await signIn(t, 'ana@acme.example');
    adam = await signIn(t, 'adam@acme.example');
    cora = await signIn(t, 'cora@acme.example');
    rita = await signIn(t, 'rita@acme.example');
    gus = await signIn(t, 'gus@globex.example');
    tom = await signIn(t, 'tom@operator.example');
  });

  it('domain §1: the six built-in roles, strongest first, named in the reader’s language, with what the reader may hand out', async () => {
    const es = await list(ana, acme.groupId);
    assert.deepEqual(es.map((r) => r.id), ['domain-admin', 'admin', 'configuration-editor', 'reporting', 'billing', 'support']);
    assert.equal(es[0]?.name, 'Administrador de dominio');
    assert.ok(es.every((r) => r.builtIn && r.assignable));
    const en = await list(adam, acme.groupId);
    assert.equal(en[0]?.name, 'Domain admin');
    assert.deepEqual(en.filter((r) => !r.assignable).map((r) => r.id), ['domain-admin'], 'an Admin cannot give Domain admin');
  });

  it('roles: reading needs users:manage (403 otherwise); staff with customers:view may read', async () => {
    const denied = await t.inject({ method: 'GET', url: rolesUrl(acme.groupId), headers: rita.headers });
    assert.equal(denied.statusCode, 403);
    const staff = await t.inject({ method: 'GET', url: rolesUrl(acme.groupId), headers: tom.headers });
    assert.equal(staff.statusCode, 200);
    assert.ok(staff.json<{ items: Role[] }>().items.every((r) => !r.assignable), 'staff hand out nothing');
  });

  it('domain §1: a Domain admin creates a custom role for the whole customer, audited', async () => {
    const res = await create(ana, acme.groupId, { name: 'Purgers', permissions: ['reports:view', 'content:invalidate', 'reports:view'] });
    assert.equal(res.statusCode, 201, res.body);
    purgers = res.json<Role>();
    assert.equal(purgers.builtIn, false);
    assert.deepEqual(purgers.permissions, ['reports:view', 'content:invalidate'], 'deduplicated, canonical order');
    const row = await roleRow(purgers.id);
    assert.equal(row?.access_group_id, acme.groupId);
    const audit = await t.db().selectFrom('audit_log').selectAll().where('target_id', '=', purgers.id).execute();
    assert.deepEqual(audit.map((a) => [a.action, a.access_group_id, a.after_json]), [['role.create', acme.groupId, JSON.stringify({ name: 'Purgers', permissions: ['reports:view', 'content:invalidate'] })]]);
    assert.ok((await list(adam, child)).some((r) => r.id === purgers.id), 'listed on every group of the customer');
    assert.ok(!(await list(gus, globex.groupId)).some((r) => r.id === purgers.id), 'and on no other customer’s');
  });

  it('domain §1: only a Domain admin of the customer creates custom roles (Admin and a child’s Domain admin get 403)', async () => {
    const byAdmin = await create(adam, acme.groupId, { name: 'Mine', permissions: ['reports:view'] });
    assert.equal(byAdmin.statusCode, 403);
    const byChildDomainAdmin = await create(cora, child, { name: 'Mine', permissions: ['reports:view'] });
    assert.equal(byChildDomainAdmin.statusCode, 403);
    assert.equal(await t.db().selectFrom('roles').select('id').where('name', '=', 'Mine').executeTakeFirst(), undefined);
  });

  it('bad input: unknown and reserved permissions are reported at their position, an empty list at /permissions', async () => {
    const bad = await create(ana, acme.groupId, { name: 'Bad', permissions: ['reports:view', 'nope', 'roles:manage'] });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json<ErrorBody>().error.details?.map((d) => d.pointer), ['/permissions/1', '/permissions/2']);
    const empty = await create(ana, acme.groupId, { name: 'Empty', permissions: [] });
    assert.deepEqual(empty.json<ErrorBody>().error.details?.map((d) => d.pointer), ['/permissions']);
    const noName = await create(ana, acme.groupId, { name: '  ', permissions: ['reports:view'] });
    assert.deepEqual(noName.json<ErrorBody>().error.details?.map((d) => d.pointer), ['/name']);
  });

  it('a name already used by the customer or by a built-in role (in either language) is a 409 at /name', async () => {
    for (const name of ['purgers', 'Admin', 'Facturación']) {
      const res = await create(ana, acme.groupId, { name, permissions: ['reports:view'] });
      assert.equal(res.statusCode, 409, name);
      assert.deepEqual(res.json<ErrorBody>().error.details?.map((d) => d.pointer), ['/name']);
    }
    const otherCustomer = await create(gus, globex.groupId, { name: 'Purgers', permissions: ['content:invalidate'] });
    assert.equal(otherCustomer.statusCode, 201, 'names are per customer');
  });

  it('PATCH renames and changes permissions, audited with before and after', async () => {
    const res = await t.inject({ method: 'PATCH', url: `/api/v1/roles/${purgers.id}`, headers: ana.headers, payload: { name: 'Cache purgers', permissions: ['content:invalidate'] } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json<Role>().name, res.json<Role>().permissions], ['Cache purgers', ['content:invalidate']]);
    const audit = await t.db().selectFrom('audit_log').selectAll().where('target_id', '=', purgers.id).where('action', '=', 'role.update').executeTakeFirstOrThrow();
    assert.equal(audit.before_json, JSON.stringify({ name: 'Purgers', permissions: ['reports:view', 'content:invalidate'] }));
    assert.equal(audit.after_json, JSON.stringify({ name: 'Cache purgers', permissions: ['content:invalidate'] }));
    const empty = await t.inject({ method: 'PATCH', url: `/api/v1/roles/${purgers.id}`, headers: ana.headers, payload: {} });
    assert.equal(empty.statusCode, 400);
  });

  it('built-in roles are immutable: PATCH and DELETE answer 409', async () => {
    const patch = await t.inject({ method: 'PATCH', url: '/api/v1/roles/admin', headers: ana.headers, payload: { permissions: ['reports:view'] } });
    assert.equal(patch.statusCode, 409);
    const del = await t.inject({ method: 'DELETE', url: '/api/v1/roles/reporting', headers: ana.headers });
    assert.equal(del.statusCode, 409);
    assert.ok((await roleRow('admin'))?.permissions.includes('users:manage'));
  });

  it('roles and isolation: an Admin gets 403 on edits; another customer’s Domain admin gets 404, and nothing changes', async () => {
    const byAdmin = await t.inject({ method: 'PATCH', url: `/api/v1/roles/${purgers.id}`, headers: adam.headers, payload: { name: 'x' } });
    assert.equal(byAdmin.statusCode, 403);
    const patch = await t.inject({ method: 'PATCH', url: `/api/v1/roles/${purgers.id}`, headers: gus.headers, payload: { name: 'Stolen' } });
    const del = await t.inject({ method: 'DELETE', url: `/api/v1/roles/${purgers.id}`, headers: gus.headers });
    const listOther = await t.inject({ method: 'GET', url: rolesUrl(acme.groupId), headers: gus.headers });
    const createOther = await create(gus, acme.groupId, { name: 'Spies', permissions: ['reports:view'] });
    assert.deepEqual([patch.statusCode, del.statusCode, listOther.statusCode, createOther.statusCode], [404, 404, 404, 404]);
    assert.equal((await roleRow(purgers.id))?.name, 'Cache purgers');
    const unknown = await t.inject({ method: 'DELETE', url: '/api/v1/roles/role_missing', headers: ana.headers });
    assert.equal(unknown.statusCode, 404);
  });

  it('a custom role held by a user or an API key cannot be deleted (409); once free it can, audited', async () => {
    const invited = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${child}/users`, headers: ana.headers, payload: { email: 'pia@acme.example', displayName: 'Pia', language: 'es', roleId: purgers.id } });
    assert.equal(invited.statusCode, 201, invited.body);
    const held = await t.inject({ method: 'DELETE', url: `/api/v1/roles/${purgers.id}`, headers: ana.headers });
    assert.equal(held.statusCode, 409);
    await t.inject({ method: 'DELETE', url: `/api/v1/access-groups/${child}/users/${invited.json<{ id: string }>().id}`, headers: ana.headers });
    const key = await createApiKey(t, { groupId: child, roleId: purgers.id });
    const heldByKey = await t.inject({ method: 'DELETE', url: `/api/v1/roles/${purgers.id}`, headers: ana.headers });
    assert.equal(heldByKey.statusCode, 409);
    await t.db().deleteFrom('api_keys').where('id', '=', key.keyId).execute();
    const res = await t.inject({ method: 'DELETE', url: `/api/v1/roles/${purgers.id}`, headers: ana.headers });
    assert.equal(res.statusCode, 204, res.body);
    assert.equal(await roleRow(purgers.id), undefined);
    const audit = await t.db().selectFrom('audit_log').select('action').where('target_id', '=', purgers.id).where('action', '=', 'role.delete').execute();
    assert.equal(audit.length, 1);
  });
});
