// Opens the control plane's database: the embedded SQLite file by default, PostgreSQL for scale-out. Both
// give the same JS shapes (see schema.ts); everything above this file is dialect-blind.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { Pool, TypeOverrides } from 'pg';
import type { PoolClient } from 'pg';
import { describeError } from './errors.js';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export type DatabaseTarget =
  /** `file` undefined: the default file in the data directory. */
  | { readonly dialect: 'sqlite'; readonly file: string | undefined }
  /** `display` is the URL with its password masked, for logs. */
  | { readonly dialect: 'postgres'; readonly connectionString: string; readonly display: string };

export const SQLITE_FILE_NAME = 'candela.sqlite';
export const SQLITE_MEMORY = ':memory:';

const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

/**
 * What a database URL points at. Accepted: nothing (or blank) → the default SQLite file; `sqlite:` alone
 * → the same; `sqlite:<path>`, `sqlite://<path>`, `file:` URLs and bare paths → that SQLite file
 * (`sqlite::memory:` for a throwaway in-memory one); `postgres://` and `postgresql://` → PostgreSQL.
 * Anything else throws, so a typo never silently falls back to an empty embedded database.
 */
export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  const text = url?.trim() ?? '';
  if (text === '') return { dialect: 'sqlite', file: undefined };
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return { dialect: 'sqlite', file: text };
  if (scheme === 'sqlite') {
    const rest = text.slice('sqlite:'.length);
    const path = rest.startsWith('//') ? rest.slice(2) : rest;
    return { dialect: 'sqlite', file: path === '' ? undefined : path };
  }
  if (scheme === 'file') return { dialect: 'sqlite', file: fileURLToPath(text) };
  if (scheme === 'postgres' || scheme === 'postgresql') {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      throw new Error('database URL: not a valid postgres:// URL');
    }
    if (parsed.password !== '') parsed.password = '***';
    return { dialect: 'postgres', connectionString: text, display: parsed.toString() };
  }
  throw new Error(`database URL: unsupported scheme "${scheme}:" (expected postgres://, postgresql://, sqlite: or a file path)`);
}

export interface OpenDatabaseOptions {
  /** CANDELA_DATABASE_URL; see parseDatabaseUrl. */
  readonly url?: string | undefined;
  /** Where the default SQLite file lives (created if missing). */
  readonly dataDir: string;
  /** Errors of idle pooled PostgreSQL connections (e.g. a server restart); for logging. */
  readonly onPoolError?: ((error: Error) => void) | undefined;
}

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  readonly close: () => Promise<void>;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const target = parseDatabaseUrl(options.url);
  return target.dialect === 'sqlite'
    ? openSqlite(sqliteFile(target.file, options.dataDir))
    : openPostgres(target, options.onPoolError);
}

function sqliteFile(file: string | undefined, dataDir: string): string {
  if (file === SQLITE_MEMORY) return file;
  return file === undefined ? join(resolve(dataDir), SQLITE_FILE_NAME) : resolve(file);
}

function openSqlite(file: string): DatabaseHandle {
  if (file !== SQLITE_MEMORY) mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  try {
    // WAL lets readers go on while one writer commits; NORMAL sync is durable across process crashes in WAL
    // mode (only a power cut can lose the last commits) and much faster than FULL.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    // SQLite leaves foreign keys off unless asked, per connection; PostgreSQL always enforces them.
    database.pragma('foreign_keys = ON');
    // A second process (CLI migrate, a worker) waits for the write lock instead of failing at once.
    database.pragma('busy_timeout = 5000');
    if (database.pragma('foreign_keys', { simple: true }) !== 1) {
      throw new Error('this SQLite build cannot enforce foreign keys');
    }
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query afresh; preparing was 23 % of the API's CPU under load
 * (docs/benchmarks.md, "Control plane API"). Our queries are a small, fixed set of SQL texts with bound
 * parameters, so prepared statements are kept by text (bounded; the oldest is dropped). Safe because
 * better-sqlite3 runs each statement to completion synchronously; the repositories never stream.
 */
function withStatementCache(database: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = database.prepare.bind(database);
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property !== 'prepare') {
        const value = Reflect.get(target, property, receiver) as unknown;
        // Native methods must be called on the real object, not on the proxy.
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      return (source: string) => {
        let statement = cache.get(source);
        if (statement === undefined) {
          statement = prepare(source);
          if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
          cache.set(source, statement);
        }
        return statement;
      };
    },
  });
}

const INT8_OID = 20;

/**
 * pg returns int8 (bigint: our epoch-ms columns, count(*)) as a string, because it may exceed 2^53.
 * Ours never do, and SQLite returns numbers, so parse to number and refuse the impossible rather than
 * round silently.
 */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} does not fit a JS number`);
  return value;
}

async function openPostgres(
  target: Extract<DatabaseTarget, { dialect: 'postgres' }>,
  onPoolError: ((error: Error) => void) | undefined,
): Promise<DatabaseHandle> {
  // Per-pool parsers, not the global pg.types, so no other pg user in the process changes behaviour.
  const types = new TypeOverrides();
  types.setTypeParser(INT8_OID, parseInt8);
  // pg's default of 10 connections, said explicitly: on a small machine PostgreSQL's own processes share the
  // cores with this one, and more backends would only compete for them (docs/benchmarks.md, API section).
  const pool = new Pool({ connectionString: target.connectionString, types, max: 10 });
  // Without a listener an idle connection's error (server restart) would crash the process; the pool
  // already drops the broken connection and the next query opens a fresh one.
  pool.on('error', (error) => onPoolError?.(error));
  try {
    // Fail at start-up, with the address, rather than on the first request.
    await pool.query('select 1');
  } catch (error) {
    await pool.end();
    throw new Error(`cannot connect to PostgreSQL at ${target.display}: ${describeError(error)}`, { cause: error });
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

function stalePlan(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === '0A000' && /cached plan must not change result type/i.test(error.message);
}

/** Per connection; past it new SQL texts go unnamed, so server memory stays bounded (see below). */
const NAMED_STATEMENTS_PER_CONNECTION = 256;
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `k${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
    if (statementNames.size >= STATEMENT_CACHE_SIZE) statementNames.delete(statementNames.keys().next().value ?? '');
    statementNames.set(text, name);
  }
  return name;
}

/**
 * pg sends every query as an unnamed statement, so PostgreSQL parses and plans it anew each time; naming
 * statements by their SQL text lets each connection parse once and reuse it (the API's hot path runs the
 * same few texts all day; docs/benchmarks.md, API section). Named statements live as long as the connection
 * and are never deallocated, and a query with an `in (…)` list has one text per list length, so each
 * connection names at most NAMED_STATEMENTS_PER_CONNECTION texts (the hot ones come first) and sends the
 * rest unnamed as before. Transaction control (begin, commit, savepoints) and DDL stay unnamed.
 */
function withNamedStatements(pool: Pool): PostgresPool {
  const wrapped = new WeakMap<PoolClient, PostgresPoolClient>();
  const wrap = (client: PoolClient): PostgresPoolClient => {
    const named = new Set<string>();
    const unnamed = new Set<string>();
    const query = async (text: string | object, parameters: readonly unknown[] = []) => {
      // A cursor object (Kysely's streaming, unused here) goes through untouched.
      if (typeof text !== 'string') return client.query(text as never);
      const values = [...parameters];
      if (!PREPARABLE.test(text)) return client.query(text, values);
      const name = statementName(text);
      if (unnamed.has(name) || (!named.has(name) && named.size >= NAMED_STATEMENTS_PER_CONNECTION)) return client.query(text, values);
      named.add(name);
      try {
        return await client.query({ name, text, values });
      } catch (error) {
        if (!stalePlan(error)) throw error;
        // A migration changed a table under a prepared `select *` (another instance upgrading the schema
        // while this one runs): PostgreSQL refuses the old plan. Send this text unnamed from now on, as
        // before statements were named; inside a transaction the retry fails too and the transaction
        // rolls back, like on any other error.
        unnamed.add(name);
        return client.query(text, values);
      }
    };
    return { query: query as unknown as PostgresPoolClient['query'], release: (destroy?: boolean) => client.release(destroy) };
  };
  return {
    connect: async () => {
      const client = await pool.connect();
      let found = wrapped.get(client);
      if (found === undefined) {
        found = wrap(client);
        wrapped.set(client, found);
      }
      return found;
    },
    end: () => pool.end(),
  };
}
