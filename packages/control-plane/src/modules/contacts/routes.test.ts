import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { AccountTeam } from '@candela/contract';
import { forEachApp } from '../../test-support/test-app.js';
import { createChildGroup, createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { Customer } from '../../test-support/fixtures.js';

type Headers = Record<string, string>;

const TEAM = {
  accountManager: { name: 'Marta Gómez', email: 'Marta.Gomez@Candela.example', phone: '+54 11 4000-1234', hours: 'Lun–Vie 9–18 (GMT-3)' },
  salesEngineers: {
    data: { name: 'Diego Ruiz', email: 'diego@candela.example' },
    dataCenter: null,
    voice: { name: 'Lucía Pérez', email: 'lucia@candela.example', phone: '+52 (55) 5000.1234', hours: null },
  },
  bcc: { name: 'BCC Argentina', email: 'bcc.ar@candela.example', phone: null, hours: null },
  tsc: [
    { country: 'mx', name: 'TSC México', email: 'tsc.mx@candela.example', phone: '+52 800 000 1111' },
    { country: 'AR', name: 'TSC Argentina', email: 'tsc.ar@candela.example', phone: '+54 800 222 3333', hours: '24×7×365' },
  ],
};

/** TEAM as the API answers it: e-mails lower-cased, phones in E.164, countries upper-cased and sorted. */
function expectedTeam(customerId: string): AccountTeam {
  return {
    customerId,
    accountManager: { name: 'Marta Gómez', email: 'marta.gomez@candela.example', phone: '+541140001234', hours: 'Lun–Vie 9–18 (GMT-3)' },
    salesEngineers: {
      data: { name: 'Diego Ruiz', email: 'diego@candela.example', phone: null, hours: null },
      dataCenter: null,
      voice: { name: 'Lucía Pérez', email: 'lucia@candela.example', phone: '+525550001234', hours: null },
    },
    bcc: { name: 'BCC Argentina', email: 'bcc.ar@candela.example', phone: null, hours: null },
    tsc: [
      { country: 'AR', name: 'TSC Argentina', email: 'tsc.ar@candela.example', phone: '+548002223333', hours: '24×7×365' },
      { country: 'MX', name: 'TSC México', email: 'tsc.mx@candela.example', phone: '+528000001111', hours: '24×7' },
    ],
  };
}

function problems(body: string): { code: string; pointers: string[] } {
  const parsed = JSON.parse(body) as { error: { code: string; details?: { pointer: string }[] } };
  return { code: parsed.error.code, pointers: (parsed.error.details ?? []).map((d) => d.pointer).sort() };
}

forEachApp('account team and contacts API (domain.md §8)', (t) => {
  let acme: Customer;
  let globex: Customer;
  let child: string;
  const h: Record<string, Headers> = {};

  before(async () => {
    const now = t.clock.now;
    acme = await createCustomer(t.db(), { name: 'Acme', nowMs: now });
    globex = await createCustomer(t.db(), { name: 'Globex', nowMs: now });
    child = await createChildGroup(t.db(), { parentId: acme.groupId, name: 'Acme video', scids: [acme.scids[0]!], nowMs: now });
    const people: [string, Parameters<typeof createUser>[1]][] = [
      ['ana@acme.example', { email: 'ana@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: now }],
      ['rita@acme.example', { email: 'rita@acme.example', grants: [{ groupId: acme.groupId, roleId: 'reporting' }], nowMs: now }],
      ['vic@acme.example', { email: 'vic@acme.example', grants: [{ groupId: child, roleId: 'billing' }], nowMs: now }],
      ['gus@globex.example', { email: 'gus@globex.example', grants: [{ groupId: globex.groupId, roleId: 'domain-admin' }], nowMs: now }],
      ['amy@candela.example', { email: 'amy@candela.example', staffRole: 'account-manager', nowMs: now }],
      ['bea@candela.example', { email: 'bea@candela.example', staffRole: 'bcc-specialist', nowMs: now }],
      ['pat@candela.example', { email: 'pat@candela.example', staffRole: 'platform-operator', nowMs: now }],
    ];
    for (const [email, input] of people) {
      await createUser(t.db(), input);
      h[email.split('@')[0]!] = (await signIn(t, email)).headers;
    }
  });

  const put = (who: string, customerId: string, payload: unknown) => t.inject({ method: 'PUT', url: `/api/v1/staff/customers/${customerId}/contacts`, headers: h[who], payload: payload as Record<string, unknown> });
  const get = (who: string, groupId: string) => t.inject({ method: 'GET', url: `/api/v1/access-groups/${groupId}/contacts`, headers: h[who] });
  const rowsOf = (customerId: string) => t.db().selectFrom('contacts').selectAll().where('access_group_id', '=', customerId).orderBy('id').execute();

  it('domain §8: before anyone sets it, the team is empty', async () => {
    const res = await get('ana', acme.groupId);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { customerId: acme.groupId, accountManager: null, salesEngineers: { data: null, dataCenter: null, voice: null }, bcc: null, tsc: [] });
  });

  it('domain §8: an account manager sets the team: AM, SE per product area, BCC, TSC per country (normalised)', async () => {
    const res = await put('amy', acme.groupId, TEAM);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), expectedTeam(acme.groupId));
    assert.equal((await rowsOf(acme.groupId)).length, 6, 'AM, two SEs, BCC, two TSC');
  });

  it('domain §8: every user of the customer reads it, whatever their role, from any of its groups', async () => {
    for (const [who, group] of [['ana', acme.groupId], ['rita', acme.groupId], ['vic', child], ['ana', child]] as const) {
      const res = await get(who, group);
      assert.equal(res.statusCode, 200, `${who} ${res.body}`);
      assert.deepEqual(res.json(), expectedTeam(acme.groupId), `${who} on ${group}`);
    }
  });

  it('staff with customers:view read any customer’s team (a BCC specialist)', async () => {
    const res = await get('bea', child);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json<AccountTeam>().accountManager?.name, 'Marta Gómez');
  });

  it('isolation: another customer reading the team gets 404; a group above one’s own is 404 too', async () => {
    for (const group of [acme.groupId, child]) {
      const res = await get('gus', group);
      assert.equal(res.statusCode, 404);
      assert.equal(problems(res.body).code, 'NOT_FOUND');
    }
    assert.equal((await get('vic', acme.groupId)).statusCode, 404, 'a child-group user cannot see the parent group');
    const own = await get('gus', globex.groupId);
    assert.equal(own.json<AccountTeam>().accountManager, null, 'Globex has no team of its own yet, and never Acme’s');
  });

  it('PUT replaces the whole set, and the change is audited with before and after on the customer', async () => {
    t.clock.now += 60_000;
    const smaller = { ...TEAM, salesEngineers: { data: null, dataCenter: null, voice: null }, tsc: [TEAM.tsc[1]] };
    const res = await put('pat', acme.groupId, smaller);
    assert.equal(res.statusCode, 200, res.body);
    const team = res.json<AccountTeam>();
    assert.deepEqual(team.salesEngineers, { data: null, dataCenter: null, voice: null });
    assert.deepEqual(team.tsc.map((c) => c.country), ['AR']);
    assert.equal((await rowsOf(acme.groupId)).length, 3);
    const audit = await t.db().selectFrom('audit_log').selectAll().where('action', '=', 'contacts.replace').where('access_group_id', '=', acme.groupId).orderBy('at').orderBy('id').execute();
    assert.equal(audit.length, 2);
    const [first, second] = audit as [(typeof audit)[number], (typeof audit)[number]];
    assert.equal((JSON.parse(first.before_json ?? 'null') as AccountTeam).accountManager, null);
    assert.deepEqual(JSON.parse(first.after_json ?? 'null'), expectedTeam(acme.groupId));
    assert.deepEqual(JSON.parse(second.before_json ?? 'null'), expectedTeam(acme.groupId));
    assert.deepEqual(JSON.parse(second.after_json ?? 'null'), team);
    assert.equal(second.target_id, acme.groupId);
    const pat = await t.db().selectFrom('users').select('id').where('email', '=', 'pat@candela.example').executeTakeFirstOrThrow();
    assert.equal(second.actor_user_id, pat.id);
    // The customer's own admins see who changed their team.
    const log = await t.inject({ method: 'GET', url: `/api/v1/access-groups/${acme.groupId}/audit-log?action=contacts`, headers: h.ana });
    assert.deepEqual(log.json<{ items: { actor: { email: string } }[] }>().items.map((e) => e.actor.email), ['pat@candela.example', 'amy@candela.example']);
  });

  it('staff capabilities: a BCC specialist cannot manage contacts (403) and nothing changes', async () => {
    const before = await rowsOf(acme.groupId);
    const res = await put('bea', acme.groupId, TEAM);
    assert.equal(res.statusCode, 403);
    assert.equal(problems(res.body).code, 'FORBIDDEN');
    assert.deepEqual(await rowsOf(acme.groupId), before);
  });

  it('customers calling the staff route get 404, even their own domain admin, and nothing changes', async () => {
    const before = await rowsOf(acme.groupId);
    for (const who of ['ana', 'gus']) {
      const res = await put(who, acme.groupId, TEAM);
      assert.equal(res.statusCode, 404, who);
    }
    assert.deepEqual(await rowsOf(acme.groupId), before);
  });

  it('the team belongs to a customer: a child group or an unknown id is 404', async () => {
    assert.equal((await put('amy', child, TEAM)).statusCode, 404);
    assert.equal((await put('amy', 'ag_nope', TEAM)).statusCode, 404);
    assert.equal((await rowsOf(child)).length, 0);
  });

  it('bad input: e-mails, phones, countries, a second TSC for a country, missing and unknown keys by pointer', async () => {
    const before = await rowsOf(acme.groupId);
    const cases: [unknown, string[]][] = [
      [{ ...TEAM, accountManager: { ...TEAM.accountManager, email: 'not-an-email' } }, ['/accountManager/email']],
      [{ ...TEAM, bcc: { ...TEAM.bcc, phone: '011 4000 1234' } }, ['/bcc/phone']],
      [{ ...TEAM, bcc: { ...TEAM.bcc, phone: '+54 11' } }, ['/bcc/phone']],
      [{ ...TEAM, tsc: [{ ...TEAM.tsc[0], country: 'XX' }, { ...TEAM.tsc[1], country: 'UK' }] }, ['/tsc/0/country', '/tsc/1/country']],
      [{ ...TEAM, tsc: [TEAM.tsc[0], TEAM.tsc[1], { ...TEAM.tsc[1], name: 'Again', country: 'ar' }] }, ['/tsc/2/country']],
      [{ ...TEAM, tsc: [{ country: 'CL', name: 'TSC Chile', email: 'tsc.cl@candela.example' }] }, ['/tsc/0/phone']],
      [{ accountManager: null, salesEngineers: { data: null, dataCenter: null, voice: null }, tsc: [] }, ['/bcc']],
      [{ ...TEAM, salesEngineers: { ...TEAM.salesEngineers, video: null } }, ['/salesEngineers/video']],
      [{ ...TEAM, accountManager: { ...TEAM.accountManager, name: ' ' } }, ['/accountManager/name']],
    ];
    for (const [payload, pointers] of cases) {
      const res = await put('amy', acme.groupId, payload);
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      const p = problems(res.body);
      assert.equal(p.code, 'VALIDATION_FAILED');
      assert.deepEqual(p.pointers, pointers, JSON.stringify(payload));
    }
    assert.deepEqual(await rowsOf(acme.groupId), before, 'nothing changed');
  });

  it('no session: 401 for reading; CSRF token required for the staff write', async () => {
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/access-groups/${acme.groupId}/contacts` })).statusCode, 401);
    const res = await t.inject({ method: 'PUT', url: `/api/v1/staff/customers/${acme.groupId}/contacts`, headers: { cookie: h.amy!.cookie! }, payload: TEAM });
    assert.equal(res.statusCode, 403);
    assert.equal(problems(res.body).code, 'CSRF_FAILED');
  });
});
