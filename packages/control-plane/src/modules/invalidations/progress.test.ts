// From acks to complete, through the real routes: edges ack the invalidation's seq with what they matched,
// GET shows the progress, a removed edge stops holding the request open, and the watcher freezes it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Invalidation } from '@candela/contract';
import { watchInvalidationsOnce } from '../../jobs/invalidation-watcher.js';
import { forEachApp } from '../../test-support/test-app.js';
import { createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { SignedIn } from '../../test-support/fixtures.js';
import { ack, ackInvalidation, enrolTestEdge } from '../edges/edge-client.fixture.js';
import type { TestEdge } from '../edges/edge-client.fixture.js';
import { activeProperties, invalidate, readInvalidation } from './invalidation.fixture.js';

forEachApp('content invalidation: progress from the edges’ acks', (t) => {
  let alice: SignedIn;
  let ops: SignedIn;
  let scid = '';
  let edges: TestEdge[] = [];
  let request: Invalidation;
  const watch = () => watchInvalidationsOnce({ db: t.db(), hub: t.deps().feed, clock: () => t.clock.now, publicUrl: 'https://portal.example', wakeMailSender: () => undefined });
  const progress = (i: Invalidation) => ({ status: i.status, done: i.edgesDone, total: i.edgesTotal, objects: i.objectsMatched, items: i.items.map((x) => x.objectsMatched) });

  it('setup: a customer with an active property and three edges', async () => {
    const c = await createCustomer(t.db(), { name: 'Acme', services: 1, nowMs: t.clock.now });
    scid = c.scids[0]!;
    await createUser(t.db(), { email: 'alice@acme.example', grants: [{ groupId: c.groupId, roleId: 'domain-admin' }], nowMs: t.clock.now });
    await createUser(t.db(), { email: 'ops@candela.example', staffRole: 'platform-operator', nowMs: t.clock.now });
    alice = await signIn(t, 'alice@acme.example');
    ops = await signIn(t, 'ops@candela.example');
    await activeProperties(t, alice, scid, [['www.acme.example']]);
    edges = [await enrolTestEdge(t, 'edge-p1'), await enrolTestEdge(t, 'edge-p2'), await enrolTestEdge(t, 'edge-p3')];
  });

  it('pending → in progress as edges ack, with the objects they matched in total and per item', async () => {
    t.clock.now += 1_000;
    request = await invalidate(t, alice, scid, { kind: 'path', properties: ['www.acme.example'], paths: ['/img/*', '/css/*'] });
    assert.deepEqual(progress(request), { status: 'pending', done: 0, total: 3, objects: 0, items: [0, 0] });
    t.clock.now += 100;
    assert.equal((await ackInvalidation(t, edges[0]!, request.feedSeq, 5, [3, 2])).statusCode, 204);
    const stored = await t.db().selectFrom('edge_acks').select(['matched', 'matched_by_item']).where('edge_id', '=', edges[0]!.id).where('seq', '=', request.feedSeq).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { matched: 5, matched_by_item: '[3,2]' });
    assert.deepEqual(progress(await readInvalidation(t, alice, request.id)), { status: 'in-progress', done: 1, total: 3, objects: 5, items: [3, 2] });
    // A refusal is not done.
    assert.equal((await ack(t, edges[1]!, request.feedSeq, false, ['/requests/0/property: no property "www.acme.example" on this edge'])).statusCode, 204);
    assert.deepEqual(progress(await readInvalidation(t, alice, request.id)), { status: 'in-progress', done: 1, total: 3, objects: 5, items: [3, 2] });
    assert.equal((await watch()).completed, 0);
  });

  it('an edge enrolled after the request does not hold it open', async () => {
    await enrolTestEdge(t, 'edge-late');
    assert.equal((await readInvalidation(t, alice, request.id)).edgesTotal, 3);
  });

  it('a removed edge stops counting; the last ack completes it, with completedAt; the watcher freezes it', async () => {
    t.clock.now += 100;
    const removed = await t.inject({ method: 'DELETE', url: `/api/v1/staff/edges/${edges[2]!.id}`, headers: ops.headers });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(progress(await readInvalidation(t, alice, request.id)), { status: 'in-progress', done: 1, total: 2, objects: 5, items: [3, 2] });
    t.clock.now += 100;
    const lastAckAt = t.clock.now;
    assert.equal((await ackInvalidation(t, edges[1]!, request.feedSeq, 4, [0, 4])).statusCode, 204);
    const done = await readInvalidation(t, alice, request.id);
    assert.deepEqual(progress(done), { status: 'complete', done: 2, total: 2, objects: 9, items: [3, 6] });
    assert.equal(done.completedAt, new Date(lastAckAt).toISOString());
    t.clock.now += 5_000;
    assert.deepEqual(await watch(), { completed: 1, alerted: 0, mails: 0 });
    const row = await t.db().selectFrom('invalidations').select(['completed_at', 'edges_total', 'edges_done', 'objects_matched', 'items_matched', 'notified_at']).where('id', '=', request.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { completed_at: lastAckAt, edges_total: 2, edges_done: 2, objects_matched: 9, items_matched: '[3,6]', notified_at: null });
    assert.deepEqual(await watch(), { completed: 0, alerted: 0, mails: 0 });
  });

  it('once complete the numbers are history: later removals and acks do not move them', async () => {
    await t.inject({ method: 'DELETE', url: `/api/v1/staff/edges/${edges[0]!.id}`, headers: ops.headers });
    const late = await enrolTestEdge(t, 'edge-later');
    await ackInvalidation(t, late, request.feedSeq, 100, [50, 50]);
    const after = await readInvalidation(t, alice, request.id);
    assert.deepEqual(progress(after), { status: 'complete', done: 2, total: 2, objects: 9, items: [3, 6] });
    const list = await t.inject({ method: 'GET', url: `/api/v1/services/${scid}/invalidations?status=complete`, headers: alice.headers });
    assert.deepEqual(list.json<{ items: Invalidation[] }>().items.map((i) => i.id), [request.id]);
  });

  it('edges that never ack, removed: the request completes at the last removal', async () => {
    t.clock.now += 1_000;
    const second = await invalidate(t, alice, scid, { kind: 'tag', properties: ['www.acme.example'], tags: ['t1'] });
    // In the fleet now: edge-p2, edge-late and edge-later, all enrolled before this request.
    assert.equal(second.edgesTotal, 3);
    t.clock.now += 100;
    await ackInvalidation(t, edges[1]!, second.feedSeq, 1, [1]);
    const silent = await t.db().selectFrom('edges').select('id').where('name', 'in', ['edge-late', 'edge-later']).execute();
    for (const { id } of silent) {
      t.clock.now += 100;
      await t.inject({ method: 'DELETE', url: `/api/v1/staff/edges/${id}`, headers: ops.headers });
    }
    const done = await readInvalidation(t, alice, second.id);
    assert.deepEqual(progress(done), { status: 'complete', done: 1, total: 1, objects: 1, items: [1] });
    assert.equal(done.completedAt, new Date(t.clock.now).toISOString());
  });
});
