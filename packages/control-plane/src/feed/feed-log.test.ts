import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDatabase } from '../db/test-databases.js';
import { appendEvent, lastSeq, nextSeq } from './feed-log.js';

const emptySnapshot = (seq: number) => ({ snapshot: { version: seq, properties: [], certificates: [], candidates: [], staging: [] } });

forEachDatabase('feed log: seq assignment', (ctx) => {
  it('appendEvent numbers events 1, 2, 3 and stores the whole event as its payload', async () => {
    const db = ctx.db();
    const first = await db.transaction().execute((trx) => appendEvent(trx, 'snapshot', 1_000, emptySnapshot));
    const second = await db.transaction().execute((trx) => appendEvent(trx, 'snapshot', 2_000, emptySnapshot));
    assert.deepEqual([first.seq, second.seq], [1, 2]);
    const rows = await db.selectFrom('feed_events').selectAll().orderBy('seq').execute();
    assert.deepEqual(rows.map((r) => [r.seq, r.kind, r.created_at]), [[1, 'snapshot', 1_000], [2, 'snapshot', 2_000]]);
    assert.deepEqual(JSON.parse(rows[1]!.payload), { seq: 2, at: 2_000, kind: 'snapshot', snapshot: { version: 2, properties: [], certificates: [], candidates: [], staging: [] } });
    assert.equal(await lastSeq(db), 2);
  });

  it('a transaction that rolls back gives its seq back: no gap', async () => {
    const db = ctx.db();
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await appendEvent(trx, 'snapshot', 3_000, emptySnapshot);
        throw new Error('refused');
      }),
      /refused/,
    );
    const next = await db.transaction().execute((trx) => appendEvent(trx, 'snapshot', 4_000, emptySnapshot));
    assert.equal(next.seq, 3);
  });

  it('concurrent appends get distinct, gap-free seqs, and a reader never sees a gap that fills in later', async () => {
    const db = ctx.db();
    const start = await lastSeq(db);
    const writers = 12;
    let writing = true;
    const gapsSeen: string[] = [];
    // The reader polls like a feed stream: everything up to the highest seq it sees must already be there.
    const reader = (async () => {
      while (writing) {
        const rows = await db.selectFrom('feed_events').select('seq').where('seq', '>', start).orderBy('seq').execute();
        rows.forEach((r, i) => {
          if (r.seq !== start + i + 1) gapsSeen.push(rows.map((x) => x.seq).join(','));
        });
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    const seqs = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        db.transaction().execute(async (trx) => {
          const seq = await nextSeq(trx);
          // Hold the transaction open a little, in varying order, so commits would interleave if they could.
          await new Promise((resolve) => setTimeout(resolve, (i * 7) % 5));
          await trx.insertInto('feed_events').values({ seq, kind: 'snapshot', payload: JSON.stringify({ seq, ...emptySnapshot(seq), kind: 'snapshot', at: 0 }), created_at: 0 }).execute();
          return seq;
        }),
      ),
    );
    writing = false;
    await reader;
    assert.deepEqual([...seqs].sort((a, b) => a - b), Array.from({ length: writers }, (_, i) => start + i + 1));
    assert.deepEqual(gapsSeen, []);
  });
});
