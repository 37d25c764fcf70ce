import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { CustomerDetail, CustomerSummary, Service } from '@candela/contract';
import { forEachApp } from '../../test-support/test-app.js';
import { createChildGroup, createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { Customer } from '../../test-support/fixtures.js';

type Headers = Record<string, string>;
type Page = { items: CustomerSummary[]; nextCursor: string | null };

function problems(body: string): { code: string; pointers: string[] } {
  const parsed = JSON.parse(body) as { error: { code: string; details?: { pointer: string }[] } };
  return { code: parsed.error.code, pointers: (parsed.error.details ?? []).map((d) => d.pointer).sort() };
}

forEachApp('staff customers API (domain.md §1: customers, customer numbers, SCIDs)', (t) => {
  let acme: Customer;
  let globex: Customer;
  let child: string;
  const h: Record<string, Headers> = {};

  before(async () => {
    const now = t.clock.now;
    acme = await createCustomer(t.db(), { name: 'Acme', customerNumber: 'C-1001', services: 3, nowMs: now });
    globex = await createCustomer(t.db(), { name: 'Globex', customerNumber: 'C-2002', services: 1, nowMs: now });
    child = await createChildGroup(t.db(), { parentId: acme.groupId, name: 'Acme video', scids: [acme.scids[0]!], nowMs: now });
    const grant = (groupId: string, roleId: string) => ({ groupId, roleId });
    await createUser(t.db(), { email: 'ana@acme.example', grants: [grant(acme.groupId, 'domain-admin')], nowMs: now });
    // One person with roles on two groups of the same customer counts once.
    await createUser(t.db(), { email: 'vic@acme.example', grants: [grant(child, 'admin'), grant(acme.groupId, 'reporting')], nowMs: now });
    await createUser(t.db(), { email: 'cid@acme.example', grants: [grant(child, 'support')], nowMs: now });
    await createUser(t.db(), { email: 'gus@globex.example', grants: [grant(globex.groupId, 'domain-admin')], nowMs: now });
    for (const [email, staffRole] of [['bea@candela.example', 'bcc-specialist'], ['amy@candela.example', 'account-manager'], ['pat@candela.example', 'platform-operator']] as const) {
      await createUser(t.db(), { email, staffRole, nowMs: now });
    }
    for (const email of ['ana@acme.example', 'gus@globex.example', 'bea@candela.example', 'amy@candela.example', 'pat@candela.example']) {
      h[email.split('@')[0]!] = (await signIn(t, email)).headers;
    }
  });

  const list = async (who: string, query = ''): Promise<Page> => {
    const res = await t.inject({ method: 'GET', url: `/api/v1/staff/customers${query}`, headers: h[who] });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Page>();
  };

  it('GET /staff/customers: top-level groups with customer number, service and user counts (any staff role)', async () => {
    const page = await list('bea');
    assert.deepEqual(
      page.items.map((c) => [c.id, c.name, c.customerNumber, c.serviceCount, c.userCount]),
      [
        [acme.groupId, 'Acme', 'C-1001', 3, 3],
        [globex.groupId, 'Globex', 'C-2002', 1, 1],
      ],
      'child groups are not customers; vic counts once',
    );
    assert.equal(page.items[0]?.createdAt, new Date(t.clock.now).toISOString());
    assert.equal(page.nextCursor, null);
  });

  it('GET /staff/customers/:id: one customer with its whole group subtree, its services, team and counts (any staff role)', async () => {
    const grandchild = await createChildGroup(t.db(), { parentId: child, name: 'Acme video live', scids: [], nowMs: t.clock.now });
    const res = await t.inject({ method: 'GET', url: `/api/v1/staff/customers/${acme.groupId}`, headers: h.bea });
    assert.equal(res.statusCode, 200, res.body);
    const detail = res.json<CustomerDetail>();
    assert.deepEqual(
      { ...detail, group: undefined, services: undefined, team: undefined },
      { id: acme.groupId, name: 'Acme', customerNumber: 'C-1001', serviceCount: 3, userCount: 3, createdAt: new Date(t.clock.now).toISOString(), group: undefined, services: undefined, team: undefined },
    );
    assert.deepEqual(detail.group, {
      id: acme.groupId,
      name: 'Acme',
      parentId: null,
      customerNumber: 'C-1001',
      scids: [...acme.scids].sort(),
      children: [{ id: child, name: 'Acme video', parentId: acme.groupId, customerNumber: null, scids: [acme.scids[0]], children: [{ id: grandchild, name: 'Acme video live', parentId: child, customerNumber: null, scids: [], children: [] }] }],
    });
    assert.deepEqual(
      detail.services.map((s) => [s.scid, s.name, s.product, s.accessGroupId]),
      [...acme.scids].sort().map((scid) => [scid, `Acme service ${acme.scids.indexOf(scid) + 1}`, 'caching', acme.groupId]),
    );
    assert.deepEqual(detail.team, { customerId: acme.groupId, accountManager: null, salesEngineers: { data: null, dataCenter: null, voice: null }, bcc: null, tsc: [] });
    assert.ok(!res.body.includes(globex.groupId) && !res.body.includes(globex.scids[0]!), 'nothing of another customer');
  });

  it('GET /staff/customers/:id: a child group or an unknown id is 404', async () => {
    for (const id of [child, 'ag_nope']) {
      const res = await t.inject({ method: 'GET', url: `/api/v1/staff/customers/${id}`, headers: h.pat });
      assert.equal(res.statusCode, 404, id);
      assert.equal(problems(res.body).code, 'NOT_FOUND');
    }
  });

  it('customers calling /staff/* get 404, as if the staff console did not exist (even with a body it would refuse)', async () => {
    for (const [method, url] of [['GET', '/api/v1/staff/customers'], ['GET', `/api/v1/staff/customers/${acme.groupId}`], ['POST', '/api/v1/staff/customers'], ['POST', `/api/v1/staff/customers/${acme.groupId}/services`]] as const) {
      const res = await t.inject({ method, url, headers: h.ana, payload: method === 'POST' ? { name: 'x', customerNumber: 'C-9', product: 'caching' } : undefined });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.equal(problems(res.body).code, 'NOT_FOUND');
    }
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/staff/customers' })).statusCode, 401);
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/staff/customers/${acme.groupId}` })).statusCode, 401);
  });

  it('POST /staff/customers: a platform operator creates a customer, audited; it is listed', async () => {
    t.clock.now += 1000;
    const res = await t.inject({ method: 'POST', url: '/api/v1/staff/customers', headers: h.pat, payload: { name: 'Initech', customerNumber: ' c-3003 ' } });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json<CustomerSummary>();
    assert.deepEqual({ ...created, id: '' }, { id: '', name: 'Initech', customerNumber: 'C-3003', serviceCount: 0, userCount: 0, createdAt: new Date(t.clock.now).toISOString() });
    const row = await t.db().selectFrom('access_groups').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    assert.equal(row.parent_id, null);
    assert.equal(row.customer_number, 'C-3003');
    const audit = await t.db().selectFrom('audit_log').selectAll().where('action', '=', 'customer.create').where('target_id', '=', created.id).execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.access_group_id, created.id);
    assert.deepEqual(JSON.parse(audit[0]?.after_json ?? 'null'), { name: 'Initech', customerNumber: 'C-3003' });
    assert.ok((await list('amy')).items.some((c) => c.id === created.id));
  });

  it('POST /staff/customers: a customer number already in use (in any letter case) is 409 CONFLICT at /customerNumber', async () => {
    const count = async () => (await t.db().selectFrom('access_groups').select('id').execute()).length;
    const before = await count();
    for (const customerNumber of ['C-1001', 'c-1001']) {
      const res = await t.inject({ method: 'POST', url: '/api/v1/staff/customers', headers: h.pat, payload: { name: 'Acme again', customerNumber } });
      assert.equal(res.statusCode, 409, customerNumber);
      assert.deepEqual(problems(res.body), { code: 'CONFLICT', pointers: ['/customerNumber'] });
    }
    assert.equal(await count(), before);
  });

  it('staff capabilities: account managers and BCC specialists see customers but cannot create them or services (403)', async () => {
    for (const who of ['amy', 'bea']) {
      const customer = await t.inject({ method: 'POST', url: '/api/v1/staff/customers', headers: h[who], payload: { name: 'Nope', customerNumber: 'C-4004' } });
      assert.equal(customer.statusCode, 403, who);
      const service = await t.inject({ method: 'POST', url: `/api/v1/staff/customers/${acme.groupId}/services`, headers: h[who], payload: { name: 'Nope', product: 'caching' } });
      assert.equal(service.statusCode, 403, who);
    }
    assert.equal(await t.db().selectFrom('access_groups').select('id').where('customer_number', '=', 'C-4004').executeTakeFirst(), undefined);
    assert.equal((await t.db().selectFrom('services').select('scid').where('access_group_id', '=', acme.groupId).execute()).length, 3);
  });

  it('bad input: name, customer number and unknown keys are reported by pointer', async () => {
    const cases: [unknown, string[]][] = [
      [{ customerNumber: 'C-1' }, ['/name']],
      [{ name: 'X', customerNumber: 'C 1' }, ['/customerNumber']],
      [{ name: 'X', customerNumber: '-C1' }, ['/customerNumber']],
      [{ name: '', customerNumber: '' }, ['/customerNumber', '/name']],
      [{ name: 'X', customerNumber: 'C-5', parentId: 'ag_1' }, ['/parentId']],
    ];
    for (const [payload, pointers] of cases) {
      const res = await t.inject({ method: 'POST', url: '/api/v1/staff/customers', headers: h.pat, payload: payload as Record<string, unknown> });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.deepEqual(problems(res.body), { code: 'VALIDATION_FAILED', pointers }, JSON.stringify(payload));
    }
  });

  it('domain §1: POST /staff/customers/:id/services gives the customer a new 9-character SCID, audited', async () => {
    const res = await t.inject({ method: 'POST', url: `/api/v1/staff/customers/${globex.groupId}/services`, headers: h.pat, payload: { name: 'Globex video', product: 'caching' } });
    assert.equal(res.statusCode, 201, res.body);
    const service = res.json<Service>();
    assert.match(service.scid, /^[A-Z0-9]{9}$/);
    assert.deepEqual({ ...service, scid: '' }, { scid: '', name: 'Globex video', product: 'caching', accessGroupId: globex.groupId });
    const row = await t.db().selectFrom('services').selectAll().where('scid', '=', service.scid).executeTakeFirstOrThrow();
    assert.equal(row.access_group_id, globex.groupId);
    const audit = await t.db().selectFrom('audit_log').selectAll().where('action', '=', 'service.create').where('target_id', '=', service.scid).executeTakeFirstOrThrow();
    assert.equal(audit.access_group_id, globex.groupId);
    assert.deepEqual(JSON.parse(audit.after_json ?? 'null'), { scid: service.scid, name: 'Globex video', product: 'caching' });
    // The customer sees the new service at once.
    const services = await t.inject({ method: 'GET', url: '/api/v1/services', headers: h.gus });
    assert.ok(services.json<{ items: Service[] }>().items.some((s) => s.scid === service.scid));
    assert.equal((await list('bea', '?q=globex')).items[0]?.serviceCount, 2);
    const detail = (await t.inject({ method: 'GET', url: `/api/v1/staff/customers/${globex.groupId}`, headers: h.bea })).json<CustomerDetail>();
    assert.deepEqual(detail.services.find((s) => s.scid === service.scid), service, 'and so does the staff customer page');
    assert.ok(detail.group.scids.includes(service.scid));
  });

  it('services belong to a customer: a child group or an unknown id is 404, and no service is made', async () => {
    const before = (await t.db().selectFrom('services').select('scid').execute()).length;
    for (const id of [child, 'ag_nope']) {
      const res = await t.inject({ method: 'POST', url: `/api/v1/staff/customers/${id}/services`, headers: h.pat, payload: { name: 'x', product: 'caching' } });
      assert.equal(res.statusCode, 404, id);
    }
    assert.equal((await t.db().selectFrom('services').select('scid').execute()).length, before);
  });

  it('bad input: a service needs a name and a product slug', async () => {
    const res = await t.inject({ method: 'POST', url: `/api/v1/staff/customers/${acme.groupId}/services`, headers: h.pat, payload: { name: ' ', product: 'Live Video' } });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(problems(res.body).pointers, ['/name', '/product']);
  });

  it('paging and search: pages of 2 walk every customer once, by name; q matches name or number', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await t.inject({ method: 'POST', url: '/api/v1/staff/customers', headers: h.pat, payload: { name: i % 2 === 0 ? 'Hooli' : 'Umbrella', customerNumber: `C-50${i}` } });
      assert.equal(res.statusCode, 201, res.body);
    }
    const all = await t.db().selectFrom('access_groups').select(['id', 'name']).where('parent_id', 'is', null).orderBy('name').orderBy('id').execute();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list('amy', `?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(seen, all.map((r) => r.id), 'same names (Hooli ×2) are ordered by id, none lost');
    assert.deepEqual((await list('amy', '?q=HOOL')).items.map((c) => c.name), ['Hooli', 'Hooli']);
    assert.deepEqual((await list('amy', '?q=c-200')).items.map((c) => c.name), ['Globex']);
    assert.deepEqual((await list('amy', '?q=%25')).items, [], 'a % is a literal, not a wildcard');
    const bad = await t.inject({ method: 'GET', url: '/api/v1/staff/customers?cursor=xyz', headers: h.amy });
    assert.deepEqual(problems(bad.body), { code: 'VALIDATION_FAILED', pointers: ['/querystring/cursor'] });
  });
});
