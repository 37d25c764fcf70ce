import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Configuration, ConfigurationVersion } from '@candela/contract';
import { forEachApp } from '../../test-support/test-app.js';
import { createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { Customer, SignedIn } from '../../test-support/fixtures.js';
import { documentInput, parsedDocument, property } from './test-documents.js';

interface ErrorBody {
  error: { code: string; details?: { pointer: string; code?: string; message: string }[] };
}

forEachApp('configurations API: create, list, read', (t) => {
  let acme: Customer;
  let ana: SignedIn; // acme configuration editor
  let created: Configuration;

  const listUrl = (scid: string) => `/api/v1/services/${scid}/configurations`;
  const create = (who: SignedIn, scid: string, body: unknown) => t.inject({ method: 'POST', url: listUrl(scid), headers: who.headers, payload: body as object });

  it('setup: a customer with two services and a configuration editor', async () => {
    acme = await createCustomer(t.db(), { name: 'Acme', nowMs: t.clock.now });
    await createUser(t.db(), { email: 'ana@acme.example', grants: [{ groupId: acme.groupId, roleId: 'configuration-editor' }], nowMs: t.clock.now });
    ana = await signIn(t, 'ana@acme.example');
  });

  it('a service without configurations lists none', async () => {
    const res = await t.inject({ method: 'GET', url: listUrl(acme.scids[0]!), headers: ana.headers });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { items: [] });
  });

  it('domain §2: creating a configuration answers 201 at version 1 and stores the validated document', async () => {
    const res = await create(ana, acme.scids[0]!, { name: ' Production site ', comment: 'first cut', document: documentInput() });
    assert.equal(res.statusCode, 201, res.body);
    created = res.json<Configuration>();
    assert.match(created.id, /^cfg_/);
    assert.deepEqual({ ...created, id: '' }, {
      id: '',
      scid: acme.scids[0],
      name: 'Production site',
      latestVersion: 1,
      createdAt: new Date(t.clock.now).toISOString(),
      createdBy: 'ana@acme.example',
      slots: { staging: null, production: { current: null, candidate: null } },
    });
    const row = await t.db().selectFrom('configuration_versions').selectAll().where('configuration_id', '=', created.id).executeTakeFirstOrThrow();
    assert.equal(row.version, 1);
    assert.equal(row.comment, 'first cut');
    // Stored with its defaults filled in, so a later diff never shows a default as a change.
    assert.deepEqual(JSON.parse(row.document), parsedDocument());
  });

  it('the creation is audited: who, what, a summary of the version', async () => {
    const entry = await t.db().selectFrom('audit_log').selectAll().where('target_id', '=', created.id).executeTakeFirstOrThrow();
    assert.equal(entry.action, 'configuration.create');
    assert.equal(entry.access_group_id, acme.groupId);
    assert.equal(entry.target_type, 'configuration');
    assert.ok(entry.actor_user_id?.startsWith('usr_'));
    assert.equal(entry.before_json, null);
    assert.deepEqual(JSON.parse(entry.after_json ?? 'null'), { scid: acme.scids[0], name: 'Production site', version: 1, comment: 'first cut', properties: ['www.example.com'] });
  });

  it('the list and the configuration show it; slots come from configuration_slots', async () => {
    await t.db().insertInto('configuration_slots').values({ configuration_id: created.id, staging_version: 1, current_version: 1, candidate_version: null, candidate_percent: null, updated_at: t.clock.now }).execute();
    const list = await t.inject({ method: 'GET', url: listUrl(acme.scids[0]!), headers: ana.headers });
    assert.equal(list.statusCode, 200, list.body);
    const slots = { staging: { version: 1 }, production: { current: { version: 1 }, candidate: null } };
    assert.deepEqual(list.json(), { items: [{ ...created, slots }] });
    const one = await t.inject({ method: 'GET', url: `/api/v1/configurations/${created.id}`, headers: ana.headers });
    assert.equal(one.statusCode, 200, one.body);
    assert.deepEqual(one.json(), { ...created, slots });
    await t.db().updateTable('configuration_slots').set({ candidate_version: 1, candidate_percent: 5 }).where('configuration_id', '=', created.id).execute();
    const canary = await t.inject({ method: 'GET', url: `/api/v1/configurations/${created.id}`, headers: ana.headers });
    assert.deepEqual(canary.json<Configuration>().slots.production.candidate, { version: 1, percent: 5 });
  });

  it('a configuration name is unique per service: 409 CONFLICT at /name; another service may use it', async () => {
    const again = await create(ana, acme.scids[0]!, { name: 'Production site', document: documentInput() });
    assert.equal(again.statusCode, 409, again.body);
    const body = again.json<ErrorBody>();
    assert.equal(body.error.code, 'CONFLICT');
    assert.deepEqual(body.error.details?.map((d) => [d.pointer, d.code]), [['/name', 'configuration.nameTaken']]);
    const other = await create(ana, acme.scids[1]!, { name: 'Production site', document: documentInput() });
    assert.equal(other.statusCode, 201, other.body);
    const count = await t.db().selectFrom('configurations').select('id').where('scid', '=', acme.scids[0]!).execute();
    assert.equal(count.length, 1, 'the refused one left nothing behind');
  });

  it('save as: the document of a version posted under a new name is a new configuration at version 1', async () => {
    const v1 = await t.inject({ method: 'GET', url: `/api/v1/configurations/${created.id}/versions/1`, headers: ana.headers });
    assert.equal(v1.statusCode, 200, v1.body);
    const res = await create(ana, acme.scids[0]!, { name: 'Production site copy', comment: 'save as', document: v1.json<ConfigurationVersion>().document });
    assert.equal(res.statusCode, 201, res.body);
    const copy = res.json<Configuration>();
    assert.notEqual(copy.id, created.id);
    assert.equal(copy.latestVersion, 1);
    const copied = await t.inject({ method: 'GET', url: `/api/v1/configurations/${copy.id}/versions/1`, headers: ana.headers });
    assert.deepEqual(copied.json<ConfigurationVersion>().document, v1.json<ConfigurationVersion>().document);
    const names = (await t.inject({ method: 'GET', url: listUrl(acme.scids[0]!), headers: ana.headers })).json<{ items: Configuration[] }>().items.map((c) => c.name);
    assert.deepEqual(names, ['Production site', 'Production site copy'], 'listed by name');
  });

  it('a bad document answers 400 VALIDATION_FAILED with every problem at its JSON pointer in the body', async () => {
    const doc = documentInput([property(['www.bad.example', 'shop.example']), property(['Shop_Bad', 'shop.example'], '10s')]) as { properties: Record<string, unknown>[] };
    doc.properties[0]!['defaults'] = { responseHeaders: { definition: 'nope' } };
    (doc.properties[1]!['origin'] as Record<string, unknown>)['port'] = 'eighty';
    const res = await t.inject({ method: 'POST', url: listUrl(acme.scids[0]!), headers: { ...ana.headers, 'accept-language': 'es' }, payload: { name: 'bad one!', document: doc } });
    assert.equal(res.statusCode, 400, res.body);
    const body = res.json<ErrorBody>();
    assert.equal(body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(body.error.details?.map((d) => d.pointer).sort(), [
      '/document/properties/0/defaults/responseHeaders/definition',
      '/document/properties/1/aliases/0',
      '/document/properties/1/aliases/1',
      '/document/properties/1/defaults/cacheControl/internal/ttl',
      '/document/properties/1/origin/port',
      '/name',
    ]);
    const unknown = body.error.details?.find((d) => d.code === 'definition.unknown');
    assert.equal(unknown?.message, 'no headers definition named "nope"', 'ana reads English');
    const names = await t.db().selectFrom('configurations').select('name').where('name', '=', 'bad one!').execute();
    assert.deepEqual(names, []);
  });

  it('hints are in the caller’s language', async () => {
    await createUser(t.db(), { email: 'eva@acme.example', grants: [{ groupId: acme.groupId, roleId: 'configuration-editor' }], language: 'es', nowMs: t.clock.now });
    const eva = await signIn(t, 'eva@acme.example');
    const res = await create(eva, acme.scids[0]!, { name: 'Production site', document: documentInput([property(['a.example.com'], '5s')]) });
    const body = res.json<ErrorBody>();
    assert.deepEqual(body.error.details?.map((d) => [d.pointer, d.message]), [['/document/properties/0/defaults/cacheControl/internal/ttl', 'el TTL mínimo es 30s']]);
    const taken = await create(eva, acme.scids[0]!, { name: 'Production site', document: documentInput() });
    assert.equal(taken.json<ErrorBody>().error.details?.[0]?.message, 'otra configuración de este servicio ya tiene este nombre');
  });

  it('unknown SCIDs and configuration ids are 404; a malformed SCID is 400 at /params/scid', async () => {
    const none = await t.inject({ method: 'GET', url: listUrl('ZZZZZZZZZ'), headers: ana.headers });
    assert.equal(none.statusCode, 404);
    const bad = await t.inject({ method: 'GET', url: listUrl('lower'), headers: ana.headers });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json<ErrorBody>().error.details?.map((d) => d.pointer), ['/params/scid']);
    const missing = await t.inject({ method: 'GET', url: '/api/v1/configurations/cfg_nope', headers: ana.headers });
    assert.equal(missing.statusCode, 404);
  });
});
