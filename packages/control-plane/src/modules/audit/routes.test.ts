import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { AuditEntry, AuditLogPage } from '@candela/contract';
import { forEachApp } from '../../test-support/test-app.js';
import type { TestApp } from '../../test-support/test-app.js';
import { createChildGroup, createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { Customer } from '../../test-support/fixtures.js';
import { loadCaller } from '../../auth/caller.js';
import type { Caller } from '../../auth/caller.js';
import type { Database } from '../../db/schema.js';
import { recordAudit } from './audit-log.js';

const MINUTE_MS = 60_000;

async function callerOf(db: Kysely<Database>, userId: string, mimicUserId?: string): Promise<Caller> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  const mimic = mimicUserId === undefined ? null : await db.selectFrom('users').selectAll().where('id', '=', mimicUserId).executeTakeFirstOrThrow();
  return loadCaller(db, { kind: 'session', sessionId: 's', csrfToken: 'c', user, mimic });
}

type Headers = Record<string, string>;

async function getPage(t: TestApp, url: string, headers: Headers): Promise<AuditLogPage> {
  const res = await t.inject({ method: 'GET', url, headers });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<AuditLogPage>();
}

/** Follows nextCursor to the end; fails on a repeated entry. */
async function walk(t: TestApp, url: string, headers: Headers, limit: number, start: string | null = null): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let pages = 0;
  let cursor = start;
  const sep = url.includes('?') ? '&' : '?';
  do {
    const page = await getPage(t, `${url}${sep}limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`, headers);
    assert.ok(page.items.length <= limit);
    ids.push(...page.items.map((e) => e.id));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 100);
  assert.equal(new Set(ids).size, ids.length, 'no entry on two pages');
  return { ids, pages };
}

function problems(body: string): { code: string; pointers: string[] } {
  const parsed = JSON.parse(body) as { error: { code: string; details?: { pointer: string }[] } };
  return { code: parsed.error.code, pointers: (parsed.error.details ?? []).map((d) => d.pointer).sort() };
}

forEachApp('audit log API (domain.md §1 "Audit log")', (t) => {
  let acme: Customer;
  let globex: Customer;
  let child: string;
  let grandchild: string;
  const users: Record<string, string> = {};
  const h: Record<string, Headers> = {};
  /** ids of the entries written in setup, per group */
  const written: Record<string, string[]> = {};

  let serial = 0;
  async function entry(caller: Caller | undefined, groupId: string | null, action: string, atMs: number, extra: { before?: unknown; after?: unknown } = {}): Promise<string> {
    serial += 1;
    await recordAudit(t.db(), { caller, requestId: `req_test_${serial}`, nowMs: atMs }, { accessGroupId: groupId, action, targetType: 'thing', targetId: `th_${atMs}`, ...extra });
    const row = await t.db().selectFrom('audit_log').select('id').where('request_id', '=', `req_test_${serial}`).executeTakeFirstOrThrow();
    (written[groupId ?? 'none'] ??= []).push(row.id);
    return row.id;
  }

  before(async () => {
    const now = t.clock.now;
    acme = await createCustomer(t.db(), { name: 'Acme', nowMs: now });
    globex = await createCustomer(t.db(), { name: 'Globex', nowMs: now });
    child = await createChildGroup(t.db(), { parentId: acme.groupId, name: 'Acme video', scids: [acme.scids[0]!], nowMs: now });
    grandchild = await createChildGroup(t.db(), { parentId: child, name: 'Acme video live', scids: [], nowMs: now });
    users.ana = await createUser(t.db(), { email: 'ana@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: now });
    users.vic = await createUser(t.db(), { email: 'vic@acme.example', grants: [{ groupId: child, roleId: 'admin' }], nowMs: now });
    users.rita = await createUser(t.db(), { email: 'rita@acme.example', grants: [{ groupId: acme.groupId, roleId: 'reporting' }], nowMs: now });
    users.gus = await createUser(t.db(), { email: 'gus@globex.example', grants: [{ groupId: globex.groupId, roleId: 'domain-admin' }], nowMs: now });
    users.tina = await createUser(t.db(), { email: 'tina@candela.example', staffRole: 'tsc-technician', nowMs: now });
    users.bea = await createUser(t.db(), { email: 'bea@candela.example', staffRole: 'bcc-specialist', nowMs: now });
    for (const name of ['ana', 'vic', 'rita', 'gus', 'tina', 'bea']) h[name] = (await signIn(t, `${name}@${name === 'tina' || name === 'bea' ? 'candela' : name === 'gus' ? 'globex' : 'acme'}.example`)).headers;

    const ana = await callerOf(t.db(), users.ana);
    const gus = await callerOf(t.db(), users.gus);
    // Ties on `at` on purpose: keyset paging must break them by id.
    for (let i = 0; i < 7; i++) await entry(ana, acme.groupId, i % 2 === 0 ? 'user.invite' : 'api-key.create', T(i < 4 ? 10 : 20));
    for (let i = 0; i < 5; i++) await entry(ana, child, 'access-group.set-services', T(15 + i), { before: { scids: [] }, after: { scids: [acme.scids[0]] } });
    await entry(ana, grandchild, 'user.remove', T(30));
    await entry(ana, acme.groupId, 'userx.invite', T(31)); // not in the "user" family
    for (let i = 0; i < 4; i++) await entry(gus, globex.groupId, 'user.invite', T(12 + i));
    await entry(undefined, null, 'user.locked', T(40));
  });

  function T(minutes: number): number {
    return t.clock.now - 60 * MINUTE_MS + minutes * MINUTE_MS;
  }

  async function expectedOrder(groups: string[] | undefined): Promise<string[]> {
    let q = t.db().selectFrom('audit_log').select('id');
    if (groups !== undefined) q = q.where('access_group_id', 'in', groups);
    return (await q.orderBy('at', 'desc').orderBy('id', 'desc').execute()).map((r) => r.id);
  }

  it('domain §1: an admin reads the entries of the group and every group below it, newest first', async () => {
    const page = await getPage(t, `/api/v1/access-groups/${acme.groupId}/audit-log`, h.ana!);
    const mine = [...written[acme.groupId]!, ...written[child]!, ...written[grandchild]!];
    assert.deepEqual(new Set(page.items.map((e) => e.id)), new Set(mine));
    assert.deepEqual(page.items.map((e) => e.id), await expectedOrder([acme.groupId, child, grandchild]));
    assert.equal(page.nextCursor, null);
    const ats = page.items.map((e) => Date.parse(e.at));
    assert.deepEqual(ats, [...ats].sort((a, b) => b - a), 'newest first');
  });

  it('domain §1: each entry says who, what, when, before/after', async () => {
    const page = await getPage(t, `/api/v1/access-groups/${child}/audit-log?action=access-group.set-services&limit=1`, h.ana!);
    const [e] = page.items as [AuditEntry];
    assert.equal(e.at, new Date(T(19)).toISOString());
    assert.deepEqual(e.actor, { id: users.ana, email: 'ana@acme.example', displayName: 'ana' });
    assert.equal(e.actingAs, null);
    assert.equal(e.apiKeyId, null);
    assert.equal(e.accessGroupId, child);
    assert.equal(e.action, 'access-group.set-services');
    assert.equal(e.targetType, 'thing');
    assert.equal(e.targetId, `th_${T(19)}`);
    assert.deepEqual(e.before, { scids: [] }, 'parsed JSON, not a string');
    assert.deepEqual(e.after, { scids: [acme.scids[0]] });
    assert.match(e.requestId, /^req_test_\d+$/);
    assert.notEqual(page.nextCursor, null);
  });

  it('domain §1 mimic: a change made while mimicking names both the actor and the user acted as', async () => {
    const mimicking = await callerOf(t.db(), users.ana!, users.rita);
    const id = await entry(mimicking, acme.groupId, 'configuration.save', T(50));
    const page = await getPage(t, `/api/v1/access-groups/${acme.groupId}/audit-log?limit=1`, h.ana!);
    assert.equal(page.items[0]?.id, id);
    assert.equal(page.items[0]?.actor?.email, 'ana@acme.example');
    assert.deepEqual(page.items[0]?.actingAs, { id: users.rita, email: 'rita@acme.example', displayName: 'rita' });
  });

  it('the log outlives the people it names: a deleted actor keeps their id', async () => {
    const gone = await createUser(t.db(), { email: 'gone@acme.example', grants: [{ groupId: acme.groupId, roleId: 'admin' }], nowMs: t.clock.now });
    const id = await entry(await callerOf(t.db(), gone), acme.groupId, 'user.disable', T(51));
    await t.db().deleteFrom('user_roles').where('user_id', '=', gone).execute();
    await t.db().deleteFrom('users').where('id', '=', gone).execute();
    const page = await getPage(t, `/api/v1/access-groups/${acme.groupId}/audit-log?limit=1`, h.ana!);
    assert.equal(page.items[0]?.id, id);
    assert.deepEqual(page.items[0]?.actor, { id: gone, email: null, displayName: null });
  });

  it('paging: walking pages of 3 returns every entry once, in order, with no gaps', async () => {
    const expected = await expectedOrder([acme.groupId, child, grandchild]);
    assert.ok(expected.length > 3 * 4, 'more entries than a few pages');
    const { ids, pages } = await walk(t, `/api/v1/access-groups/${acme.groupId}/audit-log`, h.ana!, 3);
    assert.deepEqual(ids, expected);
    assert.equal(pages, Math.ceil(expected.length / 3));
  });

  it('paging: entries written while a client pages do not shift the pages it has yet to read', async () => {
    const expected = await expectedOrder([acme.groupId, child, grandchild]);
    const first = await getPage(t, `/api/v1/access-groups/${acme.groupId}/audit-log?limit=4`, h.ana!);
    await entry(await callerOf(t.db(), users.ana!), acme.groupId, 'user.invite', T(59));
    const rest = await walk(t, `/api/v1/access-groups/${acme.groupId}/audit-log`, h.ana!, 4, first.nextCursor);
    assert.deepEqual([...first.items.map((e) => e.id), ...rest.ids], expected);
  });

  it('filters: an exact action, a family of actions, and a time range [from, to)', async () => {
    const base = `/api/v1/access-groups/${acme.groupId}/audit-log?limit=200`;
    const exact = await getPage(t, `${base}&action=api-key.create`, h.ana!);
    assert.deepEqual(exact.items.map((e) => e.action), ['api-key.create', 'api-key.create', 'api-key.create']);
    const family = await getPage(t, `${base}&action=user`, h.ana!);
    assert.ok(family.items.length > 0);
    assert.ok(family.items.every((e) => e.action === 'user' || e.action.startsWith('user.')), 'userx.invite is not in the family');
    assert.ok(family.items.some((e) => e.action === 'user.remove'), 'grandchild entries included');
    const from = new Date(T(15)).toISOString();
    const to = new Date(T(20)).toISOString();
    const range = await getPage(t, `${base}&from=${from}&to=${to}`, h.ana!);
    assert.deepEqual(range.items.map((e) => e.at), [19, 18, 17, 16, 15].map((m) => new Date(T(m)).toISOString()), 'from inclusive, to exclusive');
    const offset = await getPage(t, `${base}&from=${encodeURIComponent(new Date(T(15)).toISOString().replace('Z', '+00:00'))}&to=${to}&action=access-group.set-services`, h.ana!);
    assert.equal(offset.items.length, 5, 'an explicit offset is accepted');
  });

  it('isolation: another customer’s log is 404, and their entries never appear in one’s own', async () => {
    for (const url of [`/api/v1/access-groups/${acme.groupId}/audit-log`, `/api/v1/access-groups/${child}/audit-log`]) {
      const res = await t.inject({ method: 'GET', url, headers: h.gus! });
      assert.equal(res.statusCode, 404);
      assert.equal(problems(res.body).code, 'NOT_FOUND');
    }
    const own = await walk(t, `/api/v1/access-groups/${globex.groupId}/audit-log`, h.gus!, 200);
    assert.deepEqual(new Set(own.ids), new Set(written[globex.groupId]));
    const acmeIds = new Set(await expectedOrder([acme.groupId, child, grandchild]));
    const acmeLog = await walk(t, `/api/v1/access-groups/${acme.groupId}/audit-log`, h.ana!, 200);
    assert.ok(acmeLog.ids.every((id) => acmeIds.has(id)));
    assert.ok(!acmeLog.ids.some((id) => written[globex.groupId]!.includes(id) || written.none!.includes(id)), 'no Globex and no group-less entries');
  });

  it('domain §1: a child-group admin sees the child’s subtree only; the parent is 404 to them', async () => {
    const sub = await walk(t, `/api/v1/access-groups/${child}/audit-log`, h.vic!, 200);
    assert.deepEqual(new Set(sub.ids), new Set([...written[child]!, ...written[grandchild]!]));
    const parent = await t.inject({ method: 'GET', url: `/api/v1/access-groups/${acme.groupId}/audit-log`, headers: h.vic! });
    assert.equal(parent.statusCode, 404);
  });

  it('roles: a Reporting user (no audit-log:view) gets 403; an unknown group 404; no session 401', async () => {
    const res = await t.inject({ method: 'GET', url: `/api/v1/access-groups/${acme.groupId}/audit-log`, headers: h.rita! });
    assert.equal(res.statusCode, 403);
    assert.equal(problems(res.body).code, 'FORBIDDEN');
    const unknown = await t.inject({ method: 'GET', url: '/api/v1/access-groups/ag_nope/audit-log', headers: h.ana! });
    assert.equal(unknown.statusCode, 404);
    const anonymous = await t.inject({ method: 'GET', url: `/api/v1/access-groups/${acme.groupId}/audit-log` });
    assert.equal(anonymous.statusCode, 401);
  });

  it('bad input: limit, cursor, action, dates, from after to and unknown parameters are reported by pointer', async () => {
    const base = `/api/v1/access-groups/${acme.groupId}/audit-log`;
    const cases: [string, string[]][] = [
      ['?limit=0', ['/querystring/limit']],
      ['?limit=201', ['/querystring/limit']],
      ['?limit=ten', ['/querystring/limit']],
      ['?cursor=garbage!', ['/querystring/cursor']],
      [`?cursor=${Buffer.from('["a","b"]').toString('base64url')}`, ['/querystring/cursor']],
      ['?action=user%25', ['/querystring/action']],
      ['?from=yesterday', ['/querystring/from']],
      [`?from=${new Date(T(20)).toISOString()}&to=${new Date(T(10)).toISOString()}`, ['/querystring/to']],
      ['?actor=ana', ['/querystring/actor']],
    ];
    for (const [query, pointers] of cases) {
      const res = await t.inject({ method: 'GET', url: base + query, headers: h.ana! });
      assert.equal(res.statusCode, 400, query);
      const p = problems(res.body);
      assert.equal(p.code, 'VALIDATION_FAILED', query);
      assert.deepEqual(p.pointers, pointers, query);
    }
  });

  it('a real change through the API shows up in the log with its actor', async () => {
    const res = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/children`, headers: h.ana!, payload: { name: 'Acme radio', scids: [] } });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json<{ id: string }>().id;
    const page = await getPage(t, `/api/v1/access-groups/${acme.groupId}/audit-log?action=access-group.create`, h.ana!);
    const created = page.items.find((e) => e.targetId === id);
    assert.equal(created?.actor?.email, 'ana@acme.example');
    assert.equal(created?.accessGroupId, id, 'the new child’s entry is in the parent’s log');
    assert.equal(created?.requestId, res.headers['x-request-id']);
  });

  it('staff: a TSC technician (audit-log:view) reads any customer’s log; a BCC specialist gets 403', async () => {
    const page = await getPage(t, `/api/v1/access-groups/${globex.groupId}/audit-log?limit=200`, h.tina!);
    assert.deepEqual(new Set(page.items.map((e) => e.id)), new Set(written[globex.groupId]));
    const bea = await t.inject({ method: 'GET', url: `/api/v1/access-groups/${globex.groupId}/audit-log`, headers: h.bea! });
    assert.equal(bea.statusCode, 403);
  });

  it('GET /staff/audit-log: every entry, group-less ones included, paged without gaps', async () => {
    // Each page a staff member reads adds staff.read entries (staff/staff-reads.ts): the log as it was
    // before the walk is what the walk returns, and a later clock keeps those entries above every cursor.
    const expected = await expectedOrder(undefined);
    t.clock.now += 1_000;
    const all = await walk(t, '/api/v1/staff/audit-log', h.tina!, 5);
    assert.deepEqual(all.ids, expected);
    assert.ok(all.ids.includes(written.none![0]!), 'the lockout entry tied to no group');
  });

  it('GET /staff/audit-log?accessGroupId: the group and its descendants; a deleted group’s own entries', async () => {
    const expected = await expectedOrder([child, grandchild]);
    const sub = await walk(t, `/api/v1/staff/audit-log?accessGroupId=${child}`, h.tina!, 200);
    assert.deepEqual(sub.ids, expected, 'the walk’s own staff.read entry comes after it');
    await entry(undefined, 'ag_deleted_long_ago', 'access-group.delete', T(1));
    const gone = await getPage(t, '/api/v1/staff/audit-log?accessGroupId=ag_deleted_long_ago', h.tina!);
    assert.deepEqual(gone.items.map((e) => e.action), ['access-group.delete']);
    const filtered = await getPage(t, `/api/v1/staff/audit-log?accessGroupId=${globex.groupId}&action=user.invite&limit=2`, h.tina!);
    assert.equal(filtered.items.length, 2);
    assert.notEqual(filtered.nextCursor, null);
  });

  it('GET /staff/audit-log: customers get 404 (the staff console does not exist for them), staff without the capability 403', async () => {
    const ana = await t.inject({ method: 'GET', url: '/api/v1/staff/audit-log', headers: h.ana! });
    assert.equal(ana.statusCode, 404);
    const bea = await t.inject({ method: 'GET', url: '/api/v1/staff/audit-log', headers: h.bea! });
    assert.equal(bea.statusCode, 403);
  });
});
