import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachApp } from '../../test-support/test-app.js';
import { createChildGroup, createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { Customer, SignedIn } from '../../test-support/fixtures.js';
import { signedInject } from '../api-keys/test-signing.js';
import { createApiKey } from '../users/test-api-key.js';

interface Session {
  user: { id: string };
  mimic: { user: { id: string; displayName: string } } | null;
  memberships: { accessGroupId: string; roleId: string }[];
}
interface ErrorBody {
  error: { code: string; details?: { pointer: string; code?: string; message: string }[] };
}

forEachApp('mimic user (domain §1)', (t) => {
  let acme: Customer;
  let child: string;
  let ana: SignedIn; // acme Domain admin (top)
  let rita: SignedIn; // Reporting on the child group
  const ids: Record<string, string> = {};

  const start = (who: SignedIn, userId: string) => t.inject({ method: 'POST', url: '/api/v1/mimic', headers: who.headers, payload: { userId } });
  const end = (who: SignedIn) => t.inject({ method: 'DELETE', url: '/api/v1/mimic', headers: who.headers });
  // The refusal's stable hint code; its message is the same hint in the caller's language.
  const refusal = (res: { json: <T>() => T }) => res.json<ErrorBody>().error.details?.[0]?.code;

  it('setup', async () => {
    const now = t.clock.now;
    acme = await createCustomer(t.db(), { name: 'Acme', nowMs: now });
    const globex = await createCustomer(t.db(), { name: 'Globex', nowMs: now });
    child = await createChildGroup(t.db(), { parentId: acme.groupId, name: 'Acme video', scids: [], nowMs: now });
    ids.ana = await createUser(t.db(), { email: 'ana@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: now });
    ids.adam = await createUser(t.db(), { email: 'adam@acme.example', grants: [{ groupId: acme.groupId, roleId: 'admin' }], nowMs: now });
    ids.vic = await createUser(t.db(), { email: 'vic@acme.example', grants: [{ groupId: child, roleId: 'admin' }], nowMs: now });
    ids.rita = await createUser(t.db(), { email: 'rita@acme.example', grants: [{ groupId: child, roleId: 'reporting' }], nowMs: now });
    ids.off = await createUser(t.db(), { email: 'off@acme.example', status: 'disabled', grants: [{ groupId: child, roleId: 'reporting' }], nowMs: now });
    ids.gus = await createUser(t.db(), { email: 'gus@globex.example', grants: [{ groupId: globex.groupId, roleId: 'reporting' }], nowMs: now });
    ana = await signIn(t, 'ana@acme.example');
    rita = await signIn(t, 'rita@acme.example');
  });

  it('an admin starts mimicking a user of their organisation: the session shows that user and their memberships; audited', async () => {
    const res = await start(ana, ids.vic!);
    assert.equal(res.statusCode, 200, res.body);
    const session = res.json<Session>();
    assert.equal(session.user.id, ids.ana);
    assert.equal(session.mimic?.user.id, ids.vic);
    assert.equal(session.mimic?.user.displayName, 'vic', 'the portal shows the mimicked user’s name');
    assert.deepEqual(session.memberships.map((m) => [m.accessGroupId, m.roleId]), [[child, 'admin']]);
    const row = await t.db().selectFrom('sessions').select('mimic_user_id').where('user_id', '=', ids.ana!).executeTakeFirstOrThrow();
    assert.equal(row.mimic_user_id, ids.vic);
    const audit = await t.db().selectFrom('audit_log').selectAll().where('action', '=', 'mimic.start').execute();
    assert.deepEqual(audit.map((a) => [a.actor_user_id, a.acting_as_user_id, a.target_id]), [[ids.ana, null, ids.vic]]);
  });

  it('while mimicking, the mimicked user’s rights are in force', async () => {
    const session = await t.inject({ method: 'GET', url: '/api/v1/auth/session', headers: ana.headers });
    assert.equal(session.json<Session>().mimic?.user.id, ids.vic);
    const top = await t.inject({ method: 'GET', url: `/api/v1/access-groups/${acme.groupId}/users`, headers: ana.headers });
    assert.equal(top.statusCode, 404, 'vic cannot see the top-level group, so neither can ana as vic');
  });

  it('domain §1: every action while mimicking is audited under both names', async () => {
    const res = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${child}/users`, headers: ana.headers, payload: { email: 'mia@acme.example', displayName: 'Mia', language: 'es', roleId: 'reporting' } });
    assert.equal(res.statusCode, 201, res.body);
    const audit = await t.db().selectFrom('audit_log').selectAll().where('target_id', '=', res.json<{ id: string }>().id).execute();
    assert.deepEqual(audit.map((a) => [a.action, a.actor_user_id, a.acting_as_user_id]), [['user.invite', ids.ana, ids.vic]]);
  });

  it('no mimicking within a mimic', async () => {
    const res = await start(ana, ids.rita!);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json<ErrorBody>().error.code, 'MIMIC_NOT_ALLOWED');
    assert.equal(refusal(res), 'mimic.alreadyMimicking');
  });

  it('ending the mimic returns the admin’s own view; audited under both names; ending again is harmless', async () => {
    const res = await end(ana);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<Session>().mimic, null);
    assert.deepEqual(res.json<Session>().memberships.map((m) => m.roleId), ['domain-admin']);
    const audit = await t.db().selectFrom('audit_log').selectAll().where('action', '=', 'mimic.end').execute();
    assert.deepEqual(audit.map((a) => [a.actor_user_id, a.acting_as_user_id, a.target_id]), [[ids.ana, ids.vic, ids.vic]]);
    const again = await end(ana);
    assert.equal(again.statusCode, 200);
    assert.equal((await t.db().selectFrom('audit_log').select('id').where('action', '=', 'mimic.end').execute()).length, 1);
    const top = await t.inject({ method: 'GET', url: `/api/v1/access-groups/${acme.groupId}/users`, headers: ana.headers });
    assert.equal(top.statusCode, 200);
  });

  it('domain §1: not for admins of the admin’s own group, disabled users, oneself, or by someone who administers nothing', async () => {
    const cases: [SignedIn, string, string][] = [
      [ana, ids.adam!, 'mimic.targetIsAdminOfActorsGroup'],
      [ana, ids.off!, 'mimic.targetNotActive'],
      [ana, ids.ana!, 'mimic.self'],
      [rita, ids.vic!, 'mimic.notAnAdmin'],
    ];
    for (const [who, target, reason] of cases) {
      const res = await start(who, target);
      assert.equal(res.statusCode, 403, reason);
      assert.equal(res.json<ErrorBody>().error.code, 'MIMIC_NOT_ALLOWED');
      assert.equal(refusal(res), reason);
    }
    const vic = await signIn(t, 'vic@acme.example');
    const upwards = await start(vic, ids.ana!);
    assert.equal(refusal(upwards), 'mimic.targetOutsideActorsGroups', 'a child admin cannot look through a parent admin’s eyes');
    assert.equal((await t.db().selectFrom('sessions').select('id').where('mimic_user_id', 'is not', null).execute()).length, 0);
  });

  it('domain §1: a user who went inactive (180 days) cannot be mimicked', async () => {
    const quiet = await createUser(t.db(), { email: 'quiet@acme.example', grants: [{ groupId: child, roleId: 'support' }], nowMs: t.clock.now - 181 * 86_400_000 });
    const res = await start(ana, quiet);
    assert.equal(refusal(res), 'mimic.targetNotActive');
  });

  it('isolation: another customer’s user and an unknown id are 404, and no mimic starts', async () => {
    for (const userId of [ids.gus!, 'usr_missing']) {
      const res = await start(ana, userId);
      assert.equal(res.statusCode, 404, userId);
      assert.equal(res.json<ErrorBody>().error.code, 'NOT_FOUND');
    }
    const row = await t.db().selectFrom('sessions').select('mimic_user_id').where('user_id', '=', ids.ana!).execute();
    assert.ok(row.every((r) => r.mimic_user_id === null));
  });

  it('only a signed-in person can mimic: an API key is refused', async () => {
    const key = await createApiKey(t, { groupId: acme.groupId, roleId: 'admin' });
    const res = await signedInject(t, { keyId: key.keyId, secret: key.secret, method: 'POST', url: '/api/v1/mimic', payload: JSON.stringify({ userId: ids.rita }) });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json<ErrorBody>().error.code, 'FORBIDDEN');
  });

  it('disabling the mimicked user ends the mimic', async () => {
    assert.equal((await start(ana, ids.rita!)).statusCode, 200);
    const ana2 = await signIn(t, 'ana@acme.example');
    const disabled = await t.inject({ method: 'POST', url: `/api/v1/users/${ids.rita}/disable`, headers: ana2.headers });
    assert.equal(disabled.statusCode, 200, disabled.body);
    const session = await t.inject({ method: 'GET', url: '/api/v1/auth/session', headers: ana.headers });
    assert.equal(session.json<Session>().mimic, null);
  });

  it('bad input: the body is validated', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/v1/mimic', headers: ana.headers, payload: { user: 'x' } });
    assert.equal(res.statusCode, 400);
    assert.ok(res.json<ErrorBody>().error.details?.some((d) => d.pointer === '/userId'));
  });
});
