// The virtual clients: one undici Client (one keep-alive connection, pipelining 1), one loopback source
// address and one signed-in session each, kept for the whole run.
import { performance } from 'node:perf_hooks';
import { Client } from 'undici';
import { ROUTES, summarize } from './stats.js';
import type { LatencySummary } from './stats.js';

export interface VirtualClient {
  readonly index: number;
  /** The loopback address its connection comes from (127.0.0.x). */
  readonly localAddress: string;
  readonly email: string;
  /** Services the user must see in GET /services. */
  readonly services: number;
  dispatcher: Client;
  cookie: string;
}

/** Sign-in is limited to 10 per client address per minute (platform.ts): 10 virtual clients per address. */
export const CLIENTS_PER_ADDRESS = 10;

export function sourceAddressFor(index: number): string {
  const host = 2 + Math.floor(index / CLIENTS_PER_ADDRESS);
  if (host > 254) throw new RangeError(`too many virtual clients for 127.0.0.2–127.0.0.254 (${index + 1})`);
  return `127.0.0.${host}`;
}

const TIMEOUT_MS = 30_000;

function newDispatcher(url: string, localAddress: string): Client {
  return new Client(url, {
    localAddress,
    pipelining: 1,
    headersTimeout: TIMEOUT_MS,
    bodyTimeout: TIMEOUT_MS,
    keepAliveTimeout: 120_000,
    keepAliveMaxTimeout: 120_000,
  });
}

/** Drops the connection (and anything still queued on it) and opens a fresh one, same address and session. */
export async function resetClient(url: string, client: VirtualClient): Promise<void> {
  const old = client.dispatcher;
  client.dispatcher = newDispatcher(url, client.localAddress);
  await old.destroy().catch(() => undefined);
}

export async function closeClients(clients: readonly VirtualClient[]): Promise<void> {
  await Promise.all(clients.map((c) => c.dispatcher.destroy().catch(() => undefined)));
}

async function inBatches<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) results[i] = await work(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

export interface SignInResult {
  clients: VirtualClient[];
  wallMs: number;
  latency: LatencySummary;
}

/**
 * Signs in `count` virtual clients through POST /api/v1/auth/sign-in (argon2id verification included),
 * user i % users.length each, on the connection the client then keeps for the load.
 */
export async function signInClients(
  url: string,
  users: readonly { email: string; services: number }[],
  input: { count: number; password: string; concurrency: number },
): Promise<SignInResult> {
  const t0 = performance.now();
  const latencies: number[] = [];
  const clients = await inBatches(input.count, input.concurrency, async (index) => {
    const user = users[index % users.length];
    if (user === undefined) throw new Error('no seeded users to sign in');
    const localAddress = sourceAddressFor(index);
    const dispatcher = newDispatcher(url, localAddress);
    const started = performance.now();
    const res = await dispatcher.request({
      path: '/api/v1/auth/sign-in',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: input.password }),
    });
    const text = await res.body.text();
    latencies.push(performance.now() - started);
    const setCookie = res.headers['set-cookie'];
    const cookies = Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie];
    const session = cookies.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('candela_session='));
    if (res.statusCode !== 200 || session === undefined) {
      await dispatcher.destroy();
      throw new Error(`sign-in of ${user.email} from ${localAddress} failed: ${res.statusCode} ${text.slice(0, 300)}`);
    }
    return { index, localAddress, email: user.email, services: user.services, dispatcher, cookie: session };
  });
  return { clients, wallMs: performance.now() - t0, latency: summarize(latencies) };
}

async function get(client: VirtualClient, path: string): Promise<{ status: number; body: string }> {
  const res = await client.dispatcher.request({ path, method: 'GET', headers: { cookie: client.cookie } });
  return { status: res.statusCode, body: await res.body.text() };
}

/** Each client reads each route once and the answers are checked, so the load is known to be doing real work. */
export async function verifyClients(clients: readonly VirtualClient[]): Promise<void> {
  await inBatches(clients.length, 20, async (i) => {
    const client = clients[i];
    if (client === undefined) return;
    for (const path of ROUTES) {
      const { status, body } = await get(client, path);
      if (status !== 200) throw new Error(`${client.email}: GET ${path} answered ${status}: ${body.slice(0, 300)}`);
      const parsed = JSON.parse(body) as { items?: unknown[]; user?: { email?: string } };
      const ok =
        path === '/api/v1/services'
          ? parsed.items?.length === client.services
          : path === '/api/v1/access-groups'
            ? parsed.items?.length === 1
            : parsed.user?.email === client.email;
      if (!ok) throw new Error(`${client.email}: unexpected answer to GET ${path}: ${body.slice(0, 300)}`);
    }
  });
}
