import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Activation } from '@candela/contract';
import { forEachApp } from '../../test-support/test-app.js';
import { createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { SignedIn } from '../../test-support/fixtures.js';
import { createConfiguration, documentWith } from './configuration.fixture.js';
import { newestSnapshot, served } from './snapshot.fixture.js';

interface ErrorBody {
  error: { code: string; details?: { pointer: string; code?: string; message: string }[] };
}

forEachApp('activations: slots, aliases and the snapshot', (t) => {
  let alice: SignedIn; // customer A, domain admin
  let gus: SignedIn; // customer B, domain admin
  let rita: SignedIn; // customer A, reporting (read-only)
  let aScid = '';
  let bScid = '';
  let aGroup = '';
  let main = ''; // A: v1 www.a.example, v2 www.a.example + img.a.example, v3 no properties
  let intruder = ''; // B: v1 www.a.example, v2 www.b.example

  const activate = (who: SignedIn, id: string, payload: Record<string, unknown>) => t.inject({ method: 'POST', url: `/api/v1/configurations/${id}/activations`, headers: who.headers, payload });

  it('setup: two customers, each with a configuration', async () => {
    const now = t.clock.now;
    const a = await createCustomer(t.db(), { name: 'Acme', nowMs: now });
    const b = await createCustomer(t.db(), { name: 'Globex', nowMs: now });
    aScid = a.scids[0]!;
    bScid = b.scids[0]!;
    aGroup = a.groupId;
    await createUser(t.db(), { email: 'alice@acme.example', grants: [{ groupId: a.groupId, roleId: 'domain-admin' }], nowMs: now });
    await createUser(t.db(), { email: 'rita@acme.example', grants: [{ groupId: a.groupId, roleId: 'reporting' }], nowMs: now });
    await createUser(t.db(), { email: 'gus@globex.example', grants: [{ groupId: b.groupId, roleId: 'domain-admin' }], language: 'es', nowMs: now });
    [alice, gus, rita] = [await signIn(t, 'alice@acme.example'), await signIn(t, 'gus@globex.example'), await signIn(t, 'rita@acme.example')];
    main = await createConfiguration(t.db(), { scid: aScid, name: 'Main', versions: [documentWith(['www.a.example']), documentWith(['www.a.example'], ['img.a.example']), documentWith()], nowMs: now });
    intruder = await createConfiguration(t.db(), { scid: bScid, name: 'Takeover', versions: [documentWith(['www.a.example']), documentWith(['www.b.example'])], nowMs: now });
  });

  it('production: 202, active at once with no edges online, and the snapshot serves the version', async () => {
    const res = await activate(alice, main, { target: 'production', version: 1, comment: 'first light' });
    assert.equal(res.statusCode, 202, res.body);
    const body = res.json<Activation>();
    assert.equal(body.status, 'active');
    assert.equal(body.edgesTotal, 0);
    assert.equal(body.version, 1);
    assert.equal(body.comment, 'first light');
    assert.equal(body.requestedBy, 'alice@acme.example');
    assert.equal(body.scid, aScid);
    const snapshot = await newestSnapshot(t.db());
    assert.equal(body.feedSeq, snapshot.seq);
    assert.equal(snapshot.version, snapshot.seq);
    assert.deepEqual(served(snapshot.properties), ['www.a.example@1']);
    assert.equal(snapshot.properties[0]!.scid, aScid);
    const aliases = await t.db().selectFrom('active_aliases').select(['alias', 'network', 'scid']).where('configuration_id', '=', main).execute();
    assert.deepEqual(aliases, [{ alias: 'www.a.example', network: 'production', scid: aScid }]);
    const audit = await t.db().selectFrom('audit_log').select(['action', 'access_group_id']).where('target_id', '=', main).execute();
    assert.deepEqual(audit, [{ action: 'activation.create', access_group_id: aGroup }]);
  });

  it('another customer cannot take an alias active in production: 409 naming only the alias', async () => {
    const res = await activate(gus, intruder, { target: 'production', version: 1 });
    assert.equal(res.statusCode, 409, res.body);
    const body = res.json<ErrorBody>();
    assert.equal(body.error.code, 'ALIAS_CONFLICT');
    assert.deepEqual(body.error.details?.map((d) => [d.pointer, d.code]), [['/version', 'activation.aliasTakenInProduction']]);
    assert.match(body.error.details?.[0]?.message ?? '', /"www\.a\.example"/);
    for (const secret of [main, 'Main', 'Acme', aScid, 'alice']) assert.ok(!res.body.includes(secret), `the answer mentions ${secret}`);
    // Nothing changed: no slots, no aliases, no feed event for B.
    assert.equal(await t.db().selectFrom('configuration_slots').select('configuration_id').where('configuration_id', '=', intruder).executeTakeFirst(), undefined);
    assert.equal((await newestSnapshot(t.db())).properties.length, 1);
  });

  it('nor stage it: an alias another service serves in production cannot be activated to staging (409, nothing changed)', async () => {
    const res = await activate(gus, intruder, { target: 'staging', version: 1 });
    assert.equal(res.statusCode, 409, res.body);
    const body = res.json<ErrorBody>();
    assert.equal(body.error.code, 'ALIAS_CONFLICT');
    assert.deepEqual(body.error.details?.map((d) => [d.pointer, d.code]), [['/version', 'activation.aliasTakenInProduction']]);
    assert.equal(await t.db().selectFrom('active_aliases').select('alias').where('configuration_id', '=', intruder).executeTakeFirst(), undefined);
    assert.equal((await newestSnapshot(t.db())).staging.length, 0);
  });

  it('the refusal is said in the caller’s language (gus reads Spanish)', async () => {
    const res = await activate(gus, intruder, { target: 'candidate', version: 1, percent: 5 });
    assert.equal(res.statusCode, 409);
    const body = res.json<ErrorBody & { error: { message: string } }>();
    assert.match(body.error.message, /ya está activo en otra configuración/);
    assert.equal(body.error.details?.[0]?.message, 'el alias "www.a.example" ya está activo en producción para otra configuración');
  });

  it('staging is a network of its own: the service serving an alias in production may stage it', async () => {
    const res = await activate(alice, main, { target: 'staging', version: 1 });
    assert.equal(res.statusCode, 202, res.body);
    const snapshot = await newestSnapshot(t.db());
    assert.deepEqual(served(snapshot.staging), ['www.a.example@1']);
    assert.deepEqual(served(snapshot.properties), ['www.a.example@1']);
  });

  it('canary: a candidate is its own slot in the snapshot, keyed by the configuration, and holds its aliases', async () => {
    const res = await activate(alice, main, { target: 'candidate', version: 2, percent: 10 });
    assert.equal(res.statusCode, 202, res.body);
    assert.deepEqual([res.json<Activation>().version, res.json<Activation>().percent], [2, 10]);
    const snapshot = await newestSnapshot(t.db());
    assert.deepEqual(served(snapshot.properties), ['www.a.example@1']);
    assert.equal(snapshot.candidates.length, 1);
    assert.equal(snapshot.candidates[0]!.key, main);
    assert.equal(snapshot.candidates[0]!.percent, 10);
    assert.deepEqual(served(snapshot.candidates[0]!.properties), ['www.a.example@2', 'img.a.example@2']);
    const held = await t.db().selectFrom('active_aliases').select('alias').where('configuration_id', '=', main).where('network', '=', 'production').orderBy('alias').execute();
    assert.deepEqual(held.map((h) => h.alias), ['img.a.example', 'www.a.example']);
  });

  it('candidate 0 % removes the candidate and frees the aliases only it held', async () => {
    const res = await activate(alice, main, { target: 'candidate', percent: 0 });
    assert.equal(res.statusCode, 202, res.body);
    assert.deepEqual([res.json<Activation>().version, res.json<Activation>().percent], [null, 0]);
    const snapshot = await newestSnapshot(t.db());
    assert.deepEqual(snapshot.candidates, []);
    const held = await t.db().selectFrom('active_aliases').select('alias').where('configuration_id', '=', main).where('network', '=', 'production').execute();
    assert.deepEqual(held.map((h) => h.alias), ['www.a.example']);
  });

  it('promote: the candidate becomes current; with no candidate, 409 NO_CANDIDATE', async () => {
    const none = await activate(alice, main, { target: 'promote' });
    assert.equal(none.statusCode, 409);
    assert.equal(none.json<ErrorBody>().error.code, 'NO_CANDIDATE');
    assert.equal((await activate(alice, main, { target: 'candidate', version: 2, percent: 50 })).statusCode, 202);
    const res = await activate(alice, main, { target: 'promote' });
    assert.equal(res.statusCode, 202, res.body);
    assert.deepEqual([res.json<Activation>().target, res.json<Activation>().version], ['promote', 2]);
    const snapshot = await newestSnapshot(t.db());
    assert.deepEqual(served(snapshot.properties), ['www.a.example@2', 'img.a.example@2']);
    assert.deepEqual(snapshot.candidates, []);
  });

  it('rollback = activate an older version: the snapshot serves it again and the newer aliases are freed', async () => {
    const res = await activate(alice, main, { target: 'production', version: 1, comment: 'roll back' });
    assert.equal(res.statusCode, 202, res.body);
    assert.deepEqual(served((await newestSnapshot(t.db())).properties), ['www.a.example@1']);
    const held = await t.db().selectFrom('active_aliases').select('alias').where('configuration_id', '=', main).where('network', '=', 'production').execute();
    assert.deepEqual(held.map((h) => h.alias), ['www.a.example']);
  });

  it('a version without properties makes the configuration inactive and frees its aliases for anyone', async () => {
    assert.equal((await activate(alice, main, { target: 'production', version: 3 })).statusCode, 202);
    assert.deepEqual((await newestSnapshot(t.db())).properties, []);
    // Still staged by A: another service may not take it in either network yet.
    assert.equal((await activate(gus, intruder, { target: 'production', version: 1 })).statusCode, 409);
    assert.equal((await activate(alice, main, { target: 'staging', version: 3 })).statusCode, 202);
    const res = await activate(gus, intruder, { target: 'production', version: 1 });
    assert.equal(res.statusCode, 202, res.body);
    assert.deepEqual(served((await newestSnapshot(t.db())).properties), ['www.a.example@1']);
    // Now A is the one refused.
    assert.equal((await activate(alice, main, { target: 'production', version: 1 })).json<ErrorBody>().error.code, 'ALIAS_CONFLICT');
  });

  it('an unknown version is a validation error at /version; bad bodies name the field', async () => {
    const res = await activate(alice, main, { target: 'production', version: 99 });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json<ErrorBody>().error.details?.map((d) => [d.pointer, d.code]), [['/version', 'configuration.versionUnknown']]);
    const noPercent = await activate(alice, main, { target: 'candidate', version: 1 });
    assert.equal(noPercent.statusCode, 400);
    assert.deepEqual(noPercent.json<ErrorBody>().error.details?.map((d) => d.pointer), ['/percent']);
  });

  it('read-only users may look but not activate (403); another customer gets 404 for everything', async () => {
    const denied = await activate(rita, main, { target: 'production', version: 1 });
    assert.equal(denied.statusCode, 403);
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/configurations/${main}/activations`, headers: rita.headers })).statusCode, 200);
    assert.equal((await activate(gus, main, { target: 'production', version: 1 })).statusCode, 404);
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/configurations/${main}/activations`, headers: gus.headers })).statusCode, 404);
    assert.equal((await activate(alice, 'cfg_missing', { target: 'production', version: 1 })).statusCode, 404);
  });

  it('the list is newest first and pages; one activation can be polled by id', async () => {
    const all = await t.inject({ method: 'GET', url: `/api/v1/configurations/${main}/activations?limit=200`, headers: alice.headers });
    const items = all.json<{ items: Activation[] }>().items;
    assert.ok(items.length >= 7);
    // The fixtures' clock stands still, so the newest-first order falls back on ids; move it for the last one.
    t.clock.now += 1_000;
    const latest = await activate(alice, main, { target: 'staging', version: 3 });
    assert.equal(latest.statusCode, 202, latest.body);
    const page1 = await t.inject({ method: 'GET', url: `/api/v1/configurations/${main}/activations?limit=2`, headers: alice.headers });
    const first = page1.json<{ items: Activation[]; nextCursor: string }>();
    assert.equal(first.items[0]!.id, latest.json<Activation>().id);
    const page2 = await t.inject({ method: 'GET', url: `/api/v1/configurations/${main}/activations?limit=200&cursor=${first.nextCursor}`, headers: alice.headers });
    const rest = page2.json<{ items: Activation[]; nextCursor: string | null }>();
    assert.equal(rest.nextCursor, null);
    assert.equal(rest.items.length + 2, items.length + 1);
    assert.ok(!rest.items.some((i) => first.items.some((f) => f.id === i.id)));
    const one = await t.inject({ method: 'GET', url: `/api/v1/activations/${first.items[0]!.id}`, headers: rita.headers });
    assert.equal(one.statusCode, 200);
    assert.equal(one.json<Activation>().target, 'staging');
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/activations/${first.items[0]!.id}`, headers: gus.headers })).statusCode, 404);
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/configurations/${main}/activations?cursor=bogus`, headers: alice.headers })).statusCode, 400);
  });

  it('the property registry lists what is active where, for the caller’s own services only', async () => {
    const images = await createConfiguration(t.db(), { scid: aScid, name: 'Images', versions: [documentWith(['img.a.example', 'i.a.example'])], nowMs: t.clock.now });
    assert.equal((await activate(alice, images, { target: 'production', version: 1 })).statusCode, 202);
    assert.equal((await activate(alice, images, { target: 'candidate', version: 1, percent: 5 })).statusCode, 202);
    const res = await t.inject({ method: 'GET', url: `/api/v1/access-groups/${aGroup}/property-registry`, headers: rita.headers });
    assert.equal(res.statusCode, 200, res.body);
    // Main is deployed without properties (inactive), so only Images is listed.
    assert.deepEqual(res.json<{ items: unknown[] }>().items, [
      { primaryAlias: 'img.a.example', aliases: ['img.a.example', 'i.a.example'], scid: aScid, configurationId: images, configurationName: 'Images', staging: null, productionCurrent: 1, productionCandidate: { version: 1, percent: 5 } },
    ]);
    assert.equal((await t.inject({ method: 'GET', url: `/api/v1/access-groups/${aGroup}/property-registry`, headers: gus.headers })).statusCode, 404);
  });
});
