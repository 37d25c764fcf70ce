import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { openDatabase, parseDatabaseUrl, SQLITE_FILE_NAME } from './database.js';
import { testPostgresUrl } from './config.js';
import { withDatabaseName } from './test-databases.js';

describe('parseDatabaseUrl', () => {
  it('no URL, a blank one or a bare sqlite: means the default SQLite file', () => {
    for (const url of [undefined, '', '  ', 'sqlite:', 'sqlite://']) {
      assert.deepEqual(parseDatabaseUrl(url), { dialect: 'sqlite', file: undefined }, String(url));
    }
  });

  it('sqlite: URLs and bare paths name a SQLite file, as written', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:/var/lib/candela/db.sqlite'), { dialect: 'sqlite', file: '/var/lib/candela/db.sqlite' });
    assert.deepEqual(parseDatabaseUrl('sqlite:///var/lib/candela/db.sqlite'), { dialect: 'sqlite', file: '/var/lib/candela/db.sqlite' });
    assert.deepEqual(parseDatabaseUrl('SQLite:./dev.sqlite'), { dialect: 'sqlite', file: './dev.sqlite' });
    assert.deepEqual(parseDatabaseUrl('sqlite::memory:'), { dialect: 'sqlite', file: ':memory:' });
    assert.deepEqual(parseDatabaseUrl('/srv/candela.sqlite'), { dialect: 'sqlite', file: '/srv/candela.sqlite' });
    assert.deepEqual(parseDatabaseUrl('data/candela.sqlite'), { dialect: 'sqlite', file: 'data/candela.sqlite' });
    assert.deepEqual(parseDatabaseUrl('file:///srv/my%20db.sqlite'), { dialect: 'sqlite', file: '/srv/my db.sqlite' });
  });

  it('postgres:// and postgresql:// URLs mean PostgreSQL, with the password masked for display', () => {
    assert.deepEqual(parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/test'), {
      dialect: 'postgres',
      connectionString: 'postgres://postgres@127.0.0.1:5432/test',
      display: 'postgres://postgres@127.0.0.1:5432/test',
    });
    const withSecret = parseDatabaseUrl(' postgresql://candela:s3cret@db.internal/candela?sslmode=require ');
    assert.deepEqual(withSecret, {
      dialect: 'postgres',
      connectionString: 'postgresql://candela:s3cret@db.internal/candela?sslmode=require',
      display: 'postgresql://candela:***@db.internal/candela?sslmode=require',
    });
  });

  it('rejects other schemes and malformed PostgreSQL URLs instead of falling back to SQLite', () => {
    assert.throws(() => parseDatabaseUrl('mysql://root@localhost/candela'), /unsupported scheme "mysql:"/);
    assert.throws(() => parseDatabaseUrl('https://example.com/db'), /unsupported scheme "https:"/);
    assert.throws(() => parseDatabaseUrl('postgres://user:pw@[::1/db'), /not a valid postgres:\/\/ URL/);
  });

  it('never puts a password in its error messages', () => {
    assert.throws(
      () => parseDatabaseUrl('postgres://user:hunter2@[bad/db'),
      (error: Error) => !error.message.includes('hunter2'),
    );
  });
});

describe('openDatabase (SQLite)', () => {
  it('creates <dataDir>/candela.sqlite with WAL, foreign keys on and a busy timeout', async () => {
    const root = mkdtempSync(join(tmpdir(), 'candela-open-'));
    const dataDir = join(root, 'nested', 'data');
    const { db, dialect, close } = await openDatabase({ dataDir });
    try {
      assert.equal(dialect, 'sqlite');
      assert.ok(existsSync(join(dataDir, SQLITE_FILE_NAME)));
      const pragma = async (name: string) =>
        (await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(db)).rows[0];
      assert.deepEqual(await pragma('journal_mode'), { journal_mode: 'wal' });
      assert.deepEqual(await pragma('foreign_keys'), { foreign_keys: 1 });
      assert.deepEqual(await pragma('busy_timeout'), { timeout: 5000 });
    } finally {
      await close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("opens the file a sqlite: URL names instead of the data directory's", async () => {
    const root = mkdtempSync(join(tmpdir(), 'candela-open-'));
    const file = join(root, 'elsewhere', 'custom.sqlite');
    const { close } = await openDatabase({ url: `sqlite:${file}`, dataDir: join(root, 'unused') });
    await close();
    assert.ok(existsSync(resolve(file)));
    assert.ok(!existsSync(join(root, 'unused')));
    rmSync(root, { recursive: true, force: true });
  });
});

describe('openDatabase (PostgreSQL)', () => {
  it('fails at once, naming the address but not the password, when the server cannot be reached', async () => {
    await assert.rejects(
      openDatabase({ url: 'postgres://candela:hunter2@127.0.0.1:1/candela', dataDir: tmpdir() }),
      (error: Error) =>
        error.message.startsWith('cannot connect to PostgreSQL at postgres://candela:***@127.0.0.1:1/candela: ') &&
        error.message.includes('ECONNREFUSED') &&
        !error.message.includes('hunter2'),
    );
  });
});

describe('testPostgresUrl', () => {
  it('reads CANDELA_TEST_POSTGRES_URL; unset or blank means the PostgreSQL variant does not run', () => {
    assert.equal(testPostgresUrl({}), undefined);
    assert.equal(testPostgresUrl({ CANDELA_TEST_POSTGRES_URL: ' ' }), undefined);
    assert.equal(
      testPostgresUrl({ CANDELA_TEST_POSTGRES_URL: 'postgres://postgres@127.0.0.1:5432/test' }),
      'postgres://postgres@127.0.0.1:5432/test',
    );
  });
});

describe('withDatabaseName', () => {
  it('swaps the database and keeps user, host, port and parameters', () => {
    assert.equal(
      withDatabaseName('postgres://postgres@127.0.0.1:5432/test?application_name=t', 'candela_t_1_ab'),
      'postgres://postgres@127.0.0.1:5432/candela_t_1_ab?application_name=t',
    );
    assert.equal(withDatabaseName('postgres://u:p@h', 'x'), 'postgres://u:p@h/x');
  });
});
