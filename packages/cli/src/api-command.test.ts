// `candela api` against a real control plane on a loopback port: the CLI's own signer (api-command.ts) must
// agree with the server's verifier byte for byte, for both algorithms, with and without a body.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { forEachApp } from '../../control-plane/src/test-support/test-app.js';
import { createCustomer, createUser, signIn } from '../../control-plane/src/test-support/fixtures.js';
import type { Customer } from '../../control-plane/src/test-support/fixtures.js';
import { apiCommand, apiCredentials, apiTarget } from './api-command.js';
import type { ApiCommandIo, ApiCommandOptions } from './api-command.js';

it('apiTarget: paths are relative to /api/v1 unless already under it', () => {
  assert.equal(apiTarget('/services'), '/api/v1/services');
  assert.equal(apiTarget('services?limit=2'), '/api/v1/services?limit=2');
  assert.equal(apiTarget('/api/v1/services'), '/api/v1/services');
});

it('apiCredentials: flags win over CANDELA_API_KEY_ID / CANDELA_API_KEY_SECRET; either missing is a usage error', () => {
  const env = { CANDELA_API_KEY_ID: 'ck_env', CANDELA_API_KEY_SECRET: 'cs_env' };
  assert.deepEqual(apiCredentials({}, env), { keyId: 'ck_env', secret: 'cs_env' });
  assert.deepEqual(apiCredentials({ keyId: 'ck_flag', secret: 'cs_flag' }, env), { keyId: 'ck_flag', secret: 'cs_flag' });
  assert.match(apiCredentials({}, { CANDELA_API_KEY_ID: 'ck_env' }) as string, /CANDELA_API_KEY_SECRET/);
  assert.match(apiCredentials({ secret: 's' }, {}) as string, /--key-id/);
});

forEachApp('candela api (signed requests over a real socket)', (t) => {
  let acme: Customer;
  let url: string;
  let keyId: string;
  let secret: string;

  /** Runs the command as the CLI would, capturing what it prints. */
  async function cli(method: string, path: string, options: ApiCommandOptions = {}, env: ApiCommandIo['env'] = { CANDELA_API_KEY_ID: keyId, CANDELA_API_KEY_SECRET: secret }) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await apiCommand(method, path, { url, ...options }, { env, now: () => new Date(t.clock.now), out: (s) => out.push(s), err: (s) => err.push(s) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  before(async () => {
    await t.app().listen({ host: '127.0.0.1', port: 0 });
    const address = t.app().server.address();
    assert.ok(typeof address === 'object' && address !== null);
    url = `http://127.0.0.1:${address.port}`;
  });

  it('setup: a customer, its domain admin and an Admin API key', async () => {
    acme = await createCustomer(t.db(), { name: 'Acme', nowMs: t.clock.now });
    await createUser(t.db(), { email: 'ana@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: t.clock.now });
    const ana = await signIn(t, 'ana@acme.example');
    const res = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/api-keys`, headers: ana.headers, payload: { name: 'cli', contact: 'ana@acme.example', roleId: 'admin' } });
    assert.equal(res.statusCode, 201, res.body);
    ({ key: { id: keyId }, secret } = res.json<{ key: { id: string }; secret: string }>());
  });

  it('GET signed with HMAC-SHA1 from the environment prints the JSON answer and exits 0', async () => {
    const { code, out, err } = await cli('get', '/services');
    assert.equal(code, 0, err);
    const body = JSON.parse(out) as { items: { scid: string }[] };
    assert.deepEqual(body.items.map((s) => s.scid), [...acme.scids].sort());
  });

  it('POST with --data, signed with --sha256 and flags, is accepted and acts', async () => {
    const data = JSON.stringify({ name: 'From the CLI', scids: [acme.scids[0]] });
    const { code, out, err } = await cli('POST', `/access-groups/${acme.groupId}/children`, { data, sha256: true, keyId, secret }, {});
    assert.equal(code, 0, err);
    const created = JSON.parse(out) as { id: string; name: string };
    assert.equal(created.name, 'From the CLI');
    const row = await t.db().selectFrom('access_groups').select('parent_id').where('id', '=', created.id).executeTakeFirst();
    assert.equal(row?.parent_id, acme.groupId);
  });

  it('an error answer is printed and the exit status is 1 (≥ 400)', async () => {
    const missing = await cli('PATCH', '/api-keys/ck_aaaaaaaaaaaaaaaa', { data: '{"name":"x"}' });
    assert.equal(missing.code, 1);
    assert.equal((JSON.parse(missing.out) as { error: { code: string } }).error.code, 'NOT_FOUND');
    assert.match(missing.err, /HTTP 404/);
    const wrongSecret = await cli('GET', '/services', {}, { CANDELA_API_KEY_ID: keyId, CANDELA_API_KEY_SECRET: 'cs_wrong' });
    assert.equal(wrongSecret.code, 1);
    assert.equal((JSON.parse(wrongSecret.out) as { error: { code: string } }).error.code, 'SIGNATURE_INVALID');
  });

  it('usage errors exit 2 without sending anything', async () => {
    assert.equal((await cli('GET', '/services', {}, {})).code, 2);
    assert.equal((await cli('FETCH', '/services')).code, 2);
    assert.equal((await cli('POST', '/services', { data: '{not json' })).code, 2);
    const down = await cli('GET', '/services', { url: 'http://127.0.0.1:1' });
    assert.equal(down.code, 2);
    assert.match(down.err, /no answer/);
  });
});
