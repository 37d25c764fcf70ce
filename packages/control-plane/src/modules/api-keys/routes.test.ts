import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachApp } from '../../test-support/test-app.js';
import { createChildGroup, createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { Customer, SignedIn } from '../../test-support/fixtures.js';
import { hashSecret, openSecret, SECRET_PATTERN } from './api-key-rules.js';
import { signedInject } from './test-signing.js';

const DAY = 86_400_000;

interface Key {
  id: string;
  accessGroupId: string;
  name: string;
  contact: string;
  notes: string;
  roleId: string;
  roleName: string;
  status: string;
  createdAt: string;
  lastUsedAt: string | null;
  regeneratedAt: string | null;
  warnAt: string | null;
  disableAt: string | null;
  deleteAt: string | null;
}
interface WithSecret {
  key: Key;
  secret: string;
}
/** An audit entry's before/after as the key fields it records. */
function auditJson(text: string | null | undefined): Record<string, unknown> {
  return JSON.parse(text ?? '{}') as Record<string, unknown>;
}

interface ErrorBody {
  error: { code: string; details?: { pointer: string; message: string }[] };
}

forEachApp('API keys API', (t) => {
  let acme: Customer;
  let globex: Customer;
  let child: string;
  let ana: SignedIn; // acme domain admin
  let adam: SignedIn; // acme admin (no roles:manage)
  let rita: SignedIn; // acme reporting
  let gus: SignedIn; // globex domain admin
  const acmeRole = `role_${Math.random().toString(36).slice(2)}`;
  const globexRole = `role_${Math.random().toString(36).slice(2)}`;

  const keysUrl = (groupId: string) => `/api/v1/access-groups/${groupId}/api-keys`;
  const create = (who: SignedIn, groupId: string, body: Record<string, unknown>) => t.inject({ method: 'POST', url: keysUrl(groupId), headers: who.headers, payload: body });
  const keyRow = (id: string) => t.db().selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditOf = (id: string) => t.db().selectFrom('audit_log').selectAll().where('target_id', '=', id).orderBy('at').orderBy('id').execute();
  const activeCount = async (groupId: string) => (await t.db().selectFrom('api_keys').select('id').where('access_group_id', '=', groupId).where('status', '=', 'active').execute()).length;

  it('setup: two customers, their admins, a child group and a custom role each', async () => {
    const now = t.clock.now;
    acme = await createCustomer(t.db(), { name: 'Acme', nowMs: now });
    globex = await createCustomer(t.db(), { name: 'Globex', nowMs: now });
    child = await createChildGroup(t.db(), { parentId: acme.groupId, name: 'Acme video', scids: [acme.scids[0]!], nowMs: now });
    await t.db().insertInto('roles').values([
      { id: acmeRole, access_group_id: acme.groupId, name: 'Purgers', built_in: 0, permissions: JSON.stringify(['content:invalidate', 'reports:view']) },
      { id: globexRole, access_group_id: globex.groupId, name: 'Globex purgers', built_in: 0, permissions: JSON.stringify(['content:invalidate']) },
    ]).execute();
    await createUser(t.db(), { email: 'ana@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: now });
    await createUser(t.db(), { email: 'adam@acme.example', grants: [{ groupId: acme.groupId, roleId: 'admin' }], language: 'es', nowMs: now });
    await createUser(t.db(), { email: 'rita@acme.example', grants: [{ groupId: acme.groupId, roleId: 'reporting' }], nowMs: now });
    await createUser(t.db(), { email: 'gus@globex.example', grants: [{ groupId: globex.groupId, roleId: 'domain-admin' }], nowMs: now });
    ana = await signIn(t, 'ana@acme.example');
    adam = await signIn(t, 'adam@acme.example');
    rita = await signIn(t, 'rita@acme.example');
    gus = await signIn(t, 'gus@globex.example');
  });

  it('domain §1: a new key answers 201 with its secret once; only a sealed secret and a fingerprint are stored; audited without the secret', async () => {
    const res = await create(ana, acme.groupId, { name: ' Deploy bot ', contact: 'ops@acme.example', notes: 'CI pipeline', roleId: 'reporting' });
    assert.equal(res.statusCode, 201, res.body);
    const { key, secret } = res.json<WithSecret>();
    assert.match(secret, SECRET_PATTERN);
    assert.deepEqual(
      { ...key, id: undefined },
      {
        id: undefined,
        accessGroupId: acme.groupId,
        name: 'Deploy bot',
        contact: 'ops@acme.example',
        notes: 'CI pipeline',
        roleId: 'reporting',
        roleName: 'Reporting (read-only)',
        status: 'active',
        createdAt: new Date(t.clock.now).toISOString(),
        lastUsedAt: null,
        regeneratedAt: null,
        warnAt: new Date(t.clock.now + 90 * DAY).toISOString(),
        disableAt: new Date(t.clock.now + 120 * DAY).toISOString(),
        deleteAt: new Date(t.clock.now + 180 * DAY).toISOString(),
      },
    );
    const row = await keyRow(key.id);
    assert.equal(row.secret_hash, hashSecret(secret));
    assert.equal(row.secret_sealed.includes(secret.slice(3)), false);
    assert.equal(openSecret(row.secret_sealed, t.deps().secretKeys, key.id), secret);
    const audit = await auditOf(key.id);
    assert.deepEqual(audit.map((a) => a.action), ['api-key.create']);
    assert.equal(audit[0]?.access_group_id, acme.groupId);
    assert.equal(audit[0]?.after_json?.includes(secret), false, 'the audit log never holds the secret');
    assert.equal(auditJson(audit[0]?.after_json).secretFingerprint, hashSecret(secret));
  });

  it('domain §1: the list carries no secret, and built-in role names follow the reader’s language', async () => {
    const res = await t.inject({ method: 'GET', url: keysUrl(acme.groupId), headers: adam.headers });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<{ items: (Key & { secret?: string })[]; nextCursor: string | null }>();
    assert.equal(body.items.length, 1);
    assert.equal(body.nextCursor, null);
    assert.equal('secret' in body.items[0]!, false);
    assert.equal(res.body.includes('cs_'), false, 'nothing that looks like a secret');
    assert.equal(body.items[0]?.roleName, 'Informes (solo lectura)', 'adam reads Spanish');
  });

  it('domain §1: a custom role of the same customer may be given, on a child group too', async () => {
    const res = await create(ana, child, { name: 'Purger', contact: 'Ana Pérez', roleId: acmeRole });
    assert.equal(res.statusCode, 201, res.body);
    const { key } = res.json<WithSecret>();
    assert.equal(key.roleName, 'Purgers');
    assert.equal(key.notes, '', 'notes default to empty');
  });

  it('bad input: missing fields, an unknown field, an unknown role and another customer’s role are refused by pointer', async () => {
    const missing = await create(ana, acme.groupId, { contact: '', roleId: 7 });
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(missing.json<ErrorBody>().error.details?.map((d) => d.pointer).sort(), ['/contact', '/name', '/roleId']);
    const extra = await create(ana, acme.groupId, { name: 'x', contact: 'y', roleId: 'reporting', secret: 'mine' });
    assert.equal(extra.statusCode, 400);
    assert.equal(extra.json<ErrorBody>().error.code, 'VALIDATION_FAILED');
    for (const roleId of ['no-such-role', globexRole]) {
      const res = await create(ana, acme.groupId, { name: 'x', contact: 'y', roleId });
      assert.equal(res.statusCode, 400, roleId);
      assert.deepEqual(res.json<ErrorBody>().error.details?.map((d) => d.pointer), ['/roleId']);
    }
    assert.equal(await activeCount(acme.groupId), 1, 'nothing was created');
  });

  it('roles: an admin may not mint a key stronger than themselves (403), a reporting user may not manage keys at all', async () => {
    const stronger = await create(adam, acme.groupId, { name: 'root', contact: 'x', roleId: 'domain-admin' });
    assert.equal(stronger.statusCode, 403);
    assert.deepEqual(stronger.json<ErrorBody>().error.details?.map((d) => d.pointer), ['/roleId']);
    const fine = await create(adam, acme.groupId, { name: 'Reports', contact: 'x', roleId: 'reporting' });
    assert.equal(fine.statusCode, 201, fine.body);
    for (const res of [
      await create(rita, acme.groupId, { name: 'x', contact: 'y', roleId: 'reporting' }),
      await t.inject({ method: 'GET', url: keysUrl(acme.groupId), headers: rita.headers }),
      await t.inject({ method: 'PATCH', url: `/api/v1/api-keys/${fine.json<WithSecret>().key.id}`, headers: rita.headers, payload: { name: 'mine' } }),
    ]) {
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json<ErrorBody>().error.code, 'FORBIDDEN');
    }
  });

  it('domain §1: at most 5 active keys per group (409 API_KEY_LIMIT); disabling makes room; re-enabling counts', async () => {
    // acme has 2 active keys so far.
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await create(ana, acme.groupId, { name: `k${i}`, contact: 'x', roleId: 'reporting' });
      assert.equal(res.statusCode, 201, res.body);
      made.push(res.json<WithSecret>().key.id);
    }
    const sixth = await create(ana, acme.groupId, { name: 'sixth', contact: 'x', roleId: 'reporting' });
    assert.equal(sixth.statusCode, 409);
    assert.equal(sixth.json<ErrorBody>().error.code, 'API_KEY_LIMIT');
    assert.equal(await activeCount(acme.groupId), 5);
    // The child group has its own count.
    assert.equal((await create(ana, child, { name: 'child 2', contact: 'x', roleId: 'reporting' })).statusCode, 201);

    const disable = await t.inject({ method: 'PATCH', url: `/api/v1/api-keys/${made[0]}`, headers: ana.headers, payload: { status: 'disabled' } });
    assert.equal(disable.statusCode, 200, disable.body);
    assert.equal(disable.json<Key>().status, 'disabled');
    const replacement = await create(ana, acme.groupId, { name: 'replacement', contact: 'x', roleId: 'reporting' });
    assert.equal(replacement.statusCode, 201);
    const enable = await t.inject({ method: 'PATCH', url: `/api/v1/api-keys/${made[0]}`, headers: ana.headers, payload: { status: 'active' } });
    assert.equal(enable.statusCode, 409);
    assert.equal(enable.json<ErrorBody>().error.code, 'API_KEY_LIMIT');
    assert.equal((await keyRow(made[0]!)).status, 'disabled', 'nothing changed');
    // Make room again and the same key can come back.
    assert.equal((await t.inject({ method: 'DELETE', url: `/api/v1/api-keys/${replacement.json<WithSecret>().key.id}`, headers: ana.headers })).statusCode, 200);
    const again = await t.inject({ method: 'PATCH', url: `/api/v1/api-keys/${made[0]}`, headers: ana.headers, payload: { status: 'active' } });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json<Key>().status, 'active');
    // The clock stands still in this suite, so entries are compared as a set.
    assert.deepEqual((await auditOf(made[0]!)).map((a) => a.action).sort(), ['api-key.create', 'api-key.update', 'api-key.update']);
  });

  it('domain §1: regenerating answers a new secret once; the old one dies at once; audited by fingerprint', async () => {
    const made = await create(ana, child, { name: 'rotating', contact: 'x', roleId: 'reporting' });
    // The child group had 2 keys; a third is fine.
    assert.equal(made.statusCode, 201, made.body);
    const { key, secret: oldSecret } = made.json<WithSecret>();
    const call = (secret: string) => signedInject(t, { keyId: key.id, secret, method: 'GET', url: '/api/v1/services' });
    assert.equal((await call(oldSecret)).statusCode, 200);
    const res = await t.inject({ method: 'POST', url: `/api/v1/api-keys/${key.id}/regenerate`, headers: ana.headers });
    assert.equal(res.statusCode, 200, res.body);
    const { key: after, secret: newSecret } = res.json<WithSecret>();
    assert.notEqual(newSecret, oldSecret);
    assert.match(newSecret, SECRET_PATTERN);
    assert.equal(after.regeneratedAt, new Date(t.clock.now).toISOString());
    assert.equal((await call(oldSecret)).statusCode, 401);
    assert.equal((await call(newSecret)).statusCode, 200);
    const audit = (await auditOf(key.id)).find((a) => a.action === 'api-key.regenerate');
    assert.deepEqual(JSON.parse(audit?.before_json ?? 'null'), { secretFingerprint: hashSecret(oldSecret) });
    assert.deepEqual(JSON.parse(audit?.after_json ?? 'null'), { secretFingerprint: hashSecret(newSecret) });
  });

  it('roles: regenerating is taking the key’s powers, so an admin cannot regenerate a domain-admin key', async () => {
    const strong = await create(ana, child, { name: 'strong', contact: 'x', roleId: 'domain-admin' });
    assert.equal(strong.statusCode, 201, strong.body);
    const { key } = strong.json<WithSecret>();
    const before = await keyRow(key.id);
    const res = await t.inject({ method: 'POST', url: `/api/v1/api-keys/${key.id}/regenerate`, headers: adam.headers });
    assert.equal(res.statusCode, 403);
    assert.equal((await keyRow(key.id)).secret_sealed, before.secret_sealed);
    // Adam may still disable it: that takes nothing.
    assert.equal((await t.inject({ method: 'PATCH', url: `/api/v1/api-keys/${key.id}`, headers: adam.headers, payload: { status: 'disabled' } })).statusCode, 200);
  });

  it('PATCH edits name, contact and notes with before/after in the audit log; an empty or a "deleted" status body is refused', async () => {
    const { key } = (await create(gus, globex.groupId, { name: 'old', contact: 'a@globex.example', notes: 'n', roleId: globexRole })).json<WithSecret>();
    const res = await t.inject({ method: 'PATCH', url: `/api/v1/api-keys/${key.id}`, headers: gus.headers, payload: { name: 'new', notes: 'm' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<Key>().name, 'new');
    const audit = (await auditOf(key.id)).find((a) => a.action === 'api-key.update');
    assert.equal(auditJson(audit?.before_json).name, 'old');
    assert.equal(auditJson(audit?.after_json).name, 'new');
    assert.equal(auditJson(audit?.after_json).notes, 'm');
    for (const payload of [{}, { status: 'deleted' }, { name: '' }, { secret: 'x' }]) {
      const bad = await t.inject({ method: 'PATCH', url: `/api/v1/api-keys/${key.id}`, headers: gus.headers, payload });
      assert.equal(bad.statusCode, 400, JSON.stringify(payload));
    }
    // An edit that changes nothing records nothing.
    const count = (await auditOf(key.id)).length;
    assert.equal((await t.inject({ method: 'PATCH', url: `/api/v1/api-keys/${key.id}`, headers: gus.headers, payload: { name: 'new' } })).statusCode, 200);
    assert.equal((await auditOf(key.id)).length, count);
  });

  it('domain §1: DELETE puts a key in the deleted state for good: no secret kept, cannot come back, listed only on request', async () => {
    const { key } = (await create(gus, globex.groupId, { name: 'doomed', contact: 'x', roleId: 'reporting' })).json<WithSecret>();
    const res = await t.inject({ method: 'DELETE', url: `/api/v1/api-keys/${key.id}`, headers: gus.headers });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<Key>().status, 'deleted');
    assert.equal(res.json<Key>().disableAt, null);
    assert.equal((await keyRow(key.id)).secret_sealed, '');
    for (const call of [
      { method: 'PATCH' as const, url: `/api/v1/api-keys/${key.id}`, payload: { status: 'active' } },
      { method: 'PATCH' as const, url: `/api/v1/api-keys/${key.id}`, payload: { name: 'back' } },
      { method: 'POST' as const, url: `/api/v1/api-keys/${key.id}/regenerate` },
    ]) {
      const refused = await t.inject({ ...call, headers: gus.headers });
      assert.equal(refused.statusCode, 409, call.url);
    }
    assert.equal((await keyRow(key.id)).status, 'deleted');
    const again = await t.inject({ method: 'DELETE', url: `/api/v1/api-keys/${key.id}`, headers: gus.headers });
    assert.equal(again.statusCode, 200);
    assert.deepEqual((await auditOf(key.id)).map((a) => a.action).sort(), ['api-key.create', 'api-key.delete'], 'the second delete records nothing');
    const listed = await t.inject({ method: 'GET', url: keysUrl(globex.groupId), headers: gus.headers });
    assert.equal(listed.json<{ items: Key[] }>().items.some((k) => k.id === key.id), false);
    const deleted = await t.inject({ method: 'GET', url: `${keysUrl(globex.groupId)}?status=deleted`, headers: gus.headers });
    assert.deepEqual(deleted.json<{ items: Key[] }>().items.map((k) => k.id), [key.id]);
  });

  it('isolation: another customer’s keys and groups are 404 for every route, and nothing changes', async () => {
    // acme's own group is full by now; its child group has room.
    const { key } = (await create(ana, child, { name: 'acme private', contact: 'x', roleId: 'reporting' })).json<WithSecret>();
    const before = await keyRow(key.id);
    const auditBefore = (await auditOf(key.id)).length;
    for (const call of [
      { method: 'GET' as const, url: keysUrl(acme.groupId) },
      { method: 'POST' as const, url: keysUrl(acme.groupId), payload: { name: 'x', contact: 'y', roleId: 'reporting' } },
      { method: 'POST' as const, url: `/api/v1/api-keys/${key.id}/regenerate` },
      { method: 'PATCH' as const, url: `/api/v1/api-keys/${key.id}`, payload: { status: 'disabled' } },
      { method: 'DELETE' as const, url: `/api/v1/api-keys/${key.id}` },
      { method: 'PATCH' as const, url: '/api/v1/api-keys/ck_doesnotexist0000', payload: { name: 'x' } },
    ]) {
      const res = await t.inject({ ...call, headers: gus.headers });
      assert.equal(res.statusCode, 404, `${call.method} ${call.url}`);
      assert.equal(res.json<ErrorBody>().error.code, 'NOT_FOUND');
    }
    assert.deepEqual(await keyRow(key.id), before);
    assert.equal((await auditOf(key.id)).length, auditBefore);
  });

  it('a child-group admin cannot see or touch the parent group’s keys (404)', async () => {
    await createUser(t.db(), { email: 'cleo@acme.example', grants: [{ groupId: child, roleId: 'admin' }], nowMs: t.clock.now });
    const cleo = await signIn(t, 'cleo@acme.example');
    assert.equal((await t.inject({ method: 'GET', url: keysUrl(acme.groupId), headers: cleo.headers })).statusCode, 404);
    assert.equal((await t.inject({ method: 'GET', url: keysUrl(child), headers: cleo.headers })).statusCode, 200);
  });

  it('paging: newest first, a cursor walks the list without repeats; a foreign cursor is a 400 by pointer', async () => {
    const all = (await t.inject({ method: 'GET', url: `${keysUrl(acme.groupId)}?limit=200`, headers: ana.headers })).json<{ items: Key[] }>().items;
    assert.ok(all.length >= 4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `${keysUrl(acme.groupId)}?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`;
      const page = (await t.inject({ method: 'GET', url, headers: ana.headers })).json<{ items: Key[]; nextCursor: string | null }>();
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((k) => k.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(seen, all.map((k) => k.id));
    const created = all.map((k) => k.createdAt);
    assert.deepEqual(created, [...created].sort().reverse());
    const bad = await t.inject({ method: 'GET', url: `${keysUrl(acme.groupId)}?cursor=nonsense`, headers: ana.headers });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json<ErrorBody>().error.details?.map((d) => d.pointer), ['/querystring/cursor']);
    const tooMany = await t.inject({ method: 'GET', url: `${keysUrl(acme.groupId)}?limit=201`, headers: ana.headers });
    assert.equal(tooMany.statusCode, 400);
  });

  it('domain §1: a key unused for 120 days reads disabled; re-enabling restarts its idle clock (runs last: moves the clock)', async () => {
    const { key } = (await create(gus, globex.groupId, { name: 'sleepy', contact: 'x', roleId: 'reporting' })).json<WithSecret>();
    t.clock.now += 130 * DAY;
    const gus2 = await signIn(t, 'gus@globex.example');
    const listed = (await t.inject({ method: 'GET', url: keysUrl(globex.groupId), headers: gus2.headers })).json<{ items: Key[] }>().items.find((k) => k.id === key.id);
    assert.equal(listed?.status, 'disabled');
    const res = await t.inject({ method: 'PATCH', url: `/api/v1/api-keys/${key.id}`, headers: gus2.headers, payload: { status: 'active' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<Key>().status, 'active');
    assert.equal(res.json<Key>().disableAt, new Date(t.clock.now + 120 * DAY).toISOString());
    assert.equal((await keyRow(key.id)).reactivated_at, t.clock.now);
  });
});
