import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachApp } from '../../test-support/test-app.js';
import { createChildGroup, createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { Customer, SignedIn } from '../../test-support/fixtures.js';
import { signedInject } from '../api-keys/test-signing.js';
import { createApiKey } from './test-api-key.js';

interface Membership {
  accessGroupId: string;
  roleId: string;
  roleName: string;
}
interface GroupUser {
  id: string;
  email: string;
  displayName: string;
  language: string;
  status: string;
  lastSignInAt: string | null;
  locked: boolean;
  roleId: string | null;
  roleName: string | null;
  roles: Membership[];
}
interface Page {
  items: GroupUser[];
  nextCursor: string | null;
}
interface ErrorBody {
  error: { code: string; details?: { pointer: string; message: string }[] };
}

const tokenOf = (text: string) => /token=([A-Za-z0-9_-]+)/.exec(text)?.[1];

forEachApp('users of an access group: list, invite, change and remove roles', (t) => {
  let acme: Customer;
  let globex: Customer;
  let child: string;
  let ana: SignedIn; // acme Domain admin (top), reads Spanish
  let adam: SignedIn; // acme Admin (top)
  let vic: SignedIn; // Admin of the child group
  let rita: SignedIn; // Reporting on the child group
  let gus: SignedIn; // globex Domain admin
  let tom: SignedIn; // operator staff (TSC technician)
  const ids: Record<string, string> = {};
  const globexRole = `role_globex_${Date.now()}`;

  const usersUrl = (groupId: string) => `/api/v1/access-groups/${groupId}/users`;
  const invite = (who: SignedIn, groupId: string, body: Record<string, unknown>) => t.inject({ method: 'POST', url: usersUrl(groupId), headers: who.headers, payload: body });
  const rolesOf = (userId: string) => t.db().selectFrom('user_roles').select(['access_group_id', 'role_id']).where('user_id', '=', userId).orderBy('access_group_id').execute();
  const auditOf = (targetId: string) => t.db().selectFrom('audit_log').selectAll().where('target_id', '=', targetId).orderBy('at').orderBy('id').execute();

  it('setup: two customers, a child group, admins and a reporting user, a staff member', async () => {
    const now = t.clock.now;
    acme = await createCustomer(t.db(), { name: 'Acme', nowMs: now });
    globex = await createCustomer(t.db(), { name: 'Globex', nowMs: now });
    child = await createChildGroup(t.db(), { parentId: acme.groupId, name: 'Acme video', scids: [acme.scids[0]!], nowMs: now });
    await t.db().insertInto('roles').values({ id: globexRole, access_group_id: globex.groupId, name: 'Purgers', built_in: 0, permissions: JSON.stringify(['content:invalidate']) }).execute();
    ids.ana = await createUser(t.db(), { email: 'ana@acme.example', language: 'es', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: now });
    ids.adam = await createUser(t.db(), { email: 'adam@acme.example', grants: [{ groupId: acme.groupId, roleId: 'admin' }], nowMs: now });
    ids.vic = await createUser(t.db(), { email: 'vic@acme.example', grants: [{ groupId: child, roleId: 'admin' }], nowMs: now });
    ids.rita = await createUser(t.db(), { email: 'rita@acme.example', grants: [{ groupId: child, roleId: 'reporting' }], nowMs: now });
    ids.gus = await createUser(t.db(), { email: 'gus@globex.example', grants: [{ groupId: globex.groupId, roleId: 'domain-admin' }], nowMs: now });
    ids.tom = await createUser(t.db(), { email: 'tom@operator.example', staffRole: 'tsc-technician', nowMs: now });
    ana = await signIn(t, 'ana@acme.example');
    adam = await signIn(t, 'adam@acme.example');
    vic = await signIn(t, 'vic@acme.example');
    rita = await signIn(t, 'rita@acme.example');
    gus = await signIn(t, 'gus@globex.example');
    tom = await signIn(t, 'tom@operator.example');
  });

  it('domain §1: the list shows users with a role on the group or below it, each role per group, status, last sign-in and lock', async () => {
    const res = await t.inject({ method: 'GET', url: usersUrl(acme.groupId), headers: ana.headers });
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json<Page>();
    assert.deepEqual(page.items.map((u) => u.email), ['adam@acme.example', 'ana@acme.example', 'rita@acme.example', 'vic@acme.example']);
    assert.equal(page.nextCursor, null);
    const anaRow = page.items.find((u) => u.email === 'ana@acme.example')!;
    assert.equal(anaRow.roleId, 'domain-admin');
    assert.equal(anaRow.roleName, 'Administrador de dominio', 'built-in names in the reader’s language');
    assert.equal(anaRow.status, 'active');
    assert.equal(anaRow.locked, false);
    assert.equal(anaRow.lastSignInAt, new Date(t.clock.now).toISOString());
    const vicRow = page.items.find((u) => u.email === 'vic@acme.example')!;
    assert.equal(vicRow.roleId, null, 'vic holds no role on the top-level group itself');
    assert.deepEqual(vicRow.roles.map((r) => [r.accessGroupId, r.roleId]), [[child, 'admin']]);
  });

  it('domain §1: a child group’s admin sees only the users of their branch', async () => {
    const res = await t.inject({ method: 'GET', url: usersUrl(child), headers: vic.headers });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json<Page>().items.map((u) => u.email), ['rita@acme.example', 'vic@acme.example']);
  });

  it('docs/api.md paging: ?limit= and the opaque nextCursor walk the whole list once', async () => {
    const first = await t.inject({ method: 'GET', url: `${usersUrl(acme.groupId)}?limit=3`, headers: ana.headers });
    const one = first.json<Page>();
    assert.equal(one.items.length, 3);
    assert.ok(one.nextCursor);
    const second = await t.inject({ method: 'GET', url: `${usersUrl(acme.groupId)}?limit=3&cursor=${one.nextCursor}`, headers: ana.headers });
    const two = second.json<Page>();
    assert.deepEqual(two.items.map((u) => u.email), ['vic@acme.example']);
    assert.equal(two.nextCursor, null);
    const tooMany = await t.inject({ method: 'GET', url: `${usersUrl(acme.groupId)}?limit=500`, headers: ana.headers });
    assert.equal(tooMany.statusCode, 400);
    assert.deepEqual(tooMany.json<ErrorBody>().error.details?.map((d) => d.pointer), ['/querystring/limit']);
  });

  it('roles: reporting users get 403; staff with customers:view may read but not invite', async () => {
    const denied = await t.inject({ method: 'GET', url: usersUrl(child), headers: rita.headers });
    assert.equal(denied.statusCode, 403);
    const staff = await t.inject({ method: 'GET', url: usersUrl(acme.groupId), headers: tom.headers });
    assert.equal(staff.statusCode, 200);
    const staffInvite = await invite(tom, acme.groupId, { email: 'x@acme.example', displayName: 'X', language: 'en', roleId: 'reporting' });
    assert.equal(staffInvite.statusCode, 403);
  });

  it('domain §1: an invitation creates an active user without a password, mails a link in the invitee’s language, and the link sets the password', async () => {
    const res = await invite(ana, child, { email: 'Nina@Acme.example', displayName: 'Nina Ortiz', language: 'en', roleId: 'reporting' });
    assert.equal(res.statusCode, 201, res.body);
    const nina = res.json<GroupUser>();
    ids.nina = nina.id;
    assert.equal(nina.email, 'nina@acme.example');
    assert.equal(nina.status, 'active');
    assert.equal(nina.roleId, 'reporting');
    assert.equal(nina.roleName, 'Informes (solo lectura)', 'named in the inviter’s language');
    const row = await t.db().selectFrom('users').selectAll().where('id', '=', nina.id).executeTakeFirstOrThrow();
    assert.equal(row.password_hash, null);
    const mails = await t.db().selectFrom('mail_outbox').selectAll().where('to_address', '=', 'nina@acme.example').execute();
    assert.equal(mails.length, 1);
    assert.equal(mails[0]?.template, 'invitation');
    assert.equal(mails[0]?.language, 'en');
    assert.match(mails[0]?.subject ?? '', /Acme/);
    assert.match(mails[0]?.body_text ?? '', /ana/, 'names the inviter');
    assert.ok(mails[0]?.body_text.includes(`${t.deps().config.publicUrl}/password/set?token=`), 'the link points at the portal');
    const token = tokenOf(mails[0]?.body_text ?? '');
    assert.ok(token);
    const set = await t.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { token, password: 'nina’s long passphrase' } });
    assert.equal(set.statusCode, 204, set.body);
    const session = await signIn(t, 'nina@acme.example', 'nina’s long passphrase');
    assert.deepEqual(session.response.json<{ memberships: Membership[] }>().memberships.map((m) => [m.accessGroupId, m.roleId]), [[child, 'reporting']]);
  });

  it('the invitation mail is in Spanish for a Spanish-speaking invitee; the change is audited', async () => {
    const res = await invite(vic, child, { email: 'nico@acme.example', displayName: 'Nicolás', language: 'es', roleId: 'configuration-editor' });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json<GroupUser>().id;
    const mail = await t.db().selectFrom('mail_outbox').selectAll().where('to_address', '=', 'nico@acme.example').executeTakeFirstOrThrow();
    assert.equal(mail.language, 'es');
    assert.match(mail.subject, /Invitación/);
    const audit = await auditOf(id);
    assert.deepEqual(audit.map((a) => [a.action, a.actor_user_id, a.access_group_id]), [['user.invite', ids.vic, child]]);
    assert.deepEqual(JSON.parse(audit[0]?.after_json ?? 'null'), { email: 'nico@acme.example', displayName: 'Nicolás', language: 'es', accessGroupId: child, roleId: 'configuration-editor' });
  });

  it('domain §1: an Admin cannot hand out the Domain admin role (403), and nothing is created', async () => {
    const res = await invite(adam, acme.groupId, { email: 'boss@acme.example', displayName: 'Boss', language: 'en', roleId: 'domain-admin' });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json<ErrorBody>().error.code, 'FORBIDDEN');
    assert.equal(await t.db().selectFrom('users').select('id').where('email', '=', 'boss@acme.example').executeTakeFirst(), undefined);
    assert.equal((await t.db().selectFrom('mail_outbox').select('id').where('to_address', '=', 'boss@acme.example').execute()).length, 0);
  });

  it('an e-mail of another customer’s user is a bare 409 and changes nothing', async () => {
    const res = await invite(ana, acme.groupId, { email: 'gus@globex.example', displayName: 'Gus', language: 'en', roleId: 'reporting' });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json<ErrorBody>().error.details, undefined, 'says nothing about whose address it is');
    assert.deepEqual(await rolesOf(ids.gus!), [{ access_group_id: globex.groupId, role_id: 'domain-admin' }]);
    const staff = await invite(ana, acme.groupId, { email: 'tom@operator.example', displayName: 'Tom', language: 'en', roleId: 'reporting' });
    assert.equal(staff.statusCode, 409, 'nor can the operator’s staff be invited into a customer');
  });

  it('an e-mail of a user of the same customer adds the role, without a new password link', async () => {
    const before = (await t.db().selectFrom('mail_outbox').select('id').where('to_address', '=', 'rita@acme.example').execute()).length;
    const res = await invite(ana, acme.groupId, { email: 'rita@acme.example', displayName: 'ignored', language: 'es', roleId: 'billing' });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json<GroupUser>();
    assert.equal(body.id, ids.rita);
    assert.equal(body.displayName, 'rita', 'an existing user keeps their own name');
    assert.deepEqual((await rolesOf(ids.rita!)).map((r) => r.role_id).sort(), ['billing', 'reporting']);
    assert.equal((await t.db().selectFrom('mail_outbox').select('id').where('to_address', '=', 'rita@acme.example').execute()).length, before);
    assert.deepEqual((await auditOf(ids.rita!)).map((a) => a.action), ['user.add-role']);
    const again = await invite(ana, acme.groupId, { email: 'rita@acme.example', displayName: 'Rita', language: 'es', roleId: 'reporting' });
    assert.equal(again.statusCode, 409, 'one role per group: changing it is PUT');
    assert.deepEqual(again.json<ErrorBody>().error.details?.map((d) => d.pointer), ['/email']);
  });

  it('bad input: another customer’s custom role is as unknown as a made-up one; fields are reported by pointer', async () => {
    const foreignRole = await invite(ana, acme.groupId, { email: 'x@acme.example', displayName: 'X', language: 'en', roleId: globexRole });
    assert.equal(foreignRole.statusCode, 400);
    assert.deepEqual(foreignRole.json<ErrorBody>().error.details?.map((d) => d.pointer), ['/roleId']);
    const bad = await invite(ana, acme.groupId, { email: 'not-an-address', displayName: '', language: 'fr', roleId: 'reporting', extra: 1 });
    assert.equal(bad.statusCode, 400);
    const pointers = bad.json<ErrorBody>().error.details?.map((d) => d.pointer) ?? [];
    for (const pointer of ['/displayName', '/email', '/language']) assert.ok(pointers.includes(pointer), pointer);
    assert.equal(pointers.length, 4, 'and one for the unknown field');
    assert.equal(await t.db().selectFrom('users').select('id').where('email', '=', 'x@acme.example').executeTakeFirst(), undefined);
  });

  it('an API key with users:manage can invite; the audit names the key and the mail names it as the inviter', async () => {
    const key = await createApiKey(t, { groupId: acme.groupId, roleId: 'admin', name: 'HR sync' });
    const res = await signedInject(t, { keyId: key.keyId, secret: key.secret, method: 'POST', url: usersUrl(acme.groupId), payload: JSON.stringify({ email: 'kim@acme.example', displayName: 'Kim', language: 'en', roleId: 'support' }) });
    assert.equal(res.statusCode, 201, res.body);
    const audit = await auditOf(res.json<GroupUser>().id);
    assert.equal(audit[0]?.api_key_id, key.keyId);
    assert.equal(audit[0]?.actor_user_id, null);
    const mail = await t.db().selectFrom('mail_outbox').select('body_text').where('to_address', '=', 'kim@acme.example').executeTakeFirstOrThrow();
    assert.match(mail.body_text, /HR sync/);
  });

  it('PUT changes the role on the group, audited with before and after', async () => {
    const res = await t.inject({ method: 'PUT', url: `${usersUrl(child)}/${ids.nina}`, headers: vic.headers, payload: { roleId: 'support' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<GroupUser>().roleId, 'support');
    const audit = (await auditOf(ids.nina!)).filter((a) => a.action === 'user.change-role');
    assert.equal(audit.length, 1);
    assert.deepEqual(JSON.parse(audit[0]?.before_json ?? 'null'), { accessGroupId: child, roleId: 'reporting' });
    assert.deepEqual(JSON.parse(audit[0]?.after_json ?? 'null'), { accessGroupId: child, roleId: 'support' });
  });

  it('PUT: an Admin can neither promote to nor demote from Domain admin (403); a user without a role on the group is 404', async () => {
    const promote = await t.inject({ method: 'PUT', url: `${usersUrl(child)}/${ids.nina}`, headers: vic.headers, payload: { roleId: 'domain-admin' } });
    assert.equal(promote.statusCode, 403);
    const demote = await t.inject({ method: 'PUT', url: `${usersUrl(acme.groupId)}/${ids.ana}`, headers: adam.headers, payload: { roleId: 'admin' } });
    assert.equal(demote.statusCode, 403);
    assert.deepEqual(await rolesOf(ids.ana!), [{ access_group_id: acme.groupId, role_id: 'domain-admin' }]);
    const none = await t.inject({ method: 'PUT', url: `${usersUrl(child)}/${ids.adam}`, headers: ana.headers, payload: { roleId: 'support' } });
    assert.equal(none.statusCode, 404);
  });

  it('DELETE removes the role on the group, audited', async () => {
    const res = await t.inject({ method: 'DELETE', url: `${usersUrl(child)}/${ids.nina}`, headers: ana.headers });
    assert.equal(res.statusCode, 204, res.body);
    assert.deepEqual(await rolesOf(ids.nina!), []);
    const audit = (await auditOf(ids.nina!)).find((a) => a.action === 'user.remove-role');
    assert.equal(audit?.actor_user_id, ids.ana);
    assert.deepEqual(JSON.parse(audit?.before_json ?? 'null'), { accessGroupId: child, roleId: 'support' });
    const again = await t.inject({ method: 'DELETE', url: `${usersUrl(child)}/${ids.nina}`, headers: ana.headers });
    assert.equal(again.statusCode, 404);
  });

  it('the last Domain admin cannot remove or demote themselves (409); with a second one they can', async () => {
    const remove = await t.inject({ method: 'DELETE', url: `${usersUrl(acme.groupId)}/${ids.ana}`, headers: ana.headers });
    assert.equal(remove.statusCode, 409);
    const demote = await t.inject({ method: 'PUT', url: `${usersUrl(acme.groupId)}/${ids.ana}`, headers: ana.headers, payload: { roleId: 'admin' } });
    assert.equal(demote.statusCode, 409);
    assert.deepEqual(await rolesOf(ids.ana!), [{ access_group_id: acme.groupId, role_id: 'domain-admin' }]);
    const promote = await t.inject({ method: 'PUT', url: `${usersUrl(acme.groupId)}/${ids.adam}`, headers: ana.headers, payload: { roleId: 'domain-admin' } });
    assert.equal(promote.statusCode, 200, promote.body);
    const demoteNow = await t.inject({ method: 'PUT', url: `${usersUrl(acme.groupId)}/${ids.ana}`, headers: ana.headers, payload: { roleId: 'admin' } });
    assert.equal(demoteNow.statusCode, 200, demoteNow.body);
  });

  it('isolation: another customer’s admin gets 404 on list, invite, change and remove, and nothing changes', async () => {
    const before = await rolesOf(ids.rita!);
    const list = await t.inject({ method: 'GET', url: usersUrl(acme.groupId), headers: gus.headers });
    const add = await invite(gus, acme.groupId, { email: 'spy@globex.example', displayName: 'Spy', language: 'en', roleId: 'domain-admin' });
    const change = await t.inject({ method: 'PUT', url: `${usersUrl(child)}/${ids.rita}`, headers: gus.headers, payload: { roleId: 'admin' } });
    const remove = await t.inject({ method: 'DELETE', url: `${usersUrl(child)}/${ids.rita}`, headers: gus.headers });
    assert.deepEqual([list.statusCode, add.statusCode, change.statusCode, remove.statusCode], [404, 404, 404, 404]);
    assert.equal(list.json<ErrorBody>().error.code, 'NOT_FOUND');
    assert.deepEqual(await rolesOf(ids.rita!), before);
    assert.equal(await t.db().selectFrom('users').select('id').where('email', '=', 'spy@globex.example').executeTakeFirst(), undefined);
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
    const domainAdmins = () => t.db().selectFrom('user_roles').select('user_id').where('access_group_id', '=', customer.groupId).where('role_id', '=', 'domain-admin').execute();
    return { groupId: customer.groupId, ids: ids as [string, string], sessions: sessions as [SignedIn, SignedIn], domainAdmins };
  }

  it('two Domain admins demoting each other at the same instant: exactly one succeeds and a Domain admin remains', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const { groupId, ids: [first, second], sessions: [firstIn, secondIn], domainAdmins } = await twoDomainAdmins(round, 'demote');
      const demote = (who: SignedIn, userId: string) => t.inject({ method: 'PUT', url: `${usersUrl(groupId)}/${userId}`, headers: who.headers, payload: { roleId: 'admin' } });
      const results = await Promise.all([demote(firstIn, second), demote(secondIn, first)]);
      const codes = results.map((r) => r.statusCode);
      assert.equal(codes.filter((c) => c === 200).length, 1, `round ${round}: exactly one demotion succeeds: ${codes.join(', ')}`);
      // The loser met the guard (409), or, if it began after the winner committed, is no longer a Domain
      // admin and may not demote one (403).
      const loser = results.find((r) => r.statusCode !== 200);
      assert.ok(loser?.statusCode === 409 || loser?.statusCode === 403, loser?.body);
      assert.equal((await domainAdmins()).length, 1, `round ${round}: one Domain admin remains`);
    }
  });

  it('two Domain admins removing each other’s role at the same instant: exactly one succeeds and a Domain admin remains', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const { groupId, ids: [first, second], sessions: [firstIn, secondIn], domainAdmins } = await twoDomainAdmins(round, 'remove');
      const remove = (who: SignedIn, userId: string) => t.inject({ method: 'DELETE', url: `${usersUrl(groupId)}/${userId}`, headers: who.headers });
      const results = await Promise.all([remove(firstIn, second), remove(secondIn, first)]);
      const codes = results.map((r) => r.statusCode);
      assert.equal(codes.filter((c) => c === 204).length, 1, `round ${round}: exactly one removal succeeds: ${codes.join(', ')}`);
      // 409 from the guard; 403 or 404 if the loser began after the winner had already taken its role.
      const loser = results.find((r) => r.statusCode !== 204);
      assert.ok([409, 403, 404].includes(loser?.statusCode ?? 0), loser?.body);
      assert.equal((await domainAdmins()).length, 1, `round ${round}: one Domain admin remains`);
    }
  });
});
