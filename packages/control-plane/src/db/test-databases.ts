// Runs a repository's tests once per database (house rule 3: one interface, one shared test suite, N
// implementations). SQLite always runs; PostgreSQL runs when CANDELA_TEST_POSTGRES_URL is set, each suite
// in a database of its own that is dropped afterwards. Set but unreachable fails the suite: CI must never
// pass without having tested PostgreSQL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { Kysely } from 'kysely';
import { Client, escapeIdentifier } from 'pg';
import { testPostgresUrl } from './config.js';
import { openDatabase } from './database.js';
import { describeError } from './errors.js';
import type { DatabaseHandle, DialectName } from './database.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';

export interface DatabaseTestContext {
  readonly dialect: DialectName;
  /**
   * The migrated database of this suite. It is opened in a `before` hook, so call this inside tests and
   * hooks, not while the suite is being declared.
   */
  readonly db: () => Kysely<Database>;
}

interface TestDatabase {
  readonly handle: DatabaseHandle;
  dispose(): Promise<void>;
}

/**
 * Declares `describe('<title> [sqlite]')` and, when CANDELA_TEST_POSTGRES_URL is set,
 * `describe('<title> [postgres]')`, each running `body`'s tests against a freshly migrated database. The
 * database is shared by the tests of one suite (they run in order), so tests use their own ids.
 */
export function forEachDatabase(title: string, body: (ctx: DatabaseTestContext) => void): void {
  declareSuite(title, 'sqlite', openSqliteForTest, body);
  const url = testPostgresUrl();
  if (url === undefined) {
    announcePostgresNotRun();
    return;
  }
  declareSuite(title, 'postgres', () => openPostgresForTest(url), body);
}

function declareSuite(
  title: string,
  dialect: DialectName,
  open: () => Promise<TestDatabase>,
  body: (ctx: DatabaseTestContext) => void,
): void {
  void describe(`${title} [${dialect}]`, () => {
    let current: TestDatabase | undefined;
    // A failing before hook fails every test of the suite, which is what an unreachable server must do.
    before(async () => {
      current = await open();
    });
    after(async () => {
      await current?.dispose();
    });
    body({
      dialect,
      db: () => {
        if (current === undefined) throw new Error(`the ${dialect} test database is not open (yet)`);
        return current.handle.db;
      },
    });
  });
}

let announced = false;

/** No silent skip: say once per test process that PostgreSQL was not tested, and how to test it. */
function announcePostgresNotRun(): void {
  if (announced) return;
  announced = true;
  console.log(
    'forEachDatabase: PostgreSQL variant NOT run: CANDELA_TEST_POSTGRES_URL is unset ' +
      '(e.g. CANDELA_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test)',
  );
}

async function openSqliteForTest(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'candela-db-test-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase({ dataDir });
    await migrateToLatest(handle.db);
  } catch (error) {
    await handle?.close();
    removeDir();
    throw error;
  }
  const opened = handle;
  return {
    handle: opened,
    dispose: async () => {
      await opened.close();
      removeDir();
    },
  };
}

/** The server's URL with another database name; user, host, port and parameters are kept. */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

async function withAdminClient(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function openPostgresForTest(serverUrl: string): Promise<TestDatabase> {
  // pid and randomness keep parallel test processes (and leftovers of a killed run) apart.
  const name = `candela_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const drop = () => withAdminClient(serverUrl, `DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`);
  try {
    await withAdminClient(serverUrl, `CREATE DATABASE ${escapeIdentifier(name)}`);
  } catch (error) {
    const reason = describeError(error);
    throw new Error(`CANDELA_TEST_POSTGRES_URL is set but no test database could be created: ${reason}`, {
      cause: error,
    });
  }
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase({ url: withDatabaseName(serverUrl, name), dataDir: tmpdir() });
    await migrateToLatest(handle.db);
  } catch (error) {
    await handle?.close();
    await drop();
    throw error;
  }
  const opened = handle;
  return {
    handle: opened,
    dispose: async () => {
      await opened.close();
      await drop();
    },
  };
}
