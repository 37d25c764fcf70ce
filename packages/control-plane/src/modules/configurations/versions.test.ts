import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Configuration, ConfigurationDiff, ConfigurationVersion, VersionSummary } from '@candela/contract';
import { forEachApp } from '../../test-support/test-app.js';
import { createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { SignedIn } from '../../test-support/fixtures.js';
import * as repository from './repository.js';
import { documentInput, property } from './test-documents.js';

interface ErrorBody {
  error: { code: string; details?: { pointer: string; code?: string; message: string }[] };
}

forEachApp('configurations API: versions, conflicts, immutability, diff', (t) => {
  let ana: SignedIn;
  let cfg: Configuration;

  const versionsUrl = () => `/api/v1/configurations/${cfg.id}/versions`;
  const save = (body: unknown, who: SignedIn = ana) => t.inject({ method: 'POST', url: versionsUrl(), headers: who.headers, payload: body as object });
  const versionRows = () => t.db().selectFrom('configuration_versions').selectAll().where('configuration_id', '=', cfg.id).orderBy('version').execute();

  it('setup: a configuration at version 1 with one property', async () => {
    const acme = await createCustomer(t.db(), { name: 'Acme', nowMs: t.clock.now });
    await createUser(t.db(), { email: 'ana@acme.example', grants: [{ groupId: acme.groupId, roleId: 'configuration-editor' }], nowMs: t.clock.now });
    ana = await signIn(t, 'ana@acme.example');
    const res = await t.inject({ method: 'POST', url: `/api/v1/services/${acme.scids[0]}/configurations`, headers: ana.headers, payload: { name: 'Site', comment: 'v1', document: documentInput([property(['www.example.com', 'example.com'])]) } });
    assert.equal(res.statusCode, 201, res.body);
    cfg = res.json<Configuration>();
  });

  it('domain §2 save: the next version is numbered 2, with its comment and author; the configuration moves on', async () => {
    t.clock.now += 60_000;
    const res = await save({ baseVersion: 1, comment: 'longer TTL, new host', document: documentInput([property(['www.example.com', 'example.com'], '1h'), property(['cdn.example.com'])]) });
    assert.equal(res.statusCode, 201, res.body);
    const v2 = res.json<ConfigurationVersion>();
    assert.deepEqual({ ...v2, document: null }, { configurationId: cfg.id, version: 2, comment: 'longer TTL, new host', createdAt: new Date(t.clock.now).toISOString(), createdBy: 'ana@acme.example', properties: ['www.example.com', 'cdn.example.com'], document: null });
    assert.equal(v2.document.properties[0]!.defaults.cacheControl?.internal.policy, 'ttl');
    const now = await t.inject({ method: 'GET', url: `/api/v1/configurations/${cfg.id}`, headers: ana.headers });
    assert.equal(now.json<Configuration>().latestVersion, 2);
    const entry = await t.db().selectFrom('audit_log').selectAll().where('target_id', '=', cfg.id).where('action', '=', 'configuration.save-version').executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(entry.before_json ?? 'null'), { version: 1, properties: ['www.example.com'] });
    assert.deepEqual(JSON.parse(entry.after_json ?? 'null'), { version: 2, comment: 'longer TTL, new host', properties: ['www.example.com', 'cdn.example.com'], changes: 2 });
  });

  it('two editors: saving from an older base answers 409 VERSION_CONFLICT and writes nothing', async () => {
    const before = await versionRows();
    const res = await save({ baseVersion: 1, comment: 'stale edit', document: documentInput() });
    assert.equal(res.statusCode, 409, res.body);
    const body = res.json<ErrorBody>();
    assert.equal(body.error.code, 'VERSION_CONFLICT');
    assert.deepEqual(body.error.details?.map((d) => [d.pointer, d.code]), [['/baseVersion', 'configuration.versionConflict']]);
    assert.match(body.error.details?.[0]?.message ?? '', /version 2 was saved after version 1/);
    assert.deepEqual(await versionRows(), before);
  });

  it('two saves from the same base at once: exactly one wins, the other gets VERSION_CONFLICT', async () => {
    const doc = (ttl: string) => ({ baseVersion: 2, document: documentInput([property(['www.example.com'], ttl)]) });
    const answers = await Promise.all([save(doc('2h')), save(doc('3h'))]);
    assert.deepEqual(answers.map((r) => r.statusCode).sort(), [201, 409]);
    assert.deepEqual((await versionRows()).map((r) => r.version), [1, 2, 3]);
  });

  it('a baseVersion that does not exist yet is 400 at /baseVersion', async () => {
    const res = await save({ baseVersion: 9, document: documentInput() });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(res.json<ErrorBody>().error.details?.map((d) => [d.pointer, d.code]), [['/baseVersion', 'configuration.versionUnknown']]);
  });

  it('domain §2 primary alias: a new version may not demote one; 400 at the alias’s pointer', async () => {
    const res = await save({ baseVersion: 3, document: documentInput([property(['example.com', 'www.example.com'])]) });
    assert.equal(res.statusCode, 400, res.body);
    const body = res.json<ErrorBody>();
    assert.equal(body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(body.error.details?.map((d) => [d.pointer, d.code]), [['/document/properties/0/aliases/1', 'configuration.primaryAliasFixed']]);
    assert.deepEqual((await versionRows()).map((r) => r.version), [1, 2, 3]);
  });

  it('immutability: no route changes or deletes a version, and a saved version reads the same ever after', async () => {
    const v1 = await t.inject({ method: 'GET', url: `${versionsUrl()}/1`, headers: ana.headers });
    const rowsBefore = await versionRows();
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const res = await t.inject({ method, url: `${versionsUrl()}/1`, headers: ana.headers, payload: { comment: 'rewritten', document: documentInput([property(['evil.example.com'])]) } });
      assert.equal(res.statusCode, 404, `${method}: ${res.body}`);
    }
    const res = await t.inject({ method: 'PUT', url: `/api/v1/configurations/${cfg.id}`, headers: ana.headers, payload: {} });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(await versionRows(), rowsBefore);
    assert.equal((await t.inject({ method: 'GET', url: `${versionsUrl()}/1`, headers: ana.headers })).body, v1.body);
    // A save always adds a number after the latest; there is no way to aim it at an existing version.
    const saved = await save({ baseVersion: 3, comment: 'not a rewrite', document: documentInput() });
    assert.equal(saved.json<ConfigurationVersion>().version, 4);
    assert.deepEqual((await versionRows()).slice(0, 3), rowsBefore);
  });

  it('immutability: the repository offers no update or delete of a version', () => {
    const exported = Object.keys(repository);
    assert.deepEqual(exported.filter((name) => /update|delete|remove|replace|upsert/i.test(name)), []);
    assert.deepEqual(exported.filter((name) => /version/i.test(name)).sort(), ['advanceLatestVersion', 'findVersion', 'insertVersion', 'versionsPage']);
    // And the schema types make such a query a compile error (checked by tsc over this file):
    const attempt = () =>
      t
        .db()
        .updateTable('configuration_versions')
        // @ts-expect-error configuration_versions has no updatable column
        .set({ document: '{}' });
    assert.equal(typeof attempt, 'function');
  });

  it('the history is newest first and paged with an opaque cursor', async () => {
    const first = await t.inject({ method: 'GET', url: `${versionsUrl()}?limit=3`, headers: ana.headers });
    assert.equal(first.statusCode, 200, first.body);
    const page = first.json<{ items: VersionSummary[]; nextCursor: string | null }>();
    assert.deepEqual(page.items.map((v) => v.version), [4, 3, 2]);
    assert.deepEqual(page.items[2]?.properties, ['www.example.com', 'cdn.example.com']);
    assert.equal('document' in (page.items[0] ?? {}), false, 'lists carry summaries, not documents');
    assert.ok(page.nextCursor !== null);
    const second = await t.inject({ method: 'GET', url: `${versionsUrl()}?limit=3&cursor=${page.nextCursor}`, headers: ana.headers });
    const rest = second.json<{ items: VersionSummary[]; nextCursor: string | null }>();
    assert.deepEqual(rest.items.map((v) => v.version), [1]);
    assert.equal(rest.nextCursor, null);
    const bad = await t.inject({ method: 'GET', url: `${versionsUrl()}?cursor=bogus`, headers: ana.headers });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json<ErrorBody>().error.details?.map((d) => d.pointer), ['/querystring/cursor']);
  });

  it('one version with its document; an unknown one is 404', async () => {
    const v2 = await t.inject({ method: 'GET', url: `${versionsUrl()}/2`, headers: ana.headers });
    assert.equal(v2.statusCode, 200, v2.body);
    assert.deepEqual(v2.json<ConfigurationVersion>().document.properties.map((p) => p.aliases), [['www.example.com', 'example.com'], ['cdn.example.com']]);
    assert.equal((await t.inject({ method: 'GET', url: `${versionsUrl()}/99`, headers: ana.headers })).statusCode, 404);
    assert.equal((await t.inject({ method: 'GET', url: `${versionsUrl()}/0`, headers: ana.headers })).statusCode, 400);
  });

  it('diff: the changes between two versions as JSON pointers with before and after', async () => {
    const res = await t.inject({ method: 'GET', url: `/api/v1/configurations/${cfg.id}/diff?from=1&to=2`, headers: ana.headers });
    assert.equal(res.statusCode, 200, res.body);
    const diff = res.json<ConfigurationDiff>();
    assert.equal(diff.from, 1);
    assert.equal(diff.to, 2);
    assert.deepEqual(diff.changes.map((c) => [c.pointer, c.op, c.before, c.op === 'add' ? 'added' : c.after]), [
      ['/properties/0/defaults/cacheControl/internal/ttl', 'replace', '10m', '1h'],
      ['/properties/1', 'add', undefined, 'added'],
    ]);
    const back = (await t.inject({ method: 'GET', url: `/api/v1/configurations/${cfg.id}/diff?from=2&to=1`, headers: ana.headers })).json<ConfigurationDiff>();
    assert.deepEqual(back.changes.map((c) => [c.pointer, c.op]), [['/properties/0/defaults/cacheControl/internal/ttl', 'replace'], ['/properties/1', 'remove']]);
    const same = (await t.inject({ method: 'GET', url: `/api/v1/configurations/${cfg.id}/diff?from=2&to=2`, headers: ana.headers })).json<ConfigurationDiff>();
    assert.deepEqual(same.changes, []);
  });

  it('diff: an unknown version is 404; missing or bad numbers are 400', async () => {
    const url = (q: string) => `/api/v1/configurations/${cfg.id}/diff${q}`;
    assert.equal((await t.inject({ method: 'GET', url: url('?from=1&to=99'), headers: ana.headers })).statusCode, 404);
    assert.equal((await t.inject({ method: 'GET', url: url('?from=99&to=1'), headers: ana.headers })).statusCode, 404);
    assert.equal((await t.inject({ method: 'GET', url: url('?from=1'), headers: ana.headers })).statusCode, 400);
    assert.equal((await t.inject({ method: 'GET', url: url('?from=a&to=2'), headers: ana.headers })).statusCode, 400);
    assert.equal((await t.inject({ method: 'GET', url: url('?from=1&to=99999999999'), headers: ana.headers })).statusCode, 400);
  });
});
