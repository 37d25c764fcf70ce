import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachApp } from '../../test-support/test-app.js';
import { createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { SignedIn } from '../../test-support/fixtures.js';
import { signedInject } from '../api-keys/test-signing.js';
import { ack, enrolTestEdge, heartbeat } from './edge-client.fixture.js';
import type { TestEdge } from './edge-client.fixture.js';

const code = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

forEachApp('edge routes: heartbeats, acks, and who may call them', (t) => {
  let edge: TestEdge;
  let admin: SignedIn;
  let key: { keyId: string; secret: string };
  let group = '';

  it('setup: an edge and a customer with a Domain-admin session and API key', async () => {
    edge = await enrolTestEdge(t, 'edge-a', 'eu', 'mad');
    const c = await createCustomer(t.db(), { name: 'Acme', nowMs: t.clock.now });
    group = c.groupId;
    await createUser(t.db(), { email: 'admin@acme.example', grants: [{ groupId: c.groupId, roleId: 'domain-admin' }], nowMs: t.clock.now });
    admin = await signIn(t, 'admin@acme.example');
    const res = await t.inject({ method: 'POST', url: `/api/v1/access-groups/${c.groupId}/api-keys`, headers: admin.headers, payload: { name: 'ci', contact: 'admin@acme.example', roleId: 'domain-admin' } });
    const created = res.json<{ key: { id: string }; secret: string }>();
    key = { keyId: created.key.id, secret: created.secret };
  });

  it('a heartbeat records the applied version, cursor, health, time and a new region/metro, and answers the server time', async () => {
    t.clock.now += 5_000;
    const res = await t.inject({ method: 'POST', url: '/api/v1/edges/heartbeat', headers: edge.headers, payload: { appliedVersion: 7, cursor: 9, health: 'degraded', metro: 'bcn' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { serverTime: t.clock.now });
    const row = await t.db().selectFrom('edges').selectAll().where('id', '=', edge.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.applied_version, row.cursor, row.health, row.last_heartbeat_at, row.region, row.metro], [7, 9, 'degraded', t.clock.now, 'eu', 'bcn']);
  });

  it('an ack is stored once per edge and seq; a repeated one replaces the first', async () => {
    assert.equal((await ack(t, edge, 3, false, ['/properties/0: bad'])).statusCode, 204);
    const again = await ack(t, edge, 3, true);
    assert.equal(again.statusCode, 204);
    assert.equal(again.body, '');
    const rows = await t.db().selectFrom('edge_acks').selectAll().where('edge_id', '=', edge.id).execute();
    assert.deepEqual(rows.map((r) => [r.seq, r.ok, JSON.parse(r.problems) as unknown]), [[3, 1, []]]);
  });

  it('bad bodies are validation errors with pointers (after authentication)', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/v1/edges/acks', headers: edge.headers, payload: { seq: -1, ok: 'yes' } });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json<{ error: { details: { pointer: string }[] } }>().error.details.map((d) => d.pointer).sort(), ['/ok', '/seq']);
    // Without a token the body is never looked at.
    const anonymous = await t.inject({ method: 'POST', url: '/api/v1/edges/acks', payload: { seq: -1 } });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(code(anonymous.body), 'EDGE_TOKEN_INVALID');
  });

  it('customers cannot call the edge routes: a session or an API key is not an edge token (401)', async () => {
    const routes = [
      { method: 'POST' as const, url: '/api/v1/edges/heartbeat', payload: JSON.stringify({ appliedVersion: 1, cursor: 1, health: 'ok' }) },
      { method: 'POST' as const, url: '/api/v1/edges/acks', payload: JSON.stringify({ seq: 1, ok: true }) },
      { method: 'GET' as const, url: '/api/v1/edges/feed?cursor=0' },
    ];
    for (const route of routes) {
      const session = await t.inject({ method: route.method, url: route.url, headers: { ...admin.headers, ...(route.payload === undefined ? {} : { 'content-type': 'application/json' }) }, ...(route.payload === undefined ? {} : { payload: route.payload }) });
      assert.equal(session.statusCode, 401, `${route.url} session: ${session.body}`);
      assert.equal(code(session.body), 'EDGE_TOKEN_INVALID');
      t.clock.now += 1_000;
      const signed = await signedInject(t, { ...key, method: route.method, url: route.url, ...(route.payload === undefined ? {} : { payload: route.payload }) });
      assert.equal(signed.statusCode, 401, `${route.url} api key: ${signed.body}`);
      assert.equal(code(signed.body), 'EDGE_TOKEN_INVALID');
      const forged = await t.inject({ method: route.method, url: route.url, headers: { authorization: `Bearer ${edge.id}.${'A'.repeat(43)}` } });
      assert.equal(forged.statusCode, 401);
    }
  });

  it('an edge token reaches no customer or staff route (401 UNAUTHENTICATED)', async () => {
    for (const url of ['/api/v1/access-groups', `/api/v1/access-groups/${group}/users`, '/api/v1/staff/edges', '/api/v1/auth/session']) {
      const res = await t.inject({ method: 'GET', url, headers: edge.headers });
      assert.equal(res.statusCode, 401, `${url}: ${res.body}`);
      assert.equal(code(res.body), 'UNAUTHENTICATED');
    }
  });

  it('a removed edge gets 401 EDGE_REMOVED on heartbeat, acks and the feed', async () => {
    await t.db().updateTable('edges').set({ removed_at: t.clock.now }).where('id', '=', edge.id).execute();
    const answers = [await heartbeat(t, edge, { appliedVersion: 1 }), await ack(t, edge, 1, true), await t.inject({ method: 'GET', url: '/api/v1/edges/feed', headers: edge.headers })];
    for (const res of answers) {
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(code(res.body), 'EDGE_REMOVED');
    }
  });
});
