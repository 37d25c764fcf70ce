// reusableQuery: compiled once per database and parameter shape, values bound afresh on every call, on
// every database; misuse (a parameter written into the SQL text) is refused rather than answered wrongly.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { forEachDatabase } from './test-databases.js';
import { reusableQuery } from './reusable-query.js';

forEachDatabase('db: reusableQuery', (ctx) => {
  let built = 0;
  const groups = reusableQuery((db, p: { ids: readonly string[]; minCreated: number; named: boolean }) => {
    built += 1;
    let q = db.selectFrom('access_groups').select(['id', 'created_at']).where('id', 'in', [...p.ids]).where('created_at', '>=', p.minCreated);
    if (p.named) q = q.where('name', '=', 'rq');
    return q.orderBy('id');
  });

  before(async () => {
    for (const [i, id] of ['rq-a', 'rq-b', 'rq-c'].entries()) {
      await ctx.db().insertInto('access_groups').values({ id, parent_id: null, name: i === 2 ? 'other' : 'rq', customer_number: id, created_at: i }).execute();
    }
  });

  it('binds each call’s values into the SQL compiled for its shape', async () => {
    const db = ctx.db();
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    assert.deepEqual(ids(await groups(db, { ids: ['rq-a', 'rq-b'], minCreated: 0, named: false })), ['rq-a', 'rq-b']);
    assert.deepEqual(ids(await groups(db, { ids: ['rq-b', 'rq-c'], minCreated: 0, named: false })), ['rq-b', 'rq-c']);
    assert.deepEqual(ids(await groups(db, { ids: ['rq-a', 'rq-c'], minCreated: 1, named: false })), ['rq-c']);
    assert.equal(built, 1, 'one shape, built once');
    assert.deepEqual(ids(await groups(db, { ids: ['rq-a', 'rq-b', 'rq-c'], minCreated: 0, named: false })), ['rq-a', 'rq-b', 'rq-c']);
    assert.deepEqual(ids(await groups(db, { ids: ['rq-a', 'rq-b', 'rq-c'], minCreated: 0, named: true })), ['rq-a', 'rq-b']);
    assert.equal(built, 3, 'a new list length and a new boolean are new shapes');
    const rows = await groups(db, { ids: ['rq-b'], minCreated: 0, named: true });
    assert.deepEqual(rows, [{ id: 'rq-b', created_at: 1 }], 'values keep their types');
  });

  it('refuses a build that writes a parameter into the SQL text', async () => {
    const bad = reusableQuery((db, p: { id: string }) => db.selectFrom('access_groups').select('id').where(sql<boolean>`id = ${sql.lit(p.id)}`));
    await assert.rejects(bad(ctx.db(), { id: 'rq-a' }), /written into the SQL text/);
  });
});
