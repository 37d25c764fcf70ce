import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDatabase } from '../db/test-databases.js';
import { createConfiguration, documentWith } from '../modules/activations/configuration.fixture.js';
import { createCustomer } from '../test-support/fixtures.js';
import { eventsAfter, FEED_RETENTION_MS, prunedSince } from '../feed/feed-reader.js';
import { pruneFeed, SNAPSHOT_GRACE_MS } from './feed-pruner.js';

const HOUR = SNAPSHOT_GRACE_MS;

forEachDatabase('feed pruner: superseded snapshots go, the newest and everything else stays', (ctx) => {
  // Chosen seqs, with the counter moved past them as nextSeq would: readers read only up to it.
  const insert = async (seq: number, kind: string, createdAt: number) => {
    await ctx.db().transaction().execute(async (trx) => {
      await trx.insertInto('feed_events').values({ seq, kind, payload: JSON.stringify({ seq, kind }), created_at: createdAt }).execute();
      await trx.updateTable('feed_state').set({ last_seq: seq }).where('id', '=', 1).where('last_seq', '<', seq).execute();
    });
  };
  const seqs = async () => (await ctx.db().selectFrom('feed_events').select('seq').orderBy('seq').execute()).map((r) => r.seq);

  it('nothing to prune on an empty log', async () => {
    assert.equal(await pruneFeed(ctx.db(), 10 * HOUR), 0);
  });

  it('older snapshots past the grace period are deleted; the newest snapshot, young ones and invalidations stay', async () => {
    const now = 10 * HOUR;
    await insert(1, 'snapshot', 1 * HOUR);
    await insert(2, 'invalidation', 1 * HOUR);
    await insert(3, 'snapshot', 2 * HOUR);
    await insert(4, 'snapshot', now - HOUR / 2); // superseded but within the grace period
    await insert(5, 'snapshot', 1 * HOUR); // newest: stays whatever its age
    assert.equal(await pruneFeed(ctx.db(), now), 2);
    assert.deepEqual(await seqs(), [2, 4, 5]);
    // What an edge at any cursor receives is unchanged: every invalidation after it, then the newest snapshot.
    assert.deepEqual((await eventsAfter(ctx.db(), 0)).map((e) => e.seq), [2, 5]);
    assert.deepEqual((await eventsAfter(ctx.db(), 3)).map((e) => e.seq), [5]);
  });

  it('a snapshot an activation is still settling on stays until it settles', async () => {
    const now = 20 * HOUR;
    await insert(6, 'snapshot', 1 * HOUR);
    await insert(7, 'snapshot', 1 * HOUR);
    const db = ctx.db();
    const customer = await createCustomer(db, { name: 'Prune Co', nowMs: now });
    const configurationId = await createConfiguration(db, { scid: customer.scids[0]!, versions: [documentWith(['prune.example'])], nowMs: now });
    await db
      .insertInto('activations')
      .values({
        id: 'act-prune',
        configuration_id: configurationId,
        scid: customer.scids[0]!,
        target: 'production',
        version: 1,
        percent: null,
        comment: '',
        status: 'propagating',
        feed_seq: 4,
        reason_code: null,
        reason_detail: null,
        previous_slots: '{}',
        requested_by: 'test',
        created_at: now,
        finished_at: null,
      })
      .execute();
    assert.equal(await pruneFeed(db, now), 2, 'seqs 5 and 6 go; 4 is held by the propagating activation');
    assert.deepEqual(await seqs(), [2, 4, 7]);
    await db.updateTable('activations').set({ status: 'active' }).where('id', '=', 'act-prune').execute();
    assert.equal(await pruneFeed(db, now), 1);
    assert.deepEqual(await seqs(), [2, 7]);
  });

  it('invalidation events past the retention (7 days, as on NATS) go; an edge behind them is then known to have lost track', async () => {
    const db = ctx.db();
    const now = 100 * 24 * HOUR;
    const old = now - FEED_RETENTION_MS - 1;
    await insert(10, 'invalidation', old);
    await insert(11, 'snapshot', old);
    await insert(12, 'invalidation', now - FEED_RETENTION_MS + 1);
    const customer = await createCustomer(db, { name: 'Retention Co', nowMs: now });
    for (const [id, seq] of [['inv-old', 10], ['inv-young', 12]] as const) {
      await db
        .insertInto('invalidations')
        .values({
          id, scid: customer.scids[0]!, access_group_id: customer.groupId, kind: 'path', type: 'normal', properties: '["a.example"]', items: '["/a"]', item_count: 1,
          search_text: '["/a"]', ignore_case: 0, notify: '[]', requested_by: 'test', requester_email: null, language: 'en', feed_seq: seq, created_at: old,
          completed_at: null, edges_total: null, edges_done: null, objects_matched: null, items_matched: null, alerted_at: null, notified_at: null,
        })
        .execute();
    }
    assert.equal(await prunedSince(db, 9), false, 'nothing pruned yet');
    // Invalidations 2 (from the first test) and 10 are past the retention; snapshot 7 is superseded by 11,
    // which stays, as the newest, whatever its age.
    assert.equal(await pruneFeed(db, now), 3);
    assert.deepEqual(await seqs(), [11, 12]);
    assert.equal(await prunedSince(db, 9), true, 'an edge at 9 missed invalidation 10, which is gone');
    assert.equal(await prunedSince(db, 10), false, 'an edge at 10 misses nothing that is gone');
    assert.deepEqual((await eventsAfter(db, 10)).map((e) => e.seq), [11, 12]);
  });
});
