// Issue 3, "Bad input and security": tenant isolation across every route. A table names each route of the
// API with the request another customer would send; every route must be in the table (a new route
// without an entry fails the suite). As customer B (signed in, and with a Domain-admin API key) every
// route aimed at customer A's things answers 404 (never 403, never data), lists show nothing of A, and
// afterwards A's rows are exactly as before.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { forEachApp } from '../test-support/test-app.js';
import type { TestApp } from '../test-support/test-app.js';
import { createChildGroup, createCustomer, createUser, signIn } from '../test-support/fixtures.js';
import type { SignedIn } from '../test-support/fixtures.js';
import { signedInject } from '../modules/api-keys/test-signing.js';
import { createConfiguration, documentWith } from '../modules/activations/configuration.fixture.js';

interface Ids {
  group: string;
  child: string;
  user: string;
  role: string;
  key: string;
  /** A configuration of A's, activated once (issue 4), and that activation. */
  configuration: string;
  activation: string;
  /** The SCID that configuration belongs to. */
  scid: string;
  /** A content invalidation of that SCID (issue 5). */
  invalidation: string;
}

type Expect = 'not-found' | 'no-leak' | 'not-tenant-scoped';

interface Case {
  readonly expect: Expect;
  readonly url?: (a: Ids) => string;
  readonly body?: (a: Ids) => unknown;
}

const TABLE: Readonly<Record<string, Case>> = {
  'POST /api/v1/auth/sign-in': { expect: 'not-tenant-scoped' },
  'POST /api/v1/auth/sign-out': { expect: 'not-tenant-scoped' },
  'GET /api/v1/auth/session': { expect: 'no-leak' },
  'POST /api/v1/auth/password-reset': { expect: 'not-tenant-scoped' },
  'POST /api/v1/auth/password': { expect: 'not-tenant-scoped' },
  'PATCH /api/v1/me': { expect: 'not-tenant-scoped' },
  'GET /api/v1/access-groups': { expect: 'no-leak' },
  'GET /api/v1/services': { expect: 'no-leak' },
  'POST /api/v1/access-groups/{id}/children': { expect: 'not-found', body: () => ({ name: 'intruder', scids: [] }) },
  'PUT /api/v1/access-groups/{id}/services': { expect: 'not-found', url: (a) => `/api/v1/access-groups/${a.child}/services`, body: () => ({ scids: [] }) },
  'GET /api/v1/access-groups/{id}/users': { expect: 'not-found' },
  'POST /api/v1/access-groups/{id}/users': { expect: 'not-found', body: () => ({ email: 'intruder@b.example', displayName: 'Intruder', language: 'en', roleId: 'reporting' }) },
  'PUT /api/v1/access-groups/{id}/users/{userId}': { expect: 'not-found', body: () => ({ roleId: 'reporting' }) },
  'DELETE /api/v1/access-groups/{id}/users/{userId}': { expect: 'not-found' },
  'POST /api/v1/users/{userId}/reset-password': { expect: 'not-found' },
  'POST /api/v1/users/{userId}/reactivate': { expect: 'not-found' },
  'POST /api/v1/users/{userId}/disable': { expect: 'not-found' },
  'GET /api/v1/access-groups/{id}/roles': { expect: 'not-found' },
  'POST /api/v1/access-groups/{id}/roles': { expect: 'not-found', body: () => ({ name: 'Intruders', permissions: ['reports:view'] }) },
  'PATCH /api/v1/roles/{roleId}': { expect: 'not-found', body: () => ({ name: 'Renamed' }) },
  'DELETE /api/v1/roles/{roleId}': { expect: 'not-found' },
  'POST /api/v1/mimic': { expect: 'not-found', body: (a) => ({ userId: a.user }) },
  'DELETE /api/v1/mimic': { expect: 'not-tenant-scoped' },
  'GET /api/v1/access-groups/{id}/api-keys': { expect: 'not-found' },
  'POST /api/v1/access-groups/{id}/api-keys': { expect: 'not-found', body: () => ({ name: 'stolen', contact: 'x@b.example', roleId: 'reporting' }) },
  'POST /api/v1/api-keys/{keyId}/regenerate': { expect: 'not-found' },
  'PATCH /api/v1/api-keys/{keyId}': { expect: 'not-found', body: () => ({ status: 'disabled' }) },
  'DELETE /api/v1/api-keys/{keyId}': { expect: 'not-found' },
  'GET /api/v1/access-groups/{id}/audit-log': { expect: 'not-found' },
  'GET /api/v1/staff/audit-log': { expect: 'not-found' },
  'GET /api/v1/access-groups/{id}/contacts': { expect: 'not-found' },
  'PUT /api/v1/staff/customers/{id}/contacts': { expect: 'not-found', body: () => ({}) },
  'GET /api/v1/staff/customers': { expect: 'not-found' },
  'GET /api/v1/staff/customers/{id}': { expect: 'not-found' },
  'POST /api/v1/staff/customers': { expect: 'not-found', body: () => ({ name: 'Fake', customerNumber: 'C-9999' }) },
  'POST /api/v1/staff/customers/{id}/services': { expect: 'not-found', body: () => ({ name: 'Fake', product: 'caching' }) },
  // The edges' own routes take only an edge token, never a customer's session or key
  // (modules/edges/edge-routes.test.ts checks both directions).
  'POST /api/v1/edges/enrol': { expect: 'not-tenant-scoped' },
  'POST /api/v1/edges/heartbeat': { expect: 'not-tenant-scoped' },
  'POST /api/v1/edges/acks': { expect: 'not-tenant-scoped' },
  'GET /api/v1/edges/feed': { expect: 'not-tenant-scoped' },
  'GET /api/v1/staff/edges': { expect: 'not-found' },
  'DELETE /api/v1/staff/edges/{id}': { expect: 'not-found' },
  'POST /api/v1/configurations/{id}/activations': { expect: 'not-found', url: (a) => `/api/v1/configurations/${a.configuration}/activations`, body: () => ({ target: 'production', version: 1 }) },
  'GET /api/v1/configurations/{id}/activations': { expect: 'not-found', url: (a) => `/api/v1/configurations/${a.configuration}/activations` },
  'GET /api/v1/activations/{id}': { expect: 'not-found', url: (a) => `/api/v1/activations/${a.activation}` },
  'GET /api/v1/access-groups/{id}/property-registry': { expect: 'not-found' },
  'GET /api/v1/services/{scid}/configurations': { expect: 'not-found', url: (a) => `/api/v1/services/${a.scid}/configurations` },
  'POST /api/v1/services/{scid}/configurations': { expect: 'not-found', url: (a) => `/api/v1/services/${a.scid}/configurations`, body: () => ({ name: 'Intruder', document: { properties: [] } }) },
  'GET /api/v1/configurations/{id}': { expect: 'not-found', url: (a) => `/api/v1/configurations/${a.configuration}` },
  'GET /api/v1/configurations/{id}/versions': { expect: 'not-found', url: (a) => `/api/v1/configurations/${a.configuration}/versions` },
  'GET /api/v1/configurations/{id}/versions/{version}': { expect: 'not-found', url: (a) => `/api/v1/configurations/${a.configuration}/versions/1` },
  'POST /api/v1/configurations/{id}/versions': { expect: 'not-found', url: (a) => `/api/v1/configurations/${a.configuration}/versions`, body: () => ({ baseVersion: 1, document: { properties: [] } }) },
  'GET /api/v1/configurations/{id}/diff': { expect: 'not-found', url: (a) => `/api/v1/configurations/${a.configuration}/diff?from=1&to=1` },
  'POST /api/v1/services/{scid}/invalidations': { expect: 'not-found', url: (a) => `/api/v1/services/${a.scid}/invalidations`, body: () => ({ kind: 'property', properties: ['secret.acme.example'] }) },
  'GET /api/v1/services/{scid}/invalidations': { expect: 'not-found', url: (a) => `/api/v1/services/${a.scid}/invalidations` },
  'GET /api/v1/invalidations/{id}': { expect: 'not-found', url: (a) => `/api/v1/invalidations/${a.invalidation}` },
  'GET /api/v1/staff/invalidation-alerts': { expect: 'not-found' },
};

function urlFor(route: string, a: Ids): string {
  const path = route.slice(route.indexOf(' ') + 1);
  return path.replace('{id}', a.group).replace('{userId}', a.user).replace('{roleId}', a.role).replace('{keyId}', a.key);
}

/** Everything of customer A that a route could change, in a stable order. */
async function snapshotOfA(t: TestApp, a: Ids): Promise<unknown> {
  const db = t.db();
  const groups = [a.group, a.child];
  return {
    groups: await db.selectFrom('access_groups').selectAll().where('id', 'in', groups).orderBy('id').execute(),
    held: await db.selectFrom('access_group_services').selectAll().where('access_group_id', 'in', groups).orderBy('scid').execute(),
    services: await db.selectFrom('services').selectAll().where('access_group_id', 'in', groups).orderBy('scid').execute(),
    users: await db.selectFrom('users').selectAll().where('id', '=', a.user).execute(),
    grants: await db.selectFrom('user_roles').selectAll().where('access_group_id', 'in', groups).orderBy('user_id').execute(),
    roles: await db.selectFrom('roles').selectAll().where('access_group_id', 'in', groups).orderBy('id').execute(),
    keys: await db.selectFrom('api_keys').selectAll().where('access_group_id', 'in', groups).orderBy('id').execute(),
    contacts: await db.selectFrom('contacts').selectAll().where('access_group_id', 'in', groups).orderBy('id').execute(),
    tokens: await db.selectFrom('user_tokens').select(['id', 'used_at']).where('user_id', '=', a.user).orderBy('id').execute(),
    configurations: await db.selectFrom('configurations').selectAll().where('scid', '=', a.scid).orderBy('id').execute(),
    versions: await db.selectFrom('configuration_versions').selectAll().where('configuration_id', '=', a.configuration).orderBy('version').execute(),
    slots: await db.selectFrom('configuration_slots').selectAll().where('configuration_id', '=', a.configuration).execute(),
    aliases: await db.selectFrom('active_aliases').selectAll().where('configuration_id', '=', a.configuration).orderBy('alias').execute(),
    activations: await db.selectFrom('activations').selectAll().where('configuration_id', '=', a.configuration).orderBy('id').execute(),
    invalidations: await db.selectFrom('invalidations').selectAll().where('scid', '=', a.scid).orderBy('id').execute(),
  };
}

forEachApp('tenant isolation across every route', (t) => {
  const a: Ids = { group: '', child: '', user: '', role: '', key: '', configuration: '', activation: '', scid: '', invalidation: '' };
  let aNames: string[] = [];
  let gus: SignedIn;
  let bKey: { keyId: string; secret: string };

  it('setup: customer A with a child group, a user, a custom role and an API key; customer B with an admin and a key', async () => {
    const now = t.clock.now;
    const acme = await createCustomer(t.db(), { name: 'Acme Secret Corp', customerNumber: 'C-A-1', nowMs: now });
    a.group = acme.groupId;
    a.child = await createChildGroup(t.db(), { parentId: acme.groupId, name: 'Acme Hidden Child', scids: [acme.scids[0]!], nowMs: now });
    await createUser(t.db(), { email: 'alice@acme.example', grants: [{ groupId: acme.groupId, roleId: 'domain-admin' }], nowMs: now });
    a.user = await createUser(t.db(), { email: 'bob@acme.example', grants: [{ groupId: acme.groupId, roleId: 'reporting' }], nowMs: now });
    const alice = await signIn(t, 'alice@acme.example');
    const role = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${a.group}/roles`, headers: alice.headers, payload: { name: 'Acme night shift', permissions: ['reports:view'] } });
    assert.equal(role.statusCode, 201, role.body);
    a.role = role.json<{ id: string }>().id;
    const key = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${a.group}/api-keys`, headers: alice.headers, payload: { name: 'acme-ci', contact: 'alice@acme.example', roleId: 'reporting' } });
    assert.equal(key.statusCode, 201, key.body);
    a.key = key.json<{ key: { id: string } }>().key.id;
    a.scid = acme.scids[0]!;
    a.configuration = await createConfiguration(t.db(), { scid: acme.scids[0]!, name: 'Acme Secret Config', versions: [documentWith(['secret.acme.example'])], nowMs: now });
    const activation = await t.inject({ method: 'POST', url: `/api/v1/configurations/${a.configuration}/activations`, headers: alice.headers, payload: { target: 'production', version: 1 } });
    assert.equal(activation.statusCode, 202, activation.body);
    a.activation = activation.json<{ id: string }>().id;
    const invalidation = await t.inject({ method: 'POST', url: `/api/v1/services/${a.scid}/invalidations`, headers: alice.headers, payload: { kind: 'path', properties: ['secret.acme.example'], paths: ['/secret/*'] } });
    assert.equal(invalidation.statusCode, 202, invalidation.body);
    a.invalidation = invalidation.json<{ id: string }>().id;
    aNames = ['Acme Secret Config', 'secret.acme.example', '/secret/', a.configuration, a.activation, a.invalidation, 'Acme Secret Corp', 'Acme Hidden Child', 'alice@acme.example', 'bob@acme.example', 'C-A-1', ...acme.scids, a.group, a.child, a.user, a.role, a.key];

    const globex = await createCustomer(t.db(), { name: 'Globex', nowMs: now });
    await createUser(t.db(), { email: 'gus@globex.example', grants: [{ groupId: globex.groupId, roleId: 'domain-admin' }], nowMs: now });
    gus = await signIn(t, 'gus@globex.example');
    const bk = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${globex.groupId}/api-keys`, headers: gus.headers, payload: { name: 'globex-admin', contact: 'gus@globex.example', roleId: 'domain-admin' } });
    assert.equal(bk.statusCode, 201, bk.body);
    const created = bk.json<{ key: { id: string }; secret: string }>();
    bKey = { keyId: created.key.id, secret: created.secret };
  });

  it('every route of the API has an entry in the isolation table', () => {
    const doc = t.app().swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    assert.deepEqual(routes.filter((r) => !(r in TABLE)), [], 'routes missing from TABLE');
    assert.deepEqual(Object.keys(TABLE).filter((r) => !routes.includes(r)), [], 'TABLE names routes that no longer exist');
  });

  for (const [route, c] of Object.entries(TABLE)) {
    if (c.expect === 'not-tenant-scoped') continue;
    it(`${route}: customer B (session and API key) gets ${c.expect === 'not-found' ? '404' : 'nothing of A'}`, async () => {
      const before = await snapshotOfA(t, a);
      const method = route.slice(0, route.indexOf(' ')) as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      const url = c.url?.(a) ?? urlFor(route, a);
      const body = c.body?.(a);
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const answers: [string, LightMyRequestResponse][] = [
        ['session', await t.inject({ method, url, headers: { ...gus.headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) }, ...(payload === undefined ? {} : { payload }) })],
      ];
      // A key cannot use the session-only routes; the signed variant covers everything else.
      if (route !== 'GET /api/v1/auth/session' && route !== 'POST /api/v1/mimic') {
        t.clock.now += 1_000; // a fresh Date, so the replay guard never sees the same signature twice
        answers.push(['api key', await signedInject(t, { ...bKey, method, url, ...(payload === undefined ? {} : { payload }) })]);
      }
      for (const [who, res] of answers) {
        if (c.expect === 'not-found') {
          assert.equal(res.statusCode, 404, `${who}: ${res.statusCode} ${res.body}`);
          assert.equal(res.json<{ error: { code: string } }>().error.code, 'NOT_FOUND');
        } else {
          assert.ok(res.statusCode < 500, `${who}: ${res.statusCode}`);
        }
        for (const secret of aNames) assert.ok(!res.body.includes(secret), `${who}: the answer mentions ${secret}`);
      }
      assert.deepEqual(await snapshotOfA(t, a), before, 'customer A’s data is unchanged');
    });
  }
});
