import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Kysely } from 'kysely';
import { forEachDatabase } from '../db/test-databases.js';
import type { Database } from '../db/schema.js';
import { nextSeq } from './feed-log.js';
import { eventsAfter, latestSnapshotSeq } from './feed-reader.js';

/** Appends an event of any kind (issue 5 brings invalidations; the reader must already handle them). */
async function append(db: Kysely<Database>, kind: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const seq = await nextSeq(trx);
    await trx.insertInto('feed_events').values({ seq, kind, payload: JSON.stringify({ seq, kind }), created_at: seq }).execute();
    return seq;
  });
}

const seqs = (events: { seq: number; kind: string }[]) => events.map((e) => `${e.seq}:${e.kind}`);

forEachDatabase('feed reader: catch-up from a cursor', (ctx) => {
  it('before any snapshot, an edge with nothing (cursor 0) gets nothing, not even other events', async () => {
    await append(ctx.db(), 'invalidation'); // 1
    assert.deepEqual(await eventsAfter(ctx.db(), 0), []);
    assert.equal(await latestSnapshotSeq(ctx.db()), 0);
  });

  it('only the newest snapshot after the cursor, plus every other event after it, in seq order', async () => {
    const db = ctx.db();
    await append(db, 'snapshot'); // 2
    await append(db, 'invalidation'); // 3
    await append(db, 'snapshot'); // 4
    await append(db, 'snapshot'); // 5
    await append(db, 'invalidation'); // 6
    assert.deepEqual(seqs(await eventsAfter(db, 0)), ['1:invalidation', '3:invalidation', '5:snapshot', '6:invalidation']);
    assert.deepEqual(seqs(await eventsAfter(db, 3)), ['5:snapshot', '6:invalidation']);
    assert.deepEqual(seqs(await eventsAfter(db, 5)), ['6:invalidation']);
    assert.deepEqual(seqs(await eventsAfter(db, 6)), []);
    assert.equal(await latestSnapshotSeq(db), 5);
    const [event] = await eventsAfter(db, 5);
    assert.deepEqual(JSON.parse(event!.payload), { seq: 6, kind: 'invalidation' });
  });

  it('a page of other events that ends before the newest snapshot leaves the snapshot for the next page', async () => {
    const db = ctx.db();
    await append(db, 'invalidation'); // 7
    await append(db, 'invalidation'); // 8
    await append(db, 'snapshot'); // 9
    assert.deepEqual(seqs(await eventsAfter(db, 6, 1)), ['7:invalidation']);
    assert.deepEqual(seqs(await eventsAfter(db, 7, 1)), ['8:invalidation']);
    assert.deepEqual(seqs(await eventsAfter(db, 8, 1)), ['9:snapshot']);
  });
});
