import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { AuditLogPage } from '@candela/contract';
import type { LightMyRequestResponse } from 'fastify';
import { forEachApp } from '../../test-support/test-app.js';
import { createChildGroup, createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { Customer } from '../../test-support/fixtures.js';
import { recordAudit } from '../audit/audit-log.js';

type Headers = Record<string, string>;

forEachApp('staff reads of a customer’s data are audited (domain.md §1 "Audit log")', (t) => {
  let acme: Customer;
  let globex: Customer;
  let child: string;
  const h: Record<string, Headers> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    const now = t.clock.now;
    acme = await createCustomer(t.db(), { name: 'Acme', nowMs: now });
    globex = await createCustomer(t.db(), { name: 'Globex', nowMs: now });
    child = await createChildGroup(t.db(), { parentId: acme.groupId, name: 'Acme video', scids: [acme.scids[0]!], nowMs: now });
    const people: Parameters<typeof createUser>[1][] = [
      { email: 'ana@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: now },
      { email: 'vic@acme.example', grants: [{ groupId: child, roleId: 'admin' }], nowMs: now },
      { email: 'gus@globex.example', grants: [{ groupId: globex.groupId, roleId: 'domain-admin' }], nowMs: now },
      { email: 'tina@candela.example', staffRole: 'tsc-technician', nowMs: now },
      { email: 'bea@candela.example', staffRole: 'bcc-specialist', nowMs: now },
    ];
    for (const person of people) {
      const name = person.email.split('@')[0]!;
      ids[name] = await createUser(t.db(), person);
      h[name] = (await signIn(t, person.email)).headers;
    }
  });

  const get = (who: string, url: string) => t.inject({ method: 'GET', url, headers: h[who] });

  /** The staff.read entries a request wrote, by the request id it answered with. */
  async function readsOf(res: LightMyRequestResponse) {
    const requestId = String(res.headers['x-request-id']);
    const rows = await t.db().selectFrom('audit_log').selectAll().where('request_id', '=', requestId).where('action', '=', 'staff.read').execute();
    // Sorted here: the two databases' collations order ids with "_" differently.
    return rows.sort((a, b) => (a.access_group_id ?? '').localeCompare(b.access_group_id ?? '', 'en', { sensitivity: 'variant' }));
  }

  async function staffReadsIn(who: string, groupId: string): Promise<AuditLogPage['items']> {
    const res = await get(who, `/api/v1/access-groups/${groupId}/audit-log?action=staff.read&limit=200`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<AuditLogPage>().items;
  }

  it('GET /staff/customers/:id: who read which customer, in that customer’s log, seen by its admin', async () => {
    t.clock.now += 1_000;
    const res = await get('tina', `/api/v1/staff/customers/${acme.groupId}`);
    assert.equal(res.statusCode, 200, res.body);
    const [entry, ...more] = await readsOf(res);
    assert.equal(more.length, 0, 'one entry per read');
    assert.deepEqual(
      { group: entry?.access_group_id, actor: entry?.actor_user_id, actingAs: entry?.acting_as_user_id, target: [entry?.target_type, entry?.target_id], at: entry?.at },
      { group: acme.groupId, actor: ids.tina, actingAs: null, target: ['customer', acme.groupId], at: t.clock.now },
    );
    // The customer's admin sees, in the portal's own log, that operator staff looked.
    const seen = (await staffReadsIn('ana', acme.groupId)).find((e) => e.id === entry?.id);
    assert.deepEqual(seen?.actor, { id: ids.tina, email: 'tina@candela.example', displayName: 'tina' });
    assert.equal(seen?.targetType, 'customer');
    assert.deepEqual(await staffReadsIn('gus', globex.groupId), [], 'nothing in another customer’s log');
  });

  it('GET /access-groups/:id/contacts: a staff read is recorded on the customer that owns the team; customers’ own reads are not', async () => {
    const staff = await get('bea', `/api/v1/access-groups/${child}/contacts`);
    assert.equal(staff.statusCode, 200, staff.body);
    assert.deepEqual((await readsOf(staff)).map((e) => [e.access_group_id, e.actor_user_id, e.target_type, e.target_id]), [[acme.groupId, ids.bea, 'contacts', acme.groupId]]);
    for (const [who, group] of [['ana', acme.groupId], ['vic', child]] as const) {
      const own = await get(who, `/api/v1/access-groups/${group}/contacts`);
      assert.equal(own.statusCode, 200, own.body);
      assert.deepEqual(await readsOf(own), [], who);
    }
  });

  it('GET /access-groups/:id/audit-log: a staff read is recorded on the group read, so a child group’s admin sees it too', async () => {
    const staff = await get('tina', `/api/v1/access-groups/${child}/audit-log`);
    assert.equal(staff.statusCode, 200, staff.body);
    const [entry] = await readsOf(staff);
    assert.deepEqual([entry?.access_group_id, entry?.actor_user_id, entry?.target_type, entry?.target_id], [child, ids.tina, 'audit-log', child]);
    assert.ok((await staffReadsIn('vic', child)).some((e) => e.id === entry?.id), 'the child’s admin sees it');
    assert.ok((await staffReadsIn('ana', acme.groupId)).some((e) => e.id === entry?.id), 'and so does the customer’s');
    // The admins' own reads of their log (just above) wrote nothing.
    assert.equal((await t.db().selectFrom('audit_log').select('id').where('action', '=', 'staff.read').where('actor_user_id', 'in', [ids.ana!, ids.vic!]).execute()).length, 0);
  });

  it('GET /staff/audit-log?accessGroupId=: recorded on the group asked about', async () => {
    const res = await get('tina', `/api/v1/staff/audit-log?accessGroupId=${globex.groupId}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual((await readsOf(res)).map((e) => [e.access_group_id, e.target_type, e.actor_user_id]), [[globex.groupId, 'audit-log', ids.tina]]);
    assert.equal((await staffReadsIn('gus', globex.groupId)).length, 1, 'Globex’s admin sees it');
  });

  it('GET /staff/audit-log: one read for each customer whose entries the page shows (a deleted group’s by its id, none for group-less entries)', async () => {
    const ctx = { caller: undefined, requestId: 'req_setup', nowMs: t.clock.now };
    await recordAudit(t.db(), ctx, { accessGroupId: 'ag_deleted_long_ago', action: 'access-group.delete', targetType: 'access-group', targetId: 'ag_deleted_long_ago' });
    await recordAudit(t.db(), ctx, { accessGroupId: null, action: 'user.locked', targetType: 'user', targetId: 'usr_x' });
    t.clock.now += 1_000;
    const res = await get('tina', '/api/v1/staff/audit-log?limit=200');
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json<AuditLogPage>();
    assert.ok(page.items.some((e) => e.accessGroupId === child), 'the page shows a child group’s entry…');
    assert.deepEqual(
      (await readsOf(res)).map((e) => e.access_group_id),
      [acme.groupId, globex.groupId, 'ag_deleted_long_ago'].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'variant' })),
      '…recorded once, on its customer',
    );
    // The narrower page of one customer's entries is a read of that customer alone.
    const one = await get('tina', `/api/v1/staff/audit-log?action=staff.read&limit=1`);
    assert.deepEqual((await readsOf(one)).map((e) => e.access_group_id), [one.json<AuditLogPage>().items[0]?.accessGroupId]);
  });

  it('refused and unknown reads write nothing: 403 for a staff role without the capability, 404 for customers and unknown ids', async () => {
    const count = async () => (await t.db().selectFrom('audit_log').select('id').where('action', '=', 'staff.read').execute()).length;
    const before = await count();
    const refused: [string, string, number][] = [
      ['bea', `/api/v1/access-groups/${acme.groupId}/audit-log`, 403],
      ['bea', `/api/v1/staff/audit-log?accessGroupId=${acme.groupId}`, 403],
      ['tina', '/api/v1/staff/customers/ag_nope', 404],
      ['tina', `/api/v1/staff/customers/${child}`, 404],
      ['gus', `/api/v1/staff/customers/${acme.groupId}`, 404],
      ['gus', `/api/v1/access-groups/${acme.groupId}/contacts`, 404],
    ];
    for (const [who, url, status] of refused) assert.equal((await get(who, url)).statusCode, status, `${who} ${url}`);
    assert.equal(await count(), before);
  });
});
