import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { CustomerDetail } from '@candela/contract';
import { forEachApp } from '../test-support/test-app.js';
import { signIn } from '../test-support/fixtures.js';
import { verifyPassword } from '../modules/accounts/password-hash.js';
import { DEMO_CUSTOMER_NUMBER, seedDemo } from './demo-seed.js';
import type { DemoSeed } from './demo-seed.js';

forEachApp('demo organisation (what `candela start` creates on a fresh data directory)', (t) => {
  let seed: DemoSeed;

  it('creates the demo customer, its domain admin and one staff user per seeded staff role, platform operator included', async () => {
    seed = await seedDemo(t.db(), t.clock.now);
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

  it('a second start finds the customer and creates nothing', async () => {
    const count = async () => (await t.db().selectFrom('users').select('id').execute()).length;
    const before = await count();
    assert.deepEqual(await seedDemo(t.db(), t.clock.now), { created: false });
    assert.equal(await count(), before);
  });
});
