import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Configuration, CustomerDetail } from '@candela/contract';
import { forEachApp } from '../test-support/test-app.js';
import { createCustomer, signIn } from '../test-support/fixtures.js';
import { verifyPassword } from '../modules/accounts/password-hash.js';
import { activate } from '../modules/activations/activate.js';
import { createConfiguration, documentWith } from '../modules/activations/configuration.fixture.js';
import { findConfiguration } from '../modules/activations/configuration-access.js';
import { newestSnapshot, served } from '../modules/activations/snapshot.fixture.js';
import { DEMO_ALIASES, DEMO_AUTHOR, DEMO_CONFIGURATION_NAME } from './demo-configuration.js';
import { DEMO_CUSTOMER_NUMBER, seedDemo } from './demo-seed.js';
import type { DemoSeed } from './demo-seed.js';

/** Where `candela start` says its demo origin listens. */
const ORIGIN = { origin: { host: '127.0.0.1', port: 8091 } };

forEachApp('demo organisation (what `candela start` creates on a fresh data directory)', (t) => {
  let seed: DemoSeed;

  it('creates the demo customer, its domain admin and one staff user per seeded staff role, platform operator included', async () => {
    seed = await seedDemo(t.db(), t.clock.now, ORIGIN);
    assert.equal(seed.created, true);
    if (!seed.created) return;
    const customer = await t.db().selectFrom('access_groups').selectAll().where('customer_number', '=', DEMO_CUSTOMER_NUMBER).executeTakeFirstOrThrow();
    assert.equal(customer.id, seed.groupId);
    assert.deepEqual((await t.db().selectFrom('services').select('scid').where('access_group_id', '=', seed.groupId).execute()).map((s) => s.scid), [seed.scid]);
    const users = await t.db().selectFrom('users').select(['email', 'staff_role', 'password_hash', 'status']).orderBy('email').execute();
    assert.deepEqual(
      users.map((u) => [u.email, u.staff_role, u.status]),
      [
        ['admin@demo.candela.test', null, 'active'],
        ['am@candela.test', 'account-manager', 'active'],
        ['bcc@candela.test', 'bcc-specialist', 'active'],
        ['ops@candela.test', 'platform-operator', 'active'],
        ['tsc@candela.test', 'tsc-technician', 'active'],
      ],
    );
    assert.deepEqual(
      seed.accounts.map((a) => [a.email, a.role]),
      [
        ['admin@demo.candela.test', 'Domain admin of Demo Media Co. / Administrador de dominio'],
        ['tsc@candela.test', 'TSC technician / Técnico TSC'],
        ['bcc@candela.test', 'BCC specialist / Especialista BCC'],
        ['am@candela.test', 'Account manager / Gerente de cuenta'],
        ['ops@candela.test', 'Platform operator / Operador de plataforma'],
      ],
    );
    // Each printed password is the account's own, and no two accounts share one.
    assert.equal(new Set(seed.accounts.map((a) => a.password)).size, seed.accounts.length);
    for (const account of seed.accounts) {
      const hash = users.find((u) => u.email === account.email)?.password_hash ?? '';
      assert.ok(await verifyPassword(hash, account.password), account.email);
    }
  });

  it('the platform operator signs in with the printed password and may create services (customers:manage)', async () => {
    assert.ok(seed.created);
    const password = seed.accounts.find((a) => a.email === 'ops@candela.test')?.password;
    assert.ok(password !== undefined);
    const ops = await signIn(t, 'ops@candela.test', password);
    const res = await t.inject({ method: 'POST', url: `/api/v1/staff/customers/${seed.groupId}/services`, headers: ops.headers, payload: { name: 'Demo radio', product: 'streaming' } });
    assert.equal(res.statusCode, 201, res.body);
    const page = await t.inject({ method: 'GET', url: `/api/v1/staff/customers/${seed.groupId}`, headers: ops.headers });
    assert.equal(page.statusCode, 200, page.body);
    const detail = page.json<CustomerDetail>();
    assert.equal(detail.customerNumber, DEMO_CUSTOMER_NUMBER);
    assert.equal(detail.team.accountManager?.email, 'am@candela.test');
    assert.deepEqual(detail.team.tsc.map((c) => c.country), ['CO', 'MX']);
  });

  it('issue 4: creates the demo configuration on the demo SCID and activates it to production: the snapshot serves the demo origin under its aliases', async () => {
    assert.ok(seed.created);
    const c = seed.configuration;
    assert.equal(c.created, true);
    assert.equal(c.refused, undefined);
    const rows = await t.db().selectFrom('configurations').selectAll().where('scid', '=', seed.scid).execute();
    assert.deepEqual(rows.map((r) => [r.id, r.name, r.latest_version, r.created_by]), [[c.id, DEMO_CONFIGURATION_NAME, 1, DEMO_AUTHOR]]);
    const snapshot = await newestSnapshot(t.db());
    assert.equal(c.activatedSeq, snapshot.seq);
    assert.deepEqual(served(snapshot.properties), [`${DEMO_ALIASES.join('+')}@1`]);
    assert.deepEqual(DEMO_ALIASES, ['localhost', '127.0.0.1', 'demo.candela.test']);
    const property = snapshot.properties[0]!;
    assert.equal(property.scid, seed.scid);
    assert.deepEqual([property.origin.protocol, property.origin.host, property.origin.port], ['http', '127.0.0.1', 8091]);
    assert.deepEqual(property.rules.map((r) => [r.match, r.behaviours.cacheControl?.internal]), [[{ op: '*=', value: '/static/*', negate: false }, { policy: 'ttl', ttl: '1d' }]]);
    const activations = await t.db().selectFrom('activations').select(['target', 'version', 'status', 'requested_by', 'feed_seq']).where('configuration_id', '=', c.id).execute();
    assert.deepEqual(activations, [{ target: 'production', version: 1, status: 'active', requested_by: DEMO_AUTHOR, feed_seq: snapshot.seq }]);
    const aliases = await t.db().selectFrom('active_aliases').select(['alias', 'network']).where('configuration_id', '=', c.id).orderBy('alias').execute();
    assert.deepEqual(aliases, [...DEMO_ALIASES].sort().map((alias) => ({ alias, network: 'production' })));
    // Audited like the API's changes, with no user or key: nobody asked, the platform did it.
    const audit = await t.db().selectFrom('audit_log').select(['action', 'actor_user_id', 'access_group_id']).where('target_id', '=', c.id).orderBy('at').orderBy('action').execute();
    assert.deepEqual(audit, [
      { action: 'activation.create', actor_user_id: null, access_group_id: seed.groupId },
      { action: 'configuration.create', actor_user_id: null, access_group_id: seed.groupId },
    ]);
  });

  it('issue 4: the demo admin finds the demo configuration in the portal’s API, in production at version 1', async () => {
    assert.ok(seed.created);
    const password = seed.accounts.find((a) => a.email === 'admin@demo.candela.test')?.password;
    const admin = await signIn(t, 'admin@demo.candela.test', password);
    const res = await t.inject({ method: 'GET', url: `/api/v1/services/${seed.scid}/configurations`, headers: admin.headers });
    assert.equal(res.statusCode, 200, res.body);
    const [only, ...others] = res.json<{ items: Configuration[] }>().items;
    assert.deepEqual(others, []);
    assert.equal(only?.name, DEMO_CONFIGURATION_NAME);
    assert.equal(only?.slots.production.current?.version, 1);
    assert.equal(only?.slots.staging, null);
  });

  it('a second start finds the customer and its configuration and creates or activates nothing', async () => {
    const count = async (table: 'users' | 'configurations' | 'activations') => (await t.db().selectFrom(table).select('id').execute()).length;
    const before = [await count('users'), await count('configurations'), await count('activations'), (await newestSnapshot(t.db())).seq];
    const again = await seedDemo(t.db(), t.clock.now, ORIGIN);
    assert.ok(seed.created);
    assert.deepEqual(again, {
      created: false,
      scid: seed.scid,
      configuration: { id: seed.configuration.id, name: DEMO_CONFIGURATION_NAME, aliases: DEMO_ALIASES, created: false, activatedSeq: undefined, refused: undefined },
    });
    assert.deepEqual([await count('users'), await count('configurations'), await count('activations'), (await newestSnapshot(t.db())).seq], before);
  });
});

forEachApp('demo configuration on a data directory from before it (issue 4)', (t) => {
  let demo: { groupId: string; scids: string[] };
  let holder = '';

  const activateAsSystem = async (configurationId: string, version: number) => {
    const configuration = await findConfiguration(t.db(), configurationId);
    assert.ok(configuration);
    await activate(t.db(), { configuration, request: { target: 'production', version, comment: '' }, caller: { system: 'test' }, requestId: 'test', nowMs: t.clock.now });
  };

  it('setup: the demo customer exists without the demo configuration, and another customer holds one of its aliases in production', async () => {
    demo = await createCustomer(t.db(), { name: 'Demo Media Co.', customerNumber: DEMO_CUSTOMER_NUMBER, services: 1, nowMs: t.clock.now });
    const other = await createCustomer(t.db(), { name: 'Other', services: 1, nowMs: t.clock.now });
    holder = await createConfiguration(t.db(), { scid: other.scids[0]!, versions: [documentWith(['demo.candela.test']), documentWith(['www.other.example'])], nowMs: t.clock.now });
    await activateAsSystem(holder, 1);
  });

  it('the next start creates the configuration; an alias taken elsewhere leaves it inactive, said, and the start goes on', async () => {
    const seed = await seedDemo(t.db(), t.clock.now, ORIGIN);
    assert.equal(seed.created, false);
    assert.equal(seed.scid, demo.scids[0]);
    assert.equal(seed.configuration.created, true);
    assert.equal(seed.configuration.activatedSeq, undefined);
    assert.match(seed.configuration.refused ?? '', /holds one of its aliases/);
    assert.deepEqual(served((await newestSnapshot(t.db())).properties), ['demo.candela.test@1']);
  });

  it('once the alias is free, the next start activates the configuration it created before (never activated yet)', async () => {
    await activateAsSystem(holder, 2);
    const seed = await seedDemo(t.db(), t.clock.now, ORIGIN);
    assert.equal(seed.configuration.created, false);
    assert.equal(seed.configuration.refused, undefined);
    const snapshot = await newestSnapshot(t.db());
    assert.equal(seed.configuration.activatedSeq, snapshot.seq);
    assert.deepEqual(served(snapshot.properties).sort(), [`${DEMO_ALIASES.join('+')}@1`, 'www.other.example@2']);
    assert.equal((await t.db().selectFrom('configurations').select('id').where('scid', '=', demo.scids[0]!).execute()).length, 1);
  });
});
