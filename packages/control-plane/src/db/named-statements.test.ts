// PostgreSQL connections name their statements by SQL text (database.ts withNamedStatements), up to a
// bound per connection. Runs on every database: the answers must not change, whichever path a query takes.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { forEachDatabase } from './test-databases.js';

forEachDatabase('db: named statements on PostgreSQL', (ctx) => {
  // These two are about PostgreSQL's own prepared statements: declared only in its suite, never skipped.
  if (ctx.dialect === 'postgres') {
    it('repeated queries reuse one named statement per text on a connection (PostgreSQL)', async () => {
      await ctx.db().connection().execute(async (conn) => {
        const query = (n: number) => conn.selectFrom('access_groups').select('id').where('id', '=', `none-${n}`).execute();
        for (let n = 0; n < 3; n++) assert.deepEqual(await query(n), []);
        const prepared = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(conn);
        const mine = prepared.rows.filter((r) => r.statement.includes('from "access_groups" where "id" = $1'));
        assert.equal(mine.length, 1, 'one statement for three executions');
        // Transaction control and DDL are never named.
        assert.ok(!prepared.rows.some((r) => /^\s*(begin|commit|rollback|create|alter|drop)\b/i.test(r.statement)));
      });
    });

    it('a table changed under a prepared select * (a migration by another instance) still answers (PostgreSQL)', async () => {
      await ctx.db().connection().execute(async (conn) => {
        await sql`create table ns_stale (a integer)`.execute(conn);
        await sql`insert into ns_stale (a) values (1)`.execute(conn);
        const read = () => sql<Record<string, unknown>>`select * from ns_stale where a = ${1}`.execute(conn);
        assert.deepEqual((await read()).rows, [{ a: 1 }]);
        assert.deepEqual((await read()).rows, [{ a: 1 }]);
        await sql`alter table ns_stale add column b integer`.execute(conn);
        assert.deepEqual((await read()).rows, [{ a: 1, b: null }], 'answered unnamed after PostgreSQL refused the old plan');
        assert.deepEqual((await read()).rows, [{ a: 1, b: null }]);
        await sql`drop table ns_stale`.execute(conn);
      });
    });
  }

  it('past the bound of named texts per connection, queries still answer (unnamed)', async () => {
    await ctx.db().connection().execute(async (conn) => {
      for (let round = 0; round < 2; round++) {
        for (let n = 0; n < 300; n++) {
          const rows = await sql<{ v: number }>`select ${sql.lit(n)} + ${n} as v`.execute(conn);
          assert.equal(Number(rows.rows[0]?.v), 2 * n);
        }
      }
      if (ctx.dialect === 'postgres') {
        const count = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(conn);
        assert.ok((count.rows[0]?.n ?? 0) <= 256, `at most 256 named statements, found ${count.rows[0]?.n ?? 0}`);
      }
    });
  });

  it('a failed statement inside a transaction rolls back, and the same text works afterwards', async () => {
    const db = ctx.db();
    const insert = (id: string, parent: string | null) => db.insertInto('access_groups').values({ id, parent_id: parent, name: id, customer_number: parent === null ? id : null, created_at: 0 });
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('access_groups').values({ id: 'ns-top', parent_id: null, name: 'ns', customer_number: 'NS-1', created_at: 0 }).execute();
        await trx.insertInto('access_groups').values({ id: 'ns-child', parent_id: 'ns-missing', name: 'ns', customer_number: null, created_at: 0 }).execute();
      }),
    );
    assert.equal(await db.selectFrom('access_groups').select('id').where('id', '=', 'ns-top').executeTakeFirst(), undefined);
    await insert('ns-top', null).execute();
    await insert('ns-child', 'ns-top').execute();
    assert.equal((await db.selectFrom('access_groups').select('id').where('parent_id', '=', 'ns-top').execute()).length, 1);
  });
});
