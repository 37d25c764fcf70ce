import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Activation } from '@candela/contract';
import { forEachApp } from '../test-support/test-app.js';
import { createCustomer, createUser, signIn } from '../test-support/fixtures.js';
import type { SignedIn } from '../test-support/fixtures.js';
import { createConfiguration, documentWith } from '../modules/activations/configuration.fixture.js';
import { newestSnapshot, served } from '../modules/activations/snapshot.fixture.js';
import { ack, enrolTestEdge, heartbeat } from '../modules/edges/edge-client.fixture.js';
import type { TestEdge } from '../modules/edges/edge-client.fixture.js';
import { startActivationWatcher, watchActivationsOnce } from './activation-watcher.js';

const DEADLINE_MS = 30_000;

forEachApp('activation watcher: edges applying, refusing, too slow', (t) => {
  let alice: SignedIn;
  let config = '';
  let edges: TestEdge[] = [];
  const watch = () => watchActivationsOnce({ db: t.db(), hub: t.deps().feed, clock: () => t.clock.now, deadlineMs: DEADLINE_MS });
  const activate = async (payload: Record<string, unknown>): Promise<Activation> => {
    const res = await t.inject({ method: 'POST', url: `/api/v1/configurations/${config}/activations`, headers: alice.headers, payload });
    assert.equal(res.statusCode, 202, res.body);
    return res.json<Activation>();
  };
  const poll = async (id: string, who: SignedIn = alice): Promise<Activation> => (await t.inject({ method: 'GET', url: `/api/v1/activations/${id}`, headers: who.headers })).json<Activation>();
  const beatAll = async (list: TestEdge[], appliedVersion = 0) => {
    for (const e of list) assert.equal((await heartbeat(t, e, { appliedVersion })).statusCode, 200);
  };

  it('setup: a customer with a configuration (v1 a.example, v2 adds img, v3 adds cdn) and two edges online', async () => {
    const c = await createCustomer(t.db(), { name: 'Acme', nowMs: t.clock.now });
    await createUser(t.db(), { email: 'alice@acme.example', grants: [{ groupId: c.groupId, roleId: 'domain-admin' }], nowMs: t.clock.now });
    alice = await signIn(t, 'alice@acme.example');
    config = await createConfiguration(t.db(), { scid: c.scids[0]!, versions: [documentWith(['a.example']), documentWith(['a.example'], ['img.a.example']), documentWith(['a.example'], ['cdn.a.example'])], nowMs: t.clock.now });
    edges = [await enrolTestEdge(t, 'edge-1'), await enrolTestEdge(t, 'edge-2')];
    await beatAll(edges);
  });

  it('propagating n of m until every online edge has applied it (an ok ack, or a heartbeat serving it), then active', async () => {
    const a = await activate({ target: 'production', version: 1 });
    assert.deepEqual([a.status, a.edgesDone, a.edgesTotal], ['propagating', 0, 2]);
    assert.equal(await watch(), 0);
    assert.equal((await ack(t, edges[0]!, a.feedSeq!, true)).statusCode, 204);
    assert.equal(await watch(), 0);
    const half = await poll(a.id);
    assert.deepEqual([half.status, half.edgesDone, half.edgesTotal], ['propagating', 1, 2]);
    await heartbeat(t, edges[1]!, { appliedVersion: a.feedSeq! });
    t.clock.now += 1_200;
    assert.equal(await watch(), 1);
    const done = await poll(a.id);
    assert.deepEqual([done.status, done.edgesDone, done.edgesTotal, done.reason, done.finishedAt], ['active', 2, 2, null, new Date(t.clock.now).toISOString()]);
  });

  it('an edge refusing the snapshot rolls it back automatically: previous slots, aliases and a new snapshot, with the edge’s problems as the reason', async () => {
    await beatAll(edges, 1);
    const a = await activate({ target: 'production', version: 2 });
    assert.deepEqual(served((await newestSnapshot(t.db())).properties), ['a.example@2', 'img.a.example@2']);
    const snapshot = await newestSnapshot(t.db());
    assert.equal((await ack(t, edges[0]!, a.feedSeq!, true)).statusCode, 204);
    assert.equal((await ack(t, edges[1]!, a.feedSeq!, false, ['/properties/1/origin/host: cannot be resolved', '/properties/7/rules: someone else’s'])).statusCode, 204);
    assert.equal(await watch(), 1);
    const rolled = await poll(a.id);
    assert.equal(rolled.status, 'rolled-back');
    assert.equal(rolled.reason, 'An edge refused the configuration and the previous state was restored. /properties/1/origin/host: cannot be resolved 1 problem(s) outside this configuration.');
    const after = await newestSnapshot(t.db());
    assert.ok(after.seq > snapshot.seq);
    assert.deepEqual(served(after.properties), ['a.example@1']);
    const slots = await t.db().selectFrom('configuration_slots').select(['current_version']).where('configuration_id', '=', config).executeTakeFirstOrThrow();
    assert.equal(slots.current_version, 1);
    const aliases = await t.db().selectFrom('active_aliases').select('alias').where('configuration_id', '=', config).execute();
    assert.deepEqual(aliases.map((x) => x.alias), ['a.example']);
    const audit = await t.db().selectFrom('audit_log').select('action').where('target_id', '=', config).where('action', '=', 'activation.rollback').execute();
    assert.equal(audit.length, 1);
    // Settled once: another look changes nothing.
    assert.equal(await watch(), 0);
  });

  it('past the deadline with edges still behind: rolled back, saying how many made it in time', async () => {
    const latest = await newestSnapshot(t.db());
    await beatAll(edges, latest.seq);
    const a = await activate({ target: 'production', version: 3 });
    assert.equal((await ack(t, edges[0]!, a.feedSeq!, true)).statusCode, 204);
    t.clock.now += DEADLINE_MS;
    await beatAll(edges, latest.seq); // both still online, one still on the old version
    assert.equal(await watch(), 0, 'exactly at the deadline it still waits');
    t.clock.now += 1;
    assert.equal(await watch(), 1);
    const rolled = await poll(a.id);
    assert.deepEqual([rolled.status, rolled.edgesDone, rolled.edgesTotal], ['rolled-back', 1, 2]);
    assert.equal(rolled.reason, 'Only 1 of 2 edges applied the configuration within 30 s and the previous state was restored.');
    assert.deepEqual(served((await newestSnapshot(t.db())).properties), ['a.example@1']);
  });

  it('an edge that goes offline during propagation is left out of the total; a removed one too', async () => {
    await beatAll(edges, (await newestSnapshot(t.db())).seq);
    const third = await enrolTestEdge(t, 'edge-3');
    await heartbeat(t, third, { appliedVersion: 0 });
    const a = await activate({ target: 'production', version: 3 });
    assert.equal(a.edgesTotal, 3);
    assert.equal((await ack(t, edges[0]!, a.feedSeq!, true)).statusCode, 204);
    // edge-3 is removed by staff; edge-2 stops sending heartbeats.
    await t.db().updateTable('edges').set({ removed_at: t.clock.now }).where('id', '=', third.id).execute();
    t.clock.now += 16_000;
    await heartbeat(t, edges[0]!, { appliedVersion: a.feedSeq! });
    assert.equal(await watch(), 1);
    const done = await poll(a.id);
    assert.deepEqual([done.status, done.edgesDone, done.edgesTotal], ['active', 1, 1]);
  });

  it('a newer activation of the same configuration supersedes one still propagating', async () => {
    await beatAll(edges, 0);
    const first = await activate({ target: 'staging', version: 1 });
    const second = await activate({ target: 'staging', version: 2 });
    assert.equal((await poll(first.id)).status, 'superseded');
    assert.equal((await poll(second.id)).status, 'propagating');
    for (const e of edges) await ack(t, e, second.feedSeq!, true);
    await watch();
    assert.equal((await poll(second.id)).status, 'active');
    assert.equal((await poll(first.id)).status, 'superseded');
  });

  it('an alias freed by an activation still propagating stays reserved (a rollback would take it back), then is free', async () => {
    await beatAll(edges, 0);
    const b = await createCustomer(t.db(), { name: 'Globex', nowMs: t.clock.now });
    await createUser(t.db(), { email: 'gus@globex.example', grants: [{ groupId: b.groupId, roleId: 'domain-admin' }], nowMs: t.clock.now });
    const gus = await signIn(t, 'gus@globex.example');
    const theirs = await createConfiguration(t.db(), { scid: b.scids[0]!, versions: [documentWith(['cdn.a.example'])], nowMs: t.clock.now });
    const take = () => t.inject({ method: 'POST', url: `/api/v1/configurations/${theirs}/activations`, headers: gus.headers, payload: { target: 'production', version: 1 } });
    assert.equal((await activate({ target: 'production', version: 3 })).status, 'propagating');
    for (const e of edges) await ack(t, e, (await newestSnapshot(t.db())).seq, true);
    await watch();
    const freeing = await activate({ target: 'production', version: 1 }); // drops cdn.a.example
    const refused = await take();
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json<{ error: { code: string } }>().error.code, 'ALIAS_CONFLICT');
    for (const e of edges) await ack(t, e, freeing.feedSeq!, true);
    await watch();
    assert.equal((await poll(freeing.id)).status, 'active');
    assert.equal((await take()).statusCode, 202);
  });

  it('the running watcher is woken by an ack: settled long before its timer', async () => {
    await beatAll(edges, 0);
    const watcher = startActivationWatcher({ db: t.db(), hub: t.deps().feed, clock: () => t.clock.now, deadlineMs: DEADLINE_MS, intervalMs: 60_000 });
    try {
      const a = await activate({ target: 'staging', version: 2 }); // v3's cdn.a.example is Globex's now
      for (const e of edges) await ack(t, e, a.feedSeq!, true);
      const started = Date.now();
      while ((await poll(a.id)).status === 'propagating' && Date.now() - started < 2_000) await new Promise((r) => setTimeout(r, 10));
      assert.equal((await poll(a.id)).status, 'active');
      assert.ok(Date.now() - started < 1_000);
    } finally {
      await watcher.stop();
    }
  });
});

