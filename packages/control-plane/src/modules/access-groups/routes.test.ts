import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachApp } from '../../test-support/test-app.js';
import { createChildGroup, createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { Customer } from '../../test-support/fixtures.js';

forEachApp('access groups and services API', (t) => {
  let acme: Customer;
  let globex: Customer;
  let child: string;

  it('setup: two customers, an admin each, a child group of acme', async () => {
    acme = await createCustomer(t.db(), { name: 'Acme', customerNumber: 'C-1001', services: 3, nowMs: t.clock.now });
    globex = await createCustomer(t.db(), { name: 'Globex', customerNumber: 'C-2002', nowMs: t.clock.now });
    child = await createChildGroup(t.db(), { parentId: acme.groupId, name: 'Acme video', scids: [acme.scids[0]!], nowMs: t.clock.now });
    await createUser(t.db(), { email: 'ana@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: t.clock.now });
    await createUser(t.db(), { email: 'vic@acme.example', grants: [{ groupId: child, roleId: 'admin' }], nowMs: t.clock.now });
    await createUser(t.db(), { email: 'gus@globex.example', grants: [{ groupId: globex.groupId, roleId: 'domain-admin' }], nowMs: t.clock.now });
  });

  it('domain §1: a parent admin sees the whole tree with each group’s services', async () => {
    const ana = await signIn(t, 'ana@acme.example');
    const res = await t.inject({ method: 'GET', url: '/api/v1/access-groups', headers: ana.headers });
    assert.equal(res.statusCode, 200);
    const [root] = res.json<{ items: { id: string; customerNumber: string; scids: string[]; children: { id: string; scids: string[] }[] }[] }>().items;
    assert.equal(root?.id, acme.groupId);
    assert.equal(root?.customerNumber, 'C-1001');
    assert.deepEqual(root?.scids, [...acme.scids].sort());
    assert.deepEqual(root?.children.map((c) => [c.id, c.scids]), [[child, [acme.scids[0]]]]);
  });

  it('domain §1: a child admin sees only the child group and its services', async () => {
    const vic = await signIn(t, 'vic@acme.example');
    const groups = await t.inject({ method: 'GET', url: '/api/v1/access-groups', headers: vic.headers });
    assert.deepEqual(groups.json<{ items: { id: string }[] }>().items.map((g) => g.id), [child]);
    const services = await t.inject({ method: 'GET', url: '/api/v1/services', headers: vic.headers });
    assert.deepEqual(services.json<{ items: { scid: string }[] }>().items.map((s) => s.scid), [acme.scids[0]]);
  });

  it('domain §1: a child group is created with a subset of the parent’s services, audited', async () => {
    const ana = await signIn(t, 'ana@acme.example');
    const res = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/children`, headers: ana.headers, payload: { name: 'Acme radio', scids: [acme.scids[1], acme.scids[2]] } });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json<{ id: string; scids: string[]; parentId: string }>();
    assert.equal(created.parentId, acme.groupId);
    const audit = await t.db().selectFrom('audit_log').selectAll().where('target_id', '=', created.id).execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.action, 'access-group.create');
  });

  it('domain §1: a service the parent does not hold is refused with the pointer of the bad entry', async () => {
    const ana = await signIn(t, 'ana@acme.example');
    const res = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/children`, headers: ana.headers, payload: { name: 'Theft', scids: [acme.scids[0], globex.scids[0]] } });
    assert.equal(res.statusCode, 400);
    const body = res.json<{ error: { code: string; details: { pointer: string }[]; requestId: string } }>();
    assert.equal(body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(body.error.details.map((d) => d.pointer), ['/scids/1']);
    assert.equal(res.headers['x-request-id'], body.error.requestId);
  });

  it('bad input: a malformed SCID and a missing name are both reported by pointer', async () => {
    const ana = await signIn(t, 'ana@acme.example');
    const res = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/children`, headers: ana.headers, payload: { scids: ['lower'] } });
    assert.equal(res.statusCode, 400);
    const pointers = res.json<{ error: { details: { pointer: string }[] } }>().error.details.map((d) => d.pointer).sort();
    assert.deepEqual(pointers, ['/name', '/scids/0']);
  });

  it('isolation: another customer’s group is 404 for reads and writes, and nothing changes', async () => {
    const gus = await signIn(t, 'gus@globex.example');
    const create = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/children`, headers: gus.headers, payload: { name: 'x', scids: [] } });
    assert.equal(create.statusCode, 404);
    const set = await t.inject({ method: 'PUT', url: `/api/v1/access-groups/${child}/services`, headers: gus.headers, payload: { scids: [] } });
    assert.equal(set.statusCode, 404);
    const held = await t.db().selectFrom('access_group_services').select('scid').where('access_group_id', '=', child).execute();
    assert.deepEqual(held.map((r) => r.scid), [acme.scids[0]]);
  });

  it('a child admin cannot widen their own group (403), the parent admin can', async () => {
    const vic = await signIn(t, 'vic@acme.example');
    const denied = await t.inject({ method: 'PUT', url: `/api/v1/access-groups/${child}/services`, headers: vic.headers, payload: { scids: acme.scids } });
    assert.equal(denied.statusCode, 404, 'the parent group is invisible to the child admin');
    const ana = await signIn(t, 'ana@acme.example');
    const ok = await t.inject({ method: 'PUT', url: `/api/v1/access-groups/${child}/services`, headers: ana.headers, payload: { scids: [acme.scids[1]] } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json<{ scids: string[] }>().scids, [acme.scids[1]]);
  });

  it('CSRF: a cookie-authenticated write without the token is refused', async () => {
    const ana = await signIn(t, 'ana@acme.example');
    const res = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/children`, headers: { cookie: ana.headers.cookie }, payload: { name: 'x', scids: [] } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'CSRF_FAILED');
  });

  it('no session: 401 UNAUTHENTICATED', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/v1/access-groups' });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'UNAUTHENTICATED');
  });
});
