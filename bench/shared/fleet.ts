// The runner's side of a feed benchmark cell (activation, invalidation): the origin the property points
// at, a fresh control plane in its own process, N edges spread over edge-host processes, and the CPU each
// of them (and everything else on the machine) used while the cell measured.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startChild } from './children.js';
import type { Child } from './children.js';
import { wallClockMs } from './clock.js';
import type { ControlPlaneMessage } from './control-plane.js';
import { machineBusyPct, machineTicks, processCpuMs } from './cpu.js';
import type { MachineTicks } from './cpu.js';
import type { HostedEdge } from './edge-fleet.js';
import { cpuPercent } from './latency.js';
import { repoRoot } from './results.js';
import type { Transport } from './transports.js';


/**
 * The children's environment: the runner's, minus any database, NATS or enrolment-token setting it may
 * carry (a developer's shell), plus `extra`. The cell decides those, nobody else.
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ['CANDELA_DATABASE_URL', 'CANDELA_DATABASE_URL_FILE', 'CANDELA_NATS_URL', 'CANDELA_NATS_URL_FILE', 'CANDELA_EDGE_ENROLMENT_TOKEN_FILE']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

/**
 * The origin: a small cacheable 200 for every path. After the first request each object is a cache hit
 * on the edge (no origin trip), and the edge applies the property's response headers when it answers.
 */
export async function startOrigin(): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=3600', 'content-length': '3' });
    res.end('ok\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address !== null ? address.port : 0 };
}

export interface ControlPlaneSpec {
  /** The cell's temp dir: the control plane's data dir and log go in it. */
  dir: string;
  transport: Transport;
  natsUrl: string;
  logLevel: string;
  enrolmentToken: string;
  /** The seeded customer's name (and its admin's e-mail). */
  name: string;
}

/** A fresh control plane (bench/shared/control-plane.ts) on SQLite in `dir`; await `first('ready', …)`. */
export function startBenchControlPlane(spec: ControlPlaneSpec): Child<ControlPlaneMessage> {
  const dataDir = join(spec.dir, 'control-plane');
  mkdirSync(dataDir, { recursive: true });
  const env: Record<string, string> = {
    CANDELA_DATA_DIR: dataDir,
    CANDELA_HOST: '127.0.0.1',
    CANDELA_PORT: '0',
    CANDELA_LOG_LEVEL: spec.logLevel,
    CANDELA_EDGE_ENROLMENT_TOKEN: spec.enrolmentToken,
  };
  if (spec.transport === 'nats') env.CANDELA_NATS_URL = spec.natsUrl;
  return startChild<ControlPlaneMessage>({
    script: join(repoRoot, 'bench', 'shared', 'control-plane.ts'),
    args: ['--name', spec.name],
    env: childEnv(env),
    cwd: repoRoot,
    logFile: join(spec.dir, 'control-plane.log'),
  });
}

/** How many edges each host process gets: N over `processes` (never more processes than edges). */
export function edgesPerHost(edges: number, processes: number): number {
  return Math.ceil(edges / Math.min(processes, edges));
}

export interface EdgeHostsSpec<M> {
  /** The bench's edge-host script (it starts its edges through bench/shared/edge-fleet.ts). */
  script: string;
  controlPlaneUrl: string;
  enrolmentToken: string;
  edges: number;
  processes: number;
  dir: string;
  /** More arguments for every host, and Node flags (e.g. a larger heap). */
  extraArgs?: string[];
  nodeArgs?: string[];
  onMessage: (message: M) => void;
}

/** Starts the edge hosts; edge i is the (i − first)th edge of the host whose range holds it. */
export function startEdgeHosts<M extends { type: string }>(spec: EdgeHostsSpec<M>): Child<M>[] {
  const hosts: Child<M>[] = [];
  const perHost = edgesPerHost(spec.edges, spec.processes);
  for (let firstIndex = 0; firstIndex < spec.edges; firstIndex += perHost) {
    const count = Math.min(perHost, spec.edges - firstIndex);
    const host = startChild<M>({
      script: spec.script,
      args: ['--control-plane', spec.controlPlaneUrl, '--first', String(firstIndex), '--count', String(count), '--data-dir', join(spec.dir, 'edges'), ...(spec.extraArgs ?? [])],
      ...(spec.nodeArgs === undefined ? {} : { nodeArgs: spec.nodeArgs }),
      env: childEnv({ CANDELA_EDGE_ENROLMENT_TOKEN: spec.enrolmentToken }),
      cwd: repoRoot,
      logFile: join(spec.dir, `edge-host-${firstIndex}.log`),
    });
    host.onMessage(spec.onMessage);
    hosts.push(host);
  }
  return hosts;
}

/** Every host's edges, by index, once each host said `ready` (every edge-host script's ready message lists its edges). */
export async function hostedEdges<M extends { type: string }>(hosts: readonly Child<M>[], timeoutMs: number): Promise<HostedEdge[]> {
  const ready = await Promise.all(hosts.map((h) => h.first('ready', timeoutMs) as Promise<unknown> as Promise<{ edges: HostedEdge[] }>));
  return ready.flatMap((r) => r.edges).sort((a, b) => a.index - b.index);
}

/** CPU during a cell's measurements, % of one core; busyDuringPct is the whole machine, % of all cores. */
export interface CellCpu {
  controlPlaneCpuPct: number;
  edgesCpuPct: number;
  runnerCpuPct: number;
  otherCpuPct: number;
  busyDuringPct: number;
}

/**
 * Counts the CPU of the control plane, the edge hosts, this runner and the whole machine over one or more
 * intervals (start … stop), and says who used what over their sum: a bench can count only the moments it
 * measures, not what it does in between.
 */
export class CpuMeter {
  #wallMs = 0;
  #cpMs = 0;
  #edgesMs = 0;
  #runnerMs = 0;
  #busyTicks = 0;
  #totalTicks = 0;
  #open: { at: number; machine: MachineTicks; cp: number; edges: number; runner: NodeJS.CpuUsage } | undefined;

  constructor(
    readonly controlPlanePid: number,
    readonly hostPids: readonly number[],
  ) {}

  #hostsMs(): number {
    return this.hostPids.reduce((n, pid) => n + processCpuMs(pid), 0);
  }

  start(): void {
    this.#open = { at: wallClockMs(), machine: machineTicks(), cp: processCpuMs(this.controlPlanePid), edges: this.#hostsMs(), runner: process.cpuUsage() };
  }

  stop(): void {
    const o = this.#open;
    if (o === undefined) return;
    this.#open = undefined;
    const ran = process.cpuUsage(o.runner);
    const machine = machineTicks();
    this.#wallMs += wallClockMs() - o.at;
    this.#cpMs += processCpuMs(this.controlPlanePid) - o.cp;
    this.#edgesMs += this.#hostsMs() - o.edges;
    this.#runnerMs += (ran.user + ran.system) / 1000;
    this.#busyTicks += machine.busy - o.machine.busy;
    this.#totalTicks += machine.total - o.machine.total;
  }

  /** CPU ms of the edge hosts, summed over the intervals so far. */
  get edgesCpuMs(): number {
    return this.#edgesMs;
  }

  /** Over every interval so far (an open one is closed first). */
  result(): CellCpu {
    this.stop();
    const controlPlaneCpuPct = cpuPercent(this.#cpMs, this.#wallMs);
    const edgesCpuPct = cpuPercent(this.#edgesMs, this.#wallMs);
    const runnerCpuPct = cpuPercent(this.#runnerMs, this.#wallMs);
    const busyDuringPct = machineBusyPct({ busy: 0, total: 0 }, { busy: this.#busyTicks, total: this.#totalTicks });
    const otherCpuPct = Math.max(0, busyDuringPct * availableParallelism() - controlPlaneCpuPct - edgesCpuPct - runnerCpuPct);
    return { controlPlaneCpuPct, edgesCpuPct, runnerCpuPct, otherCpuPct, busyDuringPct };
  }
}
