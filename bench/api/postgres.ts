// A throwaway PostgreSQL database for one benchmark run: created on the server given (the same way the
// control plane's tests do it, see packages/control-plane/src/db/test-databases.ts) and dropped afterwards.
import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';

export interface ThrowawayDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** The server's URL with another database name; user, host, port and parameters are kept. */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/** The URL with its password masked, for printing. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  // The server's maintenance database: a URL without a database name would default to the user's name.
  const client = new Client({ connectionString: withDatabaseName(serverUrl, 'postgres'), connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const live = new Set<ThrowawayDatabase>();

/** Creates `candela_bench_<pid>_<random>`; throws with the server's reason when it cannot. */
export async function createThrowawayDatabase(serverUrl: string): Promise<ThrowawayDatabase> {
  const name = `candela_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const ident = escapeIdentifier(name);
  await admin(serverUrl, `CREATE DATABASE ${ident}`);
  const database: ThrowawayDatabase = {
    name,
    url: withDatabaseName(serverUrl, name),
    drop: async () => {
      await admin(serverUrl, `DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
      live.delete(database);
    },
  };
  live.add(database);
  return database;
}

/** For an interrupted run: drop whatever is still there, giving up after `timeoutMs`. */
export async function dropAllThrowaways(timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const drops = Promise.allSettled([...live].map((d) => d.drop()));
  await Promise.race([drops, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}
