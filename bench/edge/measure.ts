// One peer's measurement: warm and verify hits, wrk the three object sizes, burst cold requests,
// read memory. Failures are recorded in the result (partial numbers kept) rather than thrown, so
// one broken peer still leaves a table for the others.
import { Agent, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { OBJECT_SIZES } from './origin.js';
import type { ObjectSize, OriginStats } from './origin.js';
import { startPeer } from './peers.js';
import type { PeerContext, PeerName, RunningPeer } from './peers.js';
import { machineBusyPercent, treeMemory } from './proc.js';
import type { TreeMemory } from './proc.js';
import { runWrk } from './wrk.js';
import type { WrkResult } from './wrk.js';

export interface MeasureOptions {
  threads: number;
  connections: number;
  /** Connections for the 10 MiB run: 64 × 10 MiB in flight only measures socket buffers. */
  bigConnections: number;
  duration: string;
  /** Unreported wrk run before measuring, so JIT-compiled peers are not measured cold; null = none. */
  warmup: string | null;
  coldRequests: number;
  originUrl: string;
  /** Up to this many seconds, wait for the rest of the machine to go (nearly) idle before a peer. */
  waitIdleS: number;
}

export interface HitCheck {
  path: string;
  status: number;
  bytes: number;
  hit: boolean;
  /** The headers each peer uses to say hit or miss, from the last check. */
  cacheHeaders: Record<string, string>;
}

export interface ColdResult {
  path: string;
  requests: number;
  statuses: Record<string, number>;
  originFetches: number;
  wallMs: number;
}

export interface PeerResult {
  name: PeerName;
  ok: boolean;
  error?: string;
  command?: string[];
  /** CPU use of everything else on the machine just before this peer started (0–100). */
  busyBeforePct?: number;
  hitChecks: HitCheck[];
  load: Partial<Record<ObjectSize, WrkResult & { raw: string }>>;
  /** Origin requests while the hit loads ran: anything above 0 means they were not all hits. */
  originFetchesDuringLoad?: number;
  cold?: ColdResult;
  memory?: TreeMemory;
}

interface Fetched {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: number;
}

function fetchOnce(url: string, agent: Agent, timeoutMs = 30_000): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, timeout: timeoutMs }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

const CACHE_HEADERS = ['cache-status', 'x-cache-status', 'x-varnish', 'age'];

async function verifyHit(peer: RunningPeer, path: string, agent: Agent): Promise<HitCheck> {
  let last: Fetched | undefined;
  // The first request fills the cache; allow one extra try for caches that store asynchronously.
  for (let attempt = 0; attempt < 3; attempt++) {
    last = await fetchOnce(peer.baseUrl + path, agent);
    if (attempt > 0 && peer.isHit(last.headers)) break;
  }
  if (!last) throw new Error('unreachable');
  const cacheHeaders: Record<string, string> = {};
  for (const h of CACHE_HEADERS) {
    const v = last.headers[h];
    if (v !== undefined) cacheHeaders[h] = Array.isArray(v) ? v.join(', ') : v;
  }
  return { path, status: last.status, bytes: last.bytes, hit: peer.isHit(last.headers), cacheHeaders };
}

async function originStats(originUrl: string, agent: Agent): Promise<OriginStats> {
  return new Promise((resolve, reject) => {
    request(`${originUrl}/__stats`, { agent }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(JSON.parse(body) as OriginStats));
    })
      .on('error', reject)
      .end();
  });
}

async function originReset(originUrl: string, agent: Agent): Promise<void> {
  await fetchOnce(`${originUrl}/__reset`, agent);
}

async function coldBurst(peer: RunningPeer, opts: MeasureOptions, control: Agent): Promise<ColdResult> {
  const path = `/cold/${peer.name}-${Date.now()}`;
  // Fresh sockets, no pooling limit: all requests must be on the wire before the origin answers.
  const agent = new Agent({ keepAlive: false, maxSockets: opts.coldRequests * 2 });
  try {
    await originReset(opts.originUrl, control);
    const started = performance.now();
    const settled = await Promise.allSettled(
      Array.from({ length: opts.coldRequests }, () => fetchOnce(peer.baseUrl + path, agent, 15_000)),
    );
    const wallMs = performance.now() - started;
    const statuses: Record<string, number> = {};
    for (const s of settled) {
      const key = s.status === 'fulfilled' ? String(s.value.status) : 'error';
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    const stats = await originStats(opts.originUrl, control);
    return { path, requests: opts.coldRequests, statuses, originFetches: stats.paths[path] ?? 0, wallMs };
  } finally {
    agent.destroy();
  }
}

const IDLE_PCT = 10;

const log = (name: string, msg: string): void => void process.stderr.write(`[${name}] ${msg}\n`);

/** Other work on the 2 cores skews every number; give it a bounded chance to finish. */
async function waitForIdle(name: PeerName, maxS: number): Promise<number> {
  const deadline = Date.now() + maxS * 1000;
  let busy = await machineBusyPercent();
  while (busy > IDLE_PCT && Date.now() < deadline) {
    log(name, `machine ${busy.toFixed(0)}% busy with other work, waiting (up to ${maxS} s)`);
    busy = await machineBusyPercent(2000);
  }
  return busy;
}

export async function measurePeer(name: PeerName, ctx: PeerContext, opts: MeasureOptions): Promise<PeerResult> {
  const result: PeerResult = { name, ok: false, hitChecks: [], load: {} };
  const control = new Agent({ keepAlive: true, maxSockets: 4 });
  let peer: RunningPeer | undefined;
  try {
    result.busyBeforePct = await waitForIdle(name, opts.waitIdleS);
    log(name, `starting (machine ${result.busyBeforePct.toFixed(0)}% busy beforehand)`);
    peer = await startPeer(name, ctx);
    result.command = peer.command;
    const sizes = Object.keys(OBJECT_SIZES) as ObjectSize[];
    for (const size of sizes) {
      const check = await verifyHit(peer, `/obj/${size}/1`, control);
      result.hitChecks.push(check);
      const bad = check.status !== 200 || check.bytes !== OBJECT_SIZES[size] || !check.hit;
      log(name, `warm ${check.path}: ${check.status}, ${check.bytes} B, hit=${check.hit}${bad ? '  <-- !' : ''}`);
    }
    const url = (size: ObjectSize): string => `${peer?.baseUrl ?? ''}/obj/${size}/1`;
    if (opts.warmup !== null) {
      log(name, `warm-up load ${opts.warmup} (not reported)`);
      await runWrk({ url: url('1k'), threads: opts.threads, connections: opts.connections, duration: opts.warmup });
    }
    await originReset(opts.originUrl, control);
    for (const size of sizes) {
      const big = size === '10m';
      const connections = big ? opts.bigConnections : opts.connections;
      log(name, `wrk ${size}: ${opts.threads} threads, ${connections} connections, ${opts.duration}`);
      const run = await runWrk({
        url: url(size),
        threads: opts.threads,
        connections,
        duration: opts.duration,
        timeout: big ? '10s' : '2s',
      });
      result.load[size] = run;
      log(name, `  ${run.requestsPerSec.toFixed(0)} req/s, p99 ${run.latency.p99Ms ?? '?'} ms`);
    }
    result.originFetchesDuringLoad = (await originStats(opts.originUrl, control)).total;
    log(name, `cold burst: ${opts.coldRequests} concurrent requests`);
    result.cold = await coldBurst(peer, opts, control);
    log(name, `  origin fetches: ${result.cold.originFetches}, statuses ${JSON.stringify(result.cold.statuses)}`);
    result.memory = treeMemory(peer.pid);
    result.ok = true;
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
    log(name, `FAILED: ${result.error}`);
  } finally {
    control.destroy();
    if (peer) await peer.stop();
    log(name, 'stopped');
  }
  return result;
}
