import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachApp } from '../../test-support/test-app.js';
import { createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { Customer, SignedIn } from '../../test-support/fixtures.js';
import { signed, signedInject } from './test-signing.js';

interface ErrorBody {
  error: { code: string };
}
interface Credentials {
  keyId: string;
  secret: string;
}

const MINUTE = 60_000;

forEachApp('API-key signed requests (domain §1 MPA signing)', (t) => {
  let acme: Customer;
  let globex: Customer;
  let ana: SignedIn;
  let reporting: Credentials;
  let admin: Credentials;

  async function newKey(who: SignedIn, groupId: string, roleId: string): Promise<Credentials> {
    const res = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${groupId}/api-keys`, headers: who.headers, payload: { name: `${roleId} key`, contact: 'ops@example.com', roleId } });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json<{ key: { id: string }; secret: string }>();
    return { keyId: body.key.id, secret: body.secret };
  }
  const childrenOf = (groupId: string) => t.db().selectFrom('access_groups').select('name').where('parent_id', '=', groupId).execute();
  const codeOf = (res: { json: <T>() => T }) => res.json<ErrorBody>().error.code;

  it('setup: acme with a Reporting key and an Admin key; globex', async () => {
    acme = await createCustomer(t.db(), { name: 'Acme', nowMs: t.clock.now });
    globex = await createCustomer(t.db(), { name: 'Globex', nowMs: t.clock.now });
    await createUser(t.db(), { email: 'ana@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: t.clock.now });
    ana = await signIn(t, 'ana@acme.example');
    reporting = await newKey(ana, acme.groupId, 'reporting');
    admin = await newKey(ana, acme.groupId, 'admin');
  });

  it('domain §1: a Reporting key reads the services it may see (HMAC-SHA1, scheme MPA), and its last use is recorded', async () => {
    const res = await signedInject(t, { ...reporting, method: 'GET', url: '/api/v1/services' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json<{ items: { scid: string }[] }>().items.map((s) => s.scid), [...acme.scids].sort());
    const row = await t.db().selectFrom('api_keys').select('last_used_at').where('id', '=', reporting.keyId).executeTakeFirstOrThrow();
    assert.equal(row.last_used_at, t.clock.now);
  });

  it('domain §1: the HMAC-SHA256 variant (scheme MPA-SHA256) is accepted too', async () => {
    const res = await signedInject(t, { ...reporting, method: 'GET', url: '/api/v1/access-groups', algorithm: 'sha256' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<{ items: { id: string }[] }>().items[0]?.id, acme.groupId);
  });

  it('domain §1: the signed path is the path without its query string', async () => {
    const { headers } = signed(t, { ...reporting, method: 'GET', url: '/api/v1/services' });
    const res = await t.inject({ method: 'GET', url: '/api/v1/services?any=thing', headers });
    assert.equal(res.statusCode, 200, res.body);
  });

  it('permissions: a signed request passes the same checks as a user — Reporting gets 403 on a write, Admin may make it', async () => {
    const payload = JSON.stringify({ name: 'Acme radio', scids: [acme.scids[0]] });
    const denied = await signedInject(t, { ...reporting, method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/children`, payload });
    assert.equal(denied.statusCode, 403, denied.body);
    assert.equal(codeOf(denied), 'FORBIDDEN');
    const keys = await signedInject(t, { ...reporting, method: 'GET', url: `/api/v1/access-groups/${acme.groupId}/api-keys` });
    assert.equal(keys.statusCode, 403, 'api-keys:manage is not a Reporting permission');
    assert.deepEqual(await childrenOf(acme.groupId), []);

    const made = await signedInject(t, { ...admin, method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/children`, payload });
    assert.equal(made.statusCode, 201, made.body);
    const id = made.json<{ id: string }>().id;
    const audit = await t.db().selectFrom('audit_log').selectAll().where('target_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(audit.api_key_id, admin.keyId, 'audited under the key');
    assert.equal(audit.actor_user_id, null);
  });

  it('isolation: a key of customer A gets 404 on customer B’s group, and nothing changes there', async () => {
    const payload = JSON.stringify({ name: 'intruder', scids: [] });
    const write = await signedInject(t, { ...admin, method: 'POST', url: `/api/v1/access-groups/${globex.groupId}/children`, payload });
    assert.equal(write.statusCode, 404, write.body);
    assert.equal(codeOf(write), 'NOT_FOUND');
    const read = await signedInject(t, { ...admin, method: 'GET', url: `/api/v1/access-groups/${globex.groupId}/api-keys` });
    assert.equal(read.statusCode, 404);
    assert.deepEqual(await childrenOf(globex.groupId), []);
  });

  it('domain §1 replay window: a Date more than 5 minutes off is refused (401 SIGNATURE_EXPIRED), in both directions', async () => {
    const start = t.clock.now;
    try {
      const old = signed(t, { ...reporting, method: 'GET', url: '/api/v1/services' });
      t.clock.now = start + 6 * MINUTE;
      const late = await old.send();
      assert.equal(late.statusCode, 401);
      assert.equal(codeOf(late), 'SIGNATURE_EXPIRED');
      const early = await signedInject(t, { ...reporting, method: 'GET', url: '/api/v1/services', dateMs: t.clock.now + 6 * MINUTE });
      assert.equal(codeOf(early), 'SIGNATURE_EXPIRED');
      const edge = await signedInject(t, { ...reporting, method: 'GET', url: '/api/v1/services', dateMs: t.clock.now - 5 * MINUTE });
      assert.equal(edge.statusCode, 200, 'exactly 5 minutes is still inside');
    } finally {
      t.clock.now = start;
    }
  });

  it('a forged signature, an unknown key id and a malformed header are 401 SIGNATURE_INVALID', async () => {
    const forged = await signedInject(t, { keyId: reporting.keyId, secret: 'cs_not-the-secret', method: 'GET', url: '/api/v1/services' });
    assert.equal(forged.statusCode, 401);
    assert.equal(codeOf(forged), 'SIGNATURE_INVALID');
    const unknown = await signedInject(t, { keyId: 'ck_aaaaaaaaaaaaaaaa', secret: reporting.secret, method: 'GET', url: '/api/v1/services' });
    assert.equal(unknown.statusCode, 401);
    assert.equal(codeOf(unknown), 'SIGNATURE_INVALID');
    const good = signed(t, { ...reporting, method: 'GET', url: '/api/v1/services' });
    const malformed = await t.inject({ method: 'GET', url: '/api/v1/services', headers: { ...good.headers, authorization: `MPA ${reporting.keyId}:not base64!` } });
    assert.equal(codeOf(malformed), 'SIGNATURE_INVALID');
    const noDate = await t.inject({ method: 'GET', url: '/api/v1/services', headers: { authorization: good.headers.authorization ?? '' } });
    assert.equal(codeOf(noDate), 'SIGNATURE_INVALID');
  });

  it('a body changed after signing, or another path, is 401 SIGNATURE_INVALID and nothing is created', async () => {
    const url = `/api/v1/access-groups/${acme.groupId}/children`;
    const original = signed(t, { ...admin, method: 'POST', url, payload: JSON.stringify({ name: 'signed', scids: [] }) });
    const tampered = await t.inject({ method: 'POST', url, headers: original.headers, payload: JSON.stringify({ name: 'tampered', scids: [] }) });
    assert.equal(tampered.statusCode, 401);
    assert.equal(codeOf(tampered), 'SIGNATURE_INVALID');
    const elsewhere = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${globex.groupId}/children`, headers: original.headers, payload: JSON.stringify({ name: 'signed', scids: [] }) });
    assert.equal(codeOf(elsewhere), 'SIGNATURE_INVALID');
    const asPut = await t.inject({ method: 'PUT', url, headers: original.headers, payload: JSON.stringify({ name: 'signed', scids: [] }) });
    assert.equal(asPut.statusCode, 401);
    assert.deepEqual((await childrenOf(acme.groupId)).map((c) => c.name).sort(), ['Acme radio']);
  });

  it('replay: a signed write is accepted once; the same request again is 401 SIGNATURE_INVALID (reads may repeat)', async () => {
    const url = `/api/v1/access-groups/${acme.groupId}/children`;
    const once = signed(t, { ...admin, method: 'POST', url, payload: JSON.stringify({ name: 'once', scids: [] }) });
    assert.equal((await once.send()).statusCode, 201);
    const replay = await once.send();
    assert.equal(replay.statusCode, 401);
    assert.equal(codeOf(replay), 'SIGNATURE_INVALID');
    // Re-spelling the scheme does not make it new.
    const respelled = await t.inject({ method: 'POST', url, headers: { ...once.headers, authorization: (once.headers.authorization ?? '').replace(/^MPA /, 'mpa  ') }, payload: JSON.stringify({ name: 'once', scids: [] }) });
    assert.equal(respelled.statusCode, 401);
    assert.deepEqual((await childrenOf(acme.groupId)).filter((c) => c.name === 'once').length, 1);
    const read = signed(t, { ...admin, method: 'GET', url: '/api/v1/services' });
    assert.equal((await read.send()).statusCode, 200);
    assert.equal((await read.send()).statusCode, 200);
  });

  it('domain §1: a disabled key is refused at once, and works again when enabled', async () => {
    const call = () => signedInject(t, { ...reporting, method: 'GET', url: '/api/v1/services', algorithm: 'sha256' });
    const off = await t.inject({ method: 'PATCH', url: `/api/v1/api-keys/${reporting.keyId}`, headers: ana.headers, payload: { status: 'disabled' } });
    assert.equal(off.statusCode, 200, off.body);
    const refused = await call();
    assert.equal(refused.statusCode, 401);
    assert.equal(codeOf(refused), 'SIGNATURE_INVALID');
    assert.equal((await t.inject({ method: 'PATCH', url: `/api/v1/api-keys/${reporting.keyId}`, headers: ana.headers, payload: { status: 'active' } })).statusCode, 200);
    assert.equal((await call()).statusCode, 200);
  });

  it('domain §1: a deleted key is refused', async () => {
    const doomed = await newKey(ana, acme.groupId, 'reporting');
    assert.equal((await t.inject({ method: 'DELETE', url: `/api/v1/api-keys/${doomed.keyId}`, headers: ana.headers })).statusCode, 200);
    const res = await signedInject(t, { ...doomed, method: 'GET', url: '/api/v1/services' });
    assert.equal(codeOf(res), 'SIGNATURE_INVALID');
  });

  it('an API key with api-keys:manage manages keys by signed requests too, within its own rights', async () => {
    const payload = JSON.stringify({ name: 'made by a key', contact: 'ops@example.com', roleId: 'reporting' });
    const res = await signedInject(t, { ...admin, method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/api-keys`, payload });
    assert.equal(res.statusCode, 201, res.body);
    const stronger = await signedInject(t, { ...admin, method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/api-keys`, payload: JSON.stringify({ name: 'root', contact: 'x', roleId: 'domain-admin' }) });
    assert.equal(stronger.statusCode, 403);
  });
});
