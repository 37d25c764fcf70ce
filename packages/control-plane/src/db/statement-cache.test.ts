import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from './database.js';

test('SQLite statement cache: repeated and evicted statements give correct answers, and close still works', async () => {
  const handle = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'candela-stmt-')) });
  const query = (n: number) => sql<{ v: number }>`select ${sql.lit(n)} + ${n} as v`.execute(handle.db);
  for (let round = 0; round < 2; round++) {
    for (let n = 0; n < 700; n++) assert.equal((await query(n)).rows[0]?.v, 2 * n);
  }
  await handle.close();
});
