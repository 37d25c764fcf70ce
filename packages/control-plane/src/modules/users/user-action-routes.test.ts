import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachApp } from '../../test-support/test-app.js';
import { createChildGroup, createCustomer, createUser, PASSWORD, signIn } from '../../test-support/fixtures.js';
import type { Customer, SignedIn } from '../../test-support/fixtures.js';

interface ManagedUser {
  id: string;
  status: string;
  locked: boolean;
}
interface ErrorBody {
  error: { code: string };
}

const DAY = 86_400_000;
const tokenOf = (text: string) => /token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

forEachApp('admin actions on a user: reset password, reactivate, disable', (t) => {
  let acme: Customer;
  let child: string;
  let ana: SignedIn; // acme Domain admin
  let adam: SignedIn; // acme Admin
  let vic: SignedIn; // Admin of the child group
  let gus: SignedIn; // globex Domain admin
  const ids: Record<string, string> = {};

  const act = (who: SignedIn, userId: string, action: 'reset-password' | 'reactivate' | 'disable') => t.inject({ method: 'POST', url: `/api/v1/users/${userId}/${action}`, headers: who.headers });
  const userRow = (id: string) => t.db().selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const signInRaw = (email: string, password = PASSWORD) => t.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
  const auditOf = (targetId: string, action: string) => t.db().selectFrom('audit_log').selectAll().where('target_id', '=', targetId).where('action', '=', action).execute();

  it('setup', async () => {
    const now = t.clock.now;
    acme = await createCustomer(t.db(), { name: 'Acme', nowMs: now });
    const globex = await createCustomer(t.db(), { name: 'Globex', nowMs: now });
    child = await createChildGroup(t.db(), { parentId: acme.groupId, name: 'Acme video', scids: [], nowMs: now });
    ids.ana = await createUser(t.db(), { email: 'ana@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: now });
    ids.adam = await createUser(t.db(), { email: 'adam@acme.example', grants: [{ groupId: acme.groupId, roleId: 'admin' }], nowMs: now });
    ids.vic = await createUser(t.db(), { email: 'vic@acme.example', grants: [{ groupId: child, roleId: 'admin' }], nowMs: now });
    ids.rita = await createUser(t.db(), { email: 'rita@acme.example', language: 'es', grants: [{ groupId: child, roleId: 'reporting' }], nowMs: now });
    // A second Domain admin who also holds a modest role on the child group.
    ids.dora = await createUser(t.db(), { email: 'dora@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }, { groupId: child, roleId: 'reporting' }], nowMs: now });
    ids.gus = await createUser(t.db(), { email: 'gus@globex.example', grants: [{ groupId: globex.groupId, roleId: 'domain-admin' }], nowMs: now });
    ana = await signIn(t, 'ana@acme.example');
    adam = await signIn(t, 'adam@acme.example');
    vic = await signIn(t, 'vic@acme.example');
    gus = await signIn(t, 'gus@globex.example');
  });

  it('domain §1: an admin’s reset clears the 30-minute lockout at once and mails a reset link in the user’s language', async () => {
    for (let i = 0; i < 5; i++) await signInRaw('rita@acme.example', `wrong password ${i}`);
    const locked = await signInRaw('rita@acme.example');
    assert.equal(locked.statusCode, 423);
    const list = await t.inject({ method: 'GET', url: `/api/v1/access-groups/${child}/users`, headers: vic.headers });
    assert.equal(list.json<{ items: { id: string; locked: boolean }[] }>().items.find((u) => u.id === ids.rita)?.locked, true, 'the list shows the lock');
    const res = await act(vic, ids.rita!, 'reset-password');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<ManagedUser>().locked, false);
    const mail = await t.db().selectFrom('mail_outbox').selectAll().where('to_address', '=', 'rita@acme.example').where('template', '=', 'password-reset').executeTakeFirstOrThrow();
    assert.equal(mail.language, 'es');
    const audit = await auditOf(ids.rita!, 'user.admin-reset-password');
    assert.deepEqual(audit.map((a) => [a.actor_user_id, a.before_json, a.after_json]), [[ids.vic, JSON.stringify({ status: 'active', locked: true }), JSON.stringify({ status: 'active', locked: false })]]);
    const again = await signInRaw('rita@acme.example');
    assert.equal(again.statusCode, 200, 'the old password works again without waiting 30 minutes');
    const set = await t.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { token: tokenOf(mail.body_text), password: 'rita’s new passphrase' } });
    assert.equal(set.statusCode, 204, 'and the link works');
  });

  it('a reset for someone who never accepted their invitation sends a fresh invitation', async () => {
    const invited = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${child}/users`, headers: vic.headers, payload: { email: 'ivo@acme.example', displayName: 'Ivo', language: 'en', roleId: 'support' } });
    assert.equal(invited.statusCode, 201, invited.body);
    t.clock.now += 1000;
    const res = await act(vic, invited.json<ManagedUser>().id, 'reset-password');
    assert.equal(res.statusCode, 200, res.body);
    const mails = await t.db().selectFrom('mail_outbox').select(['template', 'body_text']).where('to_address', '=', 'ivo@acme.example').orderBy('created_at').execute();
    assert.deepEqual(mails.map((m) => m.template), ['invitation', 'invitation']);
    const stale = await t.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { token: tokenOf(mails[0]!.body_text), password: 'ivo’s long passphrase' } });
    assert.equal(stale.statusCode, 400, 'only the latest link works');
    const fresh = await t.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { token: tokenOf(mails[1]!.body_text), password: 'ivo’s long passphrase' } });
    assert.equal(fresh.statusCode, 204);
  });

  it('roles: a reporting user gets 403; a child admin may reset but not disable a Domain admin holding a role in the child', async () => {
    const rita = await signIn(t, 'rita@acme.example', 'rita’s new passphrase');
    const denied = await act(rita, ids.vic!, 'reset-password');
    assert.equal(denied.statusCode, 403);
    const reset = await act(vic, ids.dora!, 'reset-password');
    assert.equal(reset.statusCode, 200, reset.body);
    const disable = await act(vic, ids.dora!, 'disable');
    assert.equal(disable.statusCode, 403);
    const adamDisables = await act(adam, ids.ana!, 'disable');
    assert.equal(adamDisables.statusCode, 403, 'an Admin cannot disable a Domain admin');
    assert.equal((await userRow(ids.ana!)).status, 'active');
    const invisible = await act(vic, ids.ana!, 'reset-password');
    assert.equal(invisible.statusCode, 404, 'a user with no role in the child admin’s branch is out of sight');
  });

  it('disable: the status changes, every session ends, sign-in is refused; audited', async () => {
    const rita = await signIn(t, 'rita@acme.example', 'rita’s new passphrase');
    const res = await act(ana, ids.rita!, 'disable');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<ManagedUser>().status, 'disabled');
    const session = await t.inject({ method: 'GET', url: '/api/v1/auth/session', headers: rita.headers });
    assert.equal(session.statusCode, 401);
    assert.equal((await t.db().selectFrom('sessions').select('id').where('user_id', '=', ids.rita!).execute()).length, 0);
    const again = await signInRaw('rita@acme.example', 'rita’s new passphrase');
    assert.equal(again.statusCode, 403);
    assert.equal(again.json<ErrorBody>().error.code, 'ACCOUNT_INACTIVE');
    const audit = await auditOf(ids.rita!, 'user.disable');
    assert.deepEqual(audit.map((a) => [a.actor_user_id, a.access_group_id, a.after_json]), [[ids.ana, child, JSON.stringify({ status: 'disabled' })]]);
    const reset = await act(ana, ids.rita!, 'reset-password');
    assert.equal(reset.statusCode, 409, 'a disabled user is reactivated first');
  });

  it('nobody disables themselves (409)', async () => {
    const res = await act(ana, ids.ana!, 'disable');
    assert.equal(res.statusCode, 409);
    assert.equal((await userRow(ids.ana!)).status, 'active');
  });

  it('reactivate brings a disabled user back', async () => {
    const res = await act(ana, ids.rita!, 'reactivate');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<ManagedUser>().status, 'active');
    assert.equal((await signInRaw('rita@acme.example', 'rita’s new passphrase')).statusCode, 200);
  });

  it('isolation: another customer’s admin gets 404 for every action, and nothing changes', async () => {
    const before = await userRow(ids.rita!);
    for (const action of ['reset-password', 'reactivate', 'disable'] as const) {
      const res = await act(gus, ids.rita!, action);
      assert.equal(res.statusCode, 404, action);
    }
    const unknown = await act(ana, 'usr_missing', 'disable');
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(await userRow(ids.rita!), before);
    assert.equal((await t.db().selectFrom('mail_outbox').select('id').where('to_address', '=', 'rita@acme.example').execute()).length, 2, 'no mail was sent for gus');
  });

  it('domain §1: 180 days without sign-in show “inactive” and block sign-in until an admin reactivates', async () => {
    t.clock.now += 181 * DAY;
    // Everyone went quiet; a Domain admin who joined today does the reactivating.
    const zoeId = await createUser(t.db(), { email: 'zoe@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: t.clock.now });
    const zoe = await signIn(t, 'zoe@acme.example');
    const list = await t.inject({ method: 'GET', url: `/api/v1/access-groups/${acme.groupId}/users`, headers: zoe.headers });
    const statuses = Object.fromEntries(list.json<{ items: { email: string; status: string }[] }>().items.map((u) => [u.email, u.status]));
    assert.equal(statuses['rita@acme.example'], 'inactive');
    assert.equal(statuses['zoe@acme.example'], 'active');
    const blocked = await signInRaw('rita@acme.example', 'rita’s new passphrase');
    assert.equal(blocked.statusCode, 403);
    assert.equal(blocked.json<ErrorBody>().error.code, 'ACCOUNT_INACTIVE');
    const res = await act(zoe, ids.rita!, 'reactivate');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<ManagedUser>().status, 'active');
    const audit = (await auditOf(ids.rita!, 'user.reactivate')).find((a) => a.actor_user_id === zoeId);
    assert.equal(audit?.before_json, JSON.stringify({ status: 'inactive' }));
    assert.equal((await signInRaw('rita@acme.example', 'rita’s new passphrase')).statusCode, 200);
  });
  /**
   * A fresh customer with two Domain admins, both signed in. How far each of two concurrent requests gets
   * before the other commits depends on timing, so the races below run several rounds: the old check
   * (read outside the write's transaction) let both requests through in most of them.
   */
  const ROUNDS = 5;
  async function twoDomainAdmins(round: number, kind: string) {
    const now = t.clock.now;
    const customer = await createCustomer(t.db(), { name: `Race ${kind} ${round}`, nowMs: now });
    const emails = [`first.${kind}.${round}@race.example`, `second.${kind}.${round}@race.example`] as const;
    const ids = await Promise.all(emails.map((email) => createUser(t.db(), { email, grants: [{ groupId: customer.groupId, roleId: 'domain-admin' }], nowMs: now })));
    const sessions = await Promise.all(emails.map((email) => signIn(t, email)));
    // Holders of the role whose account is still active: what "a Domain admin remains" means.
    const activeDomainAdmins = () =>
      t.db()
        .selectFrom('user_roles')
        .innerJoin('users', 'users.id', 'user_roles.user_id')
        .select('users.id')
        .where('user_roles.access_group_id', '=', customer.groupId)
        .where('user_roles.role_id', '=', 'domain-admin')
        .where('users.status', '=', 'active')
        .execute();
    return { groupId: customer.groupId, ids: ids as [string, string], sessions: sessions as [SignedIn, SignedIn], activeDomainAdmins };
  }

  it('two Domain admins disabling each other at the same instant: exactly one succeeds and an active Domain admin remains', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const { ids: [first, second], sessions: [firstIn, secondIn], activeDomainAdmins } = await twoDomainAdmins(round, 'disable');
      const results = await Promise.all([act(firstIn, second, 'disable'), act(secondIn, first, 'disable')]);
      const codes = results.map((r) => r.statusCode);
      assert.equal(codes.filter((c) => c === 200).length, 1, `round ${round}: exactly one disable succeeds: ${codes.join(', ')}`);
      // The loser met the guard (409), or, if it began after the winner committed, its session had ended (401).
      const loser = results.find((r) => r.statusCode !== 200);
      assert.ok(loser?.statusCode === 409 || loser?.statusCode === 401, loser?.body);
      assert.equal((await activeDomainAdmins()).length, 1, `round ${round}: one active Domain admin remains`);
    }
  });

  it('one Domain admin disabling the other while that one demotes the first: exactly one succeeds', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const { groupId, ids: [first, second], sessions: [firstIn, secondIn], activeDomainAdmins } = await twoDomainAdmins(round, 'mixed');
      const [disable, demote] = await Promise.all([
        act(firstIn, second, 'disable'),
        t.inject({ method: 'PUT', url: `/api/v1/access-groups/${groupId}/users/${first}`, headers: secondIn.headers, payload: { roleId: 'admin' } }),
      ]);
      const succeeded = [disable.statusCode, demote.statusCode].filter((c) => c === 200).length;
      assert.equal(succeeded, 1, `round ${round}: exactly one succeeds: disable ${disable.statusCode}, demote ${demote.statusCode}`);
      assert.equal((await activeDomainAdmins()).length, 1, `round ${round}: one active Domain admin remains`);
    }
  });
});
