import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { EdgeSummary } from '@candela/contract';
import { nextSeq } from '../../feed/feed-log.js';
import { writeSnapshot } from '../../feed/snapshot-source.js';
import { forEachApp } from '../../test-support/test-app.js';
import { createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { SignedIn } from '../../test-support/fixtures.js';
import { enrolTestEdge, heartbeat } from './edge-client.fixture.js';

forEachApp('staff view of the edge fleet', (t) => {
  let ops: SignedIn;
  let tsc: SignedIn;
  let customer: SignedIn;
  const ids: Record<string, string> = {};

  it('setup: staff, a customer, three edges (one silent, one removed) and two snapshots', async () => {
    const now = t.clock.now;
    await createUser(t.db(), { email: 'ops@candela.test', staffRole: 'platform-operator', nowMs: now });
    await createUser(t.db(), { email: 'tsc@candela.test', staffRole: 'tsc-technician', nowMs: now });
    const c = await createCustomer(t.db(), { name: 'Acme', nowMs: now });
    await createUser(t.db(), { email: 'admin@acme.example', grants: [{ groupId: c.groupId, roleId: 'domain-admin' }], nowMs: now });
    [ops, tsc, customer] = [await signIn(t, 'ops@candela.test'), await signIn(t, 'tsc@candela.test'), await signIn(t, 'admin@acme.example')];
    for (const name of ['mad-1', 'bcn-1', 'old-1']) {
      const edge = await enrolTestEdge(t, name, 'eu', name.slice(0, 3));
      ids[name] = edge.id;
      if (name !== 'bcn-1') assert.equal((await heartbeat(t, edge, { appliedVersion: 2, cursor: 2 })).statusCode, 200);
    }
    await t.db().updateTable('edges').set({ removed_at: now }).where('id', '=', ids['old-1']!).execute();
    for (let i = 0; i < 2; i++) await t.db().transaction().execute(async (trx) => writeSnapshot(trx, await nextSeq(trx), now));
  });

  it('any staff role sees every edge with its state; online means a heartbeat within 15 s', async () => {
    t.clock.now += 15_000;
    const res = await t.inject({ method: 'GET', url: '/api/v1/staff/edges', headers: tsc.headers });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<{ items: EdgeSummary[]; latestVersion: number }>();
    assert.equal(body.latestVersion, 2);
    assert.deepEqual(body.items.map((e) => [e.name, e.state, e.appliedVersion, e.health]), [['bcn-1', 'offline', 0, null], ['mad-1', 'online', 2, 'ok'], ['old-1', 'removed', 2, 'ok']]);
    t.clock.now += 1;
    const later = await t.inject({ method: 'GET', url: '/api/v1/staff/edges', headers: tsc.headers });
    assert.equal(later.json<{ items: EdgeSummary[] }>().items.find((e) => e.name === 'mad-1')?.state, 'offline');
  });

  it('customers do not see the fleet at all (404), even by id', async () => {
    assert.equal((await t.inject({ method: 'GET', url: '/api/v1/staff/edges', headers: customer.headers })).statusCode, 404);
    assert.equal((await t.inject({ method: 'DELETE', url: `/api/v1/staff/edges/${ids['mad-1']!}`, headers: customer.headers })).statusCode, 404);
  });

  it('removing an edge is the platform operator’s: others get 403; it is audited and answered with the removed edge', async () => {
    assert.equal((await t.inject({ method: 'DELETE', url: `/api/v1/staff/edges/${ids['mad-1']!}`, headers: tsc.headers })).statusCode, 403);
    const res = await t.inject({ method: 'DELETE', url: `/api/v1/staff/edges/${ids['mad-1']!}`, headers: ops.headers });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json<EdgeSummary>().state, 'removed');
    const audit = await t.db().selectFrom('audit_log').select(['action', 'actor_user_id']).where('target_id', '=', ids['mad-1']!).where('action', '=', 'edge.remove').execute();
    assert.equal(audit.length, 1);
    // Removing again changes nothing and writes nothing.
    assert.equal((await t.inject({ method: 'DELETE', url: `/api/v1/staff/edges/${ids['mad-1']!}`, headers: ops.headers })).statusCode, 200);
    assert.equal((await t.db().selectFrom('audit_log').select('id').where('action', '=', 'edge.remove').execute()).length, 1);
    assert.equal((await t.inject({ method: 'DELETE', url: '/api/v1/staff/edges/edg_unknown', headers: ops.headers })).statusCode, 404);
  });
});
