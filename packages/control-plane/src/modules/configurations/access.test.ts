import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { Configuration, ConfigurationVersion } from '@candela/contract';
import { forEachApp } from '../../test-support/test-app.js';
import { createChildGroup, createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { Customer, SignedIn } from '../../test-support/fixtures.js';
import { signedInject } from '../api-keys/test-signing.js';
import { documentInput } from './test-documents.js';

function codeOf(res: LightMyRequestResponse): string {
  return res.json<{ error: { code: string } }>().error.code;
}

forEachApp('configurations API: who may read and write', (t) => {
  let acme: Customer;
  let globex: Customer;
  let cfg: Configuration;
  const people: Record<string, SignedIn> = {};

  const reads = () => [
    `/api/v1/services/${cfg.scid}/configurations`,
    `/api/v1/configurations/${cfg.id}`,
    `/api/v1/configurations/${cfg.id}/versions`,
    `/api/v1/configurations/${cfg.id}/versions/1`,
    `/api/v1/configurations/${cfg.id}/diff?from=1&to=1`,
  ];
  const createIn = (who: SignedIn, scid: string, name: string) => t.inject({ method: 'POST', url: `/api/v1/services/${scid}/configurations`, headers: who.headers, payload: { name, document: documentInput() } });
  const saveAs = (who: SignedIn, baseVersion: number) => t.inject({ method: 'POST', url: `/api/v1/configurations/${cfg.id}/versions`, headers: who.headers, payload: { baseVersion, document: documentInput() } });

  it('setup: Acme with a child group holding one service, users of every kind, and a configuration', async () => {
    const now = t.clock.now;
    acme = await createCustomer(t.db(), { name: 'Acme', nowMs: now });
    globex = await createCustomer(t.db(), { name: 'Globex', nowMs: now });
    const child = await createChildGroup(t.db(), { parentId: acme.groupId, name: 'Acme video', scids: [acme.scids[0]!], nowMs: now });
    const users: [string, string, string][] = [
      ['dora', acme.groupId, 'domain-admin'],
      ['ed', acme.groupId, 'configuration-editor'],
      ['rita', acme.groupId, 'reporting'],
      ['bill', acme.groupId, 'billing'],
      ['vic', child, 'configuration-editor'],
      ['gus', globex.groupId, 'domain-admin'],
    ];
    for (const [name, groupId, roleId] of users) {
      await createUser(t.db(), { email: `${name}@example.com`, grants: [{ groupId, roleId }], nowMs: now });
      people[name] = await signIn(t, `${name}@example.com`);
    }
    for (const [name, staffRole] of [['tess', 'tsc-technician'], ['bea', 'bcc-specialist']] as const) {
      await createUser(t.db(), { email: `${name}@candela.test`, staffRole, nowMs: now });
      people[name] = await signIn(t, `${name}@candela.test`);
    }
    const res = await createIn(people['ed']!, acme.scids[0]!, 'Site');
    assert.equal(res.statusCode, 201, res.body);
    cfg = res.json<Configuration>();
  });

  it('domain §1 Reporting (read-only) reads configurations, versions and diffs but cannot write: 403', async () => {
    for (const url of reads()) {
      const res = await t.inject({ method: 'GET', url, headers: people['rita']!.headers });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    }
    const created = await createIn(people['rita']!, acme.scids[0]!, 'Rita draft');
    assert.equal(created.statusCode, 403, created.body);
    assert.equal(codeOf(created), 'FORBIDDEN');
    const saved = await saveAs(people['rita']!, 1);
    assert.equal(saved.statusCode, 403, saved.body);
    assert.equal((await t.db().selectFrom('configurations').select('id').where('name', '=', 'Rita draft').execute()).length, 0);
  });

  it('a role without configurations:view (Billing) gets 403 on every read and write of its own customer', async () => {
    for (const url of reads()) {
      const res = await t.inject({ method: 'GET', url, headers: people['bill']!.headers });
      assert.equal(res.statusCode, 403, `${url}: ${res.body}`);
      assert.equal(codeOf(res), 'FORBIDDEN');
    }
    assert.equal((await createIn(people['bill']!, acme.scids[0]!, 'Bill draft')).statusCode, 403);
  });

  it('a Domain admin and a Configuration editor write', async () => {
    const saved = await saveAs(people['dora']!, 1);
    assert.equal(saved.statusCode, 201, saved.body);
    assert.equal(saved.json<ConfigurationVersion>().createdBy, 'dora@example.com');
  });

  it('domain §1 a child group’s editor configures the services the group holds, and sees no other (404)', async () => {
    const own = await createIn(people['vic']!, acme.scids[0]!, 'Video');
    assert.equal(own.statusCode, 201, own.body);
    const list = await t.inject({ method: 'GET', url: `/api/v1/services/${acme.scids[0]}/configurations`, headers: people['vic']!.headers });
    assert.deepEqual(list.json<{ items: Configuration[] }>().items.map((c) => c.name), ['Site', 'Video']);
    const other = await createIn(people['vic']!, acme.scids[1]!, 'Elsewhere');
    assert.equal(other.statusCode, 404, other.body);
    const otherList = await t.inject({ method: 'GET', url: `/api/v1/services/${acme.scids[1]}/configurations`, headers: people['vic']!.headers });
    assert.equal(otherList.statusCode, 404);
  });

  it('another customer’s SCID and configuration are 404 for reads and writes', async () => {
    for (const url of reads()) {
      const res = await t.inject({ method: 'GET', url, headers: people['gus']!.headers });
      assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
    }
    assert.equal((await createIn(people['gus']!, acme.scids[0]!, 'Hijack')).statusCode, 404);
    assert.equal((await saveAs(people['gus']!, 2)).statusCode, 404);
  });

  it('an API key acts with its role: a Reporting key reads and may not write', async () => {
    const key = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${acme.groupId}/api-keys`, headers: people['dora']!.headers, payload: { name: 'reader', contact: 'dora@example.com', roleId: 'reporting' } });
    assert.equal(key.statusCode, 201, key.body);
    const { key: { id: keyId }, secret } = key.json<{ key: { id: string }; secret: string }>();
    t.clock.now += 1_000;
    const read = await signedInject(t, { keyId, secret, method: 'GET', url: `/api/v1/configurations/${cfg.id}` });
    assert.equal(read.statusCode, 200, read.body);
    t.clock.now += 1_000;
    const write = await signedInject(t, { keyId, secret, method: 'POST', url: `/api/v1/services/${acme.scids[0]}/configurations`, payload: JSON.stringify({ name: 'By key', document: documentInput() }) });
    assert.equal(write.statusCode, 403, write.body);
  });

  it('staff with configurations:view (TSC) read a customer’s configurations, and each read is in the customer’s audit log', async () => {
    const before = await t.db().selectFrom('audit_log').select('id').where('action', '=', 'staff.read').execute();
    for (const url of reads()) {
      const res = await t.inject({ method: 'GET', url, headers: people['tess']!.headers });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    }
    const entries = await t.db().selectFrom('audit_log').selectAll().where('action', '=', 'staff.read').where('target_type', '=', 'configuration').execute();
    assert.equal(entries.length - before.length, reads().length);
    assert.ok(entries.every((e) => e.access_group_id === acme.groupId));
    // A customer's own reads write nothing.
    await t.inject({ method: 'GET', url: reads()[1]!, headers: people['rita']!.headers });
    assert.equal((await t.db().selectFrom('audit_log').select('id').where('action', '=', 'staff.read').execute()).length, entries.length);
  });

  it('staff never write a customer’s configuration; staff without configurations:view (BCC) do not read it', async () => {
    assert.equal((await createIn(people['tess']!, acme.scids[0]!, 'Staff made')).statusCode, 403);
    assert.equal((await saveAs(people['tess']!, 2)).statusCode, 403);
    const bcc = await t.inject({ method: 'GET', url: reads()[0]!, headers: people['bea']!.headers });
    assert.equal(bcc.statusCode, 403, bcc.body);
  });

  it('domain §1 mimic: a version saved while mimicking names both people, and the audit entry both users', async () => {
    const ed = await t.db().selectFrom('users').select('id').where('email', '=', 'ed@example.com').executeTakeFirstOrThrow();
    const start = await t.inject({ method: 'POST', url: '/api/v1/mimic', headers: people['dora']!.headers, payload: { userId: ed.id } });
    assert.equal(start.statusCode, 200, start.body);
    const saved = await saveAs(people['dora']!, 2);
    assert.equal(saved.statusCode, 201, saved.body);
    assert.equal(saved.json<ConfigurationVersion>().createdBy, 'dora@example.com as ed@example.com');
    const entry = await t.db().selectFrom('audit_log').selectAll().where('target_id', '=', cfg.id).where('action', '=', 'configuration.save-version').orderBy('at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(entry.acting_as_user_id, ed.id);
    await t.inject({ method: 'DELETE', url: '/api/v1/mimic', headers: people['dora']!.headers });
  });
});
