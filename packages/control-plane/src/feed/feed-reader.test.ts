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

const EXECUTE = new Set(['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow']);

/** `db` whose every query builder runs `then` after its query has completed, before its caller resumes. */
function afterEachQuery<T extends object>(db: T, then: () => Promise<void>): T {
  return new Proxy(db, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (EXECUTE.has(String(property))) {
        return async (...args: unknown[]) => {
          const result = await method.apply(target, args);
          await then();
          return result;
        };
      }
      return (...args: unknown[]) => {
        const result = method.apply(target, args);
        return typeof result === 'object' && result !== null && 'execute' in result ? afterEachQuery(result, then) : result;
      };
    },
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

  it('an activation committed while a read is under way is never stepped over (both reads share one upper bound)', async () => {
    const db = ctx.db();
    const cursor = await append(db, 'invalidation');
    // Commits an invalidation, a snapshot and another invalidation right after the reader's first query,
    // the interleaving that once let a NATS publisher skip that snapshot for good. (After the query has
    // given its connection back: SQLite has one.)
    let armed = true;
    const racing = afterEachQuery(db, async () => {
      if (!armed) return;
      armed = false;
      for (const kind of ['invalidation', 'snapshot', 'invalidation']) await append(db, kind);
    });
    const received: string[] = [];
    let at = cursor;
    for (let events = await eventsAfter(racing, at); ; events = await eventsAfter(racing, at)) {
      if (events.length === 0 && !armed && received.length > 0) break;
      received.push(...seqs(events));
      at = events.at(-1)?.seq ?? at;
      if (received.length > 10) assert.fail(`no end: ${received.join(',')}`);
    }
    assert.deepEqual(received, [`${cursor + 1}:invalidation`, `${cursor + 2}:snapshot`, `${cursor + 3}:invalidation`]);
  });
});
