// Activation propagation (issue 4): from the activation API call returning until every one of N edges
// serves the new version, over the embedded HTTP/SSE feed and over NATS JetStream, on loopback.
//
//   npm run bench:activation [-- --markdown] [--only http,nats] [--edges 1,10,50] [--activations 20]
//        [--warmup 2] [--edge-processes 1] [--poll-ms 0] [--active-poll-ms 20] [--gap-ms 250]
//        [--timeout 30] [--nats-url nats://127.0.0.1:4222] [--reset-nats-stream] [--log-level info]
//        [--wait-idle 15] [--max-minutes 10]
//
// For each transport and each N: a fresh control plane (control-plane.ts, the platform's own
// startControlPlane on a fresh SQLite data dir; with CANDELA_NATS_URL for the NATS transport) seeded with
// one customer, one service and one domain admin; the runner signs in and creates a configuration whose
// one property, bench.example.test, points at a small origin in this process and sets the response header
// x-bench-version; version 1 is activated before any edge exists. Then N edges start in feed mode
// (edge-host.ts: real edges, each with its own listeners, data dir and feed connection), catch up, and
// the runner repeats: save a version with a new x-bench-version value, activate it in production, take
// t0 when the API call returns, and wait until every edge reports that it swapped in the document of that
// activation's feed seq (timed in the edge's process when it happens). It also polls GET /activations/{id}
// until `active`, and afterwards asks every edge for the alias over HTTP and checks the header. With
// --poll-ms > 0 it also polls every edge over HTTP during the propagation, as a cross-check of the hook.
//
// The NATS URL comes from --nats-url, else CANDELA_NATS_URL, else nats://127.0.0.1:4222. When NATS cannot
// be reached its cells fail with the reason and the exit status is 1. The table goes to stdout, the raw
// measurements to bench/out/activation-<timestamp>.json.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from 'undici';
import type { ConfigurationDocumentInput } from '@candela/contract';
import { machineBusyPct, machineTicks, waitForQuiet } from '../api/cpu.js';
import { cpuPercent } from '../api/stats.js';
import { BenchApi } from './api.js';
import { killChildrenSync, startChild } from './children.js';
import type { Child } from './children.js';
import { wallClockMs } from './clock.js';
import type { ControlPlaneMessage } from './control-plane.js';
import type { EdgeHostMessage, HostedEdge } from './edge-host.js';
import { deleteFeedStream, displayNatsUrl, FEED_STREAM, feedStreamState } from './nats.js';
import { summarizeCell, TRANSPORTS } from './stats.js';
import type { Repetition, Transport } from './stats.js';
import { renderReport, TRANSPORT_LABEL } from './table.js';
import type { CellResult, RunInfo } from './table.js';

const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const ALIAS = 'bench.example.test';
const HEADER = 'x-bench-version';
const ENROLMENT_TOKEN = 'activation-bench-enrolment-token';

interface Options {
  only: Transport[];
  edges: number[];
  activations: number;
  warmup: number;
  edgeProcesses: number;
  pollMs: number;
  activePollMs: number;
  gapMs: number;
  timeoutMs: number;
  natsUrl: string;
  resetNatsStream: boolean;
  logLevel: string;
  waitIdleS: number;
  maxMs: number;
  markdown: boolean;
}

function usage(message: string): never {
  process.stderr.write(`${message}\nsee the header of bench/activation/run.ts for usage\n`);
  process.exit(2);
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', default: TRANSPORTS.join(',') },
      edges: { type: 'string', default: '1,10,50' },
      activations: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '2' },
      'edge-processes': { type: 'string', default: '1' },
      'poll-ms': { type: 'string', default: '0' },
      'active-poll-ms': { type: 'string', default: '20' },
      'gap-ms': { type: 'string', default: '250' },
      timeout: { type: 'string', default: '30' },
      'nats-url': { type: 'string' },
      'reset-nats-stream': { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'info' },
      'wait-idle': { type: 'string', default: '15' },
      'max-minutes': { type: 'string', default: '10' },
      markdown: { type: 'boolean', default: false },
    },
  });
  const int = (name: string, v: string, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) usage(`--${name} must be an integer ≥ ${min} (got ${v})`);
    return n;
  };
  const only = values.only.split(',').map((s) => s.trim()).filter(Boolean);
  for (const t of only) if (!(TRANSPORTS as readonly string[]).includes(t)) usage(`--only: unknown transport ${t} (http, nats)`);
  const edges = values.edges.split(',').map((s) => int('edges', s.trim(), 1));
  if (edges.some((n) => n > 2520)) usage('--edges: at most 2520 (10 enrolments per loopback address)');
  return {
    only: TRANSPORTS.filter((t) => only.includes(t)),
    edges: [...new Set(edges)].sort((a, b) => a - b),
    activations: int('activations', values.activations, 1),
    warmup: int('warmup', values.warmup, 0),
    edgeProcesses: int('edge-processes', values['edge-processes'], 1),
    pollMs: int('poll-ms', values['poll-ms'], 0),
    activePollMs: int('active-poll-ms', values['active-poll-ms'], 1),
    gapMs: int('gap-ms', values['gap-ms'], 0),
    timeoutMs: int('timeout', values.timeout, 1) * 1000,
    natsUrl: values['nats-url'] ?? process.env.CANDELA_NATS_URL ?? 'nats://127.0.0.1:4222',
    resetNatsStream: values['reset-nats-stream'],
    logLevel: values['log-level'],
    waitIdleS: int('wait-idle', values['wait-idle'], 0),
    maxMs: int('max-minutes', values['max-minutes'], 1) * 60_000,
    markdown: values.markdown,
  };
}

const log = (cell: string, msg: string): void => void process.stderr.write(`[${cell}] ${msg}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The configuration document of one version: one property whose responses carry `x-bench-version: label`. */
function benchDocument(originPort: number, label: string): ConfigurationDocumentInput {
  return {
    properties: [
      {
        aliases: [ALIAS],
        origin: { protocol: 'http', host: '127.0.0.1', port: originPort },
        defaults: { responseHeaders: { set: { [HEADER]: label }, remove: [] } },
      },
    ],
  };
}

/**
 * The origin: a small cacheable 200 for everything. After the first request each check is a cache hit on
 * the edge (no origin trip), and the edge applies the property's response headers when it answers
 * (pipeline/response-headers.ts), so a stored object shows the version in force.
 */
async function startOrigin(): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=3600', 'content-length': '3' });
    res.end('ok\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address !== null ? address.port : 0 };
}

/** When each edge swapped in (and had on disk) the document of each feed seq, as the edge hosts report it. */
class Arrivals {
  readonly serving = new Map<number, (number | undefined)[]>();
  readonly inForce = new Map<number, (number | undefined)[]>();
  #waiters: (() => void)[] = [];

  constructor(readonly edges: number) {}

  record(message: EdgeHostMessage): void {
    if (message.type !== 'applied' && message.type !== 'in-force') return;
    const map = message.type === 'applied' ? this.serving : this.inForce;
    const seq = message.type === 'applied' ? message.version : message.seq;
    let row = map.get(seq);
    if (row === undefined) map.set(seq, (row = new Array<number | undefined>(this.edges).fill(undefined)));
    row[message.index] ??= message.atMs;
    for (const w of this.#waiters.splice(0)) w();
  }

  complete(map: Map<number, (number | undefined)[]>, seq: number): boolean {
    const row = map.get(seq);
    return row !== undefined && row.every((v) => v !== undefined);
  }

  /** Resolves when every edge has reported `seq` in `map`, or at the deadline (false). */
  async waitFor(map: Map<number, (number | undefined)[]>, seq: number, deadlineMs: number): Promise<boolean> {
    while (!this.complete(map, seq)) {
      const left = deadlineMs - wallClockMs();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
    return true;
  }

  relative(map: Map<number, (number | undefined)[]>, seq: number, t0: number): (number | undefined)[] {
    const row = map.get(seq) ?? new Array<number | undefined>(this.edges).fill(undefined);
    return row.map((v) => (v === undefined ? undefined : v - t0));
  }
}

async function versionServed(client: Client): Promise<string | undefined> {
  const res = await client.request({ path: '/', method: 'GET', headers: { host: ALIAS } });
  await res.body.dump();
  const v = res.headers[HEADER];
  return res.statusCode === 200 && typeof v === 'string' ? v : undefined;
}

/** First moment (wallClockMs) an edge answers with `label`, polling every pollMs; undefined at the deadline. */
async function pollEdge(client: Client, label: string, pollMs: number, deadlineMs: number): Promise<number | undefined> {
  while (wallClockMs() < deadlineMs) {
    const v = await versionServed(client).catch(() => undefined);
    if (v === label) return wallClockMs();
    await sleep(pollMs);
  }
  return undefined;
}

/** user + system CPU ms of one process from /proc (0 once it is gone). */
function processCpuMs(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * 10;
  } catch {
    return 0;
  }
}

/** Children and temp dirs still alive, for an interrupted run. */
const dataDirs = new Set<string>();
let natsStreamOurs = false;

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ['CANDELA_DATABASE_URL', 'CANDELA_DATABASE_URL_FILE', 'CANDELA_NATS_URL', 'CANDELA_NATS_URL_FILE', 'CANDELA_EDGE_ENROLMENT_TOKEN_FILE']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

async function measureCell(transport: Transport, edges: number, opts: Options, result: CellResult, originPort: number, reps: Repetition[]): Promise<void> {
  const name = `${transport} ×${edges}`;
  const dir = mkdtempSync(join(tmpdir(), `candela-bench-activation-${transport}-${edges}-`));
  dataDirs.add(dir);
  let cp: Child<ControlPlaneMessage> | undefined;
  const hosts: Child<EdgeHostMessage>[] = [];
  let api: BenchApi | undefined;
  const clients: Client[] = [];
  try {
    result.busyBeforePct = await waitForQuiet(opts.waitIdleS * 1000, 15, (m) => log(name, m));
    const env: Record<string, string> = {
      CANDELA_DATA_DIR: join(dir, 'control-plane'),
      CANDELA_HOST: '127.0.0.1',
      CANDELA_PORT: '0',
      CANDELA_LOG_LEVEL: opts.logLevel,
      CANDELA_EDGE_ENROLMENT_TOKEN: ENROLMENT_TOKEN,
    };
    if (transport === 'nats') {
      env.CANDELA_NATS_URL = opts.natsUrl;
      natsStreamOurs = true;
    }
    mkdirSync(env.CANDELA_DATA_DIR ?? dir, { recursive: true });
    cp = startChild<ControlPlaneMessage>({ script: join(repoRoot, 'bench', 'activation', 'control-plane.ts'), args: [], env: childEnv(env), cwd: repoRoot, logFile: join(dir, 'control-plane.log') });
    const ready = await cp.first('ready', 60_000);
    log(name, `control plane ${ready.url} (pid ${ready.pid}), ${TRANSPORT_LABEL[transport]} feed`);
    api = new BenchApi(ready.url);
    await api.signIn(ready.email, ready.password);
    const configuration = await api.createConfiguration(ready.scid, 'Activation bench', benchDocument(originPort, 'v1'));
    let latest = configuration.latestVersion;
    const first = await api.activate(configuration.id, latest, 'before the edges');
    const firstSeq = first.activation.feedSeq;
    if (firstSeq === null) throw new Error('the first activation has no feed seq');

    // The edges: split over the edge-host processes, edge i enrolling from its own loopback address.
    const arrivals = new Arrivals(edges);
    const perHost = Math.ceil(edges / Math.min(opts.edgeProcesses, edges));
    for (let firstIndex = 0; firstIndex < edges; firstIndex += perHost) {
      const count = Math.min(perHost, edges - firstIndex);
      const host = startChild<EdgeHostMessage>({
        script: join(repoRoot, 'bench', 'activation', 'edge-host.ts'),
        args: ['--control-plane', ready.url, '--first', String(firstIndex), '--count', String(count), '--data-dir', join(dir, 'edges')],
        env: childEnv({ CANDELA_EDGE_ENROLMENT_TOKEN: ENROLMENT_TOKEN }),
        cwd: repoRoot,
        logFile: join(dir, `edge-host-${firstIndex}.log`),
      });
      host.onMessage((m) => arrivals.record(m));
      hosts.push(host);
    }
    const hosted: HostedEdge[] = (await Promise.all(hosts.map((h) => h.first('ready', 120_000)))).flatMap((r) => r.edges).sort((a, b) => a.index - b.index);
    for (const e of hosted) clients.push(new Client(e.url, { pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 60_000 }));
    if (!(await arrivals.waitFor(arrivals.serving, firstSeq, wallClockMs() + opts.timeoutMs))) {
      throw new Error(`not every edge caught up with the first snapshot (seq ${firstSeq}) within ${opts.timeoutMs} ms`);
    }
    log(name, `${edges} edge${edges === 1 ? '' : 's'} up in ${hosts.length} process${hosts.length === 1 ? '' : 'es'}, all serving seq ${firstSeq}`);

    let cpu0: { machine: ReturnType<typeof machineTicks>; cp: number; edges: number; runner: NodeJS.CpuUsage; at: number } | undefined;
    // Warm-up activations are not reported; more follow (up to 10) while the control plane does not yet
    // count every edge online (its first heartbeat still on the way), so measured activations wait for all.
    let warmups = opts.warmup;
    for (let r = 0; r < warmups + opts.activations; r++) {
      const measured = r >= warmups;
      if (measured && cpu0 === undefined) {
        cpu0 = { machine: machineTicks(), cp: processCpuMs(cp.pid), edges: hosts.reduce((n, h) => n + processCpuMs(h.pid), 0), runner: process.cpuUsage(), at: wallClockMs() };
      }
      const label = `r${r + 1}`;
      latest = await api.saveVersion(configuration.id, latest, benchDocument(originPort, label), label);
      const timed = await api.activate(configuration.id, latest, label);
      const t0 = timed.returnedAtMs;
      const seq = timed.activation.feedSeq;
      if (seq === null) throw new Error(`activation ${timed.activation.id} has no feed seq`);
      const deadline = t0 + opts.timeoutMs;
      const polled = opts.pollMs > 0 ? Promise.all(clients.map((c) => pollEdge(c, label, opts.pollMs, deadline))) : undefined;
      const allServed = await arrivals.waitFor(arrivals.serving, seq, deadline);
      // The API's view: polled until the watcher settles it (every online edge acked or reported it).
      let activeAt: number | undefined;
      let status = timed.activation;
      while (wallClockMs() < deadline) {
        status = await api.getActivation(timed.activation.id);
        if (status.status !== 'propagating' && status.status !== 'pending') {
          if (status.status === 'active') activeAt = wallClockMs();
          break;
        }
        await sleep(opts.activePollMs);
      }
      await arrivals.waitFor(arrivals.inForce, seq, Math.min(deadline, wallClockMs() + 2_000));
      const polledAt = polled === undefined ? undefined : await polled;
      const answers = await Promise.all(clients.map((c) => versionServed(c).catch(() => undefined)));
      const rep: Repetition = {
        rep: r + 1,
        feedSeq: seq,
        apiCallMs: timed.returnedAtMs - timed.sentAtMs,
        servingMs: arrivals.relative(arrivals.serving, seq, t0),
        inForceMs: arrivals.relative(arrivals.inForce, seq, t0),
        ...(polledAt === undefined ? {} : { polledMs: polledAt.map((v) => (v === undefined ? undefined : v - t0)) }),
        activeMs: activeAt === undefined ? undefined : activeAt - t0,
        finalStatus: status.status,
        edgesDone: status.edgesDone,
        edgesTotal: status.edgesTotal,
        verified: answers.filter((a) => a === label).length,
      };
      const last = Math.max(...rep.servingMs.map((v) => v ?? Number.NaN));
      log(
        name,
        `${measured ? 'activation' : 'warm-up'} ${r + 1 - (measured ? warmups : 0)}: seq ${seq}, last edge ${allServed ? `${last.toFixed(1)} ms` : 'MISSING'}, ` +
          `API ${status.status} ${rep.activeMs === undefined ? '' : `at ${rep.activeMs.toFixed(0)} ms `}(${status.edgesDone}/${status.edgesTotal}), HTTP check ${rep.verified}/${edges}`,
      );
      if (measured) reps.push(rep);
      else if (r === warmups - 1 && rep.edgesTotal < edges && warmups < opts.warmup + 10) warmups += 1;
      result.summary = summarizeCell(reps, edges);
      if (opts.gapMs > 0) await sleep(opts.gapMs);
    }
    if (cpu0 !== undefined) {
      const wallMs = wallClockMs() - cpu0.at;
      const runner = process.cpuUsage(cpu0.runner);
      result.controlPlaneCpuPct = cpuPercent(processCpuMs(cp.pid) - cpu0.cp, wallMs);
      result.edgesCpuPct = cpuPercent(hosts.reduce((n, h) => n + processCpuMs(h.pid), 0) - cpu0.edges, wallMs);
      result.runnerCpuPct = cpuPercent((runner.user + runner.system) / 1000, wallMs);
      result.busyDuringPct = machineBusyPct(cpu0.machine, machineTicks());
      result.otherCpuPct = Math.max(0, result.busyDuringPct * availableParallelism() - result.controlPlaneCpuPct - result.edgesCpuPct - result.runnerCpuPct);
    }
    result.ok = true;
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(name, `FAILED: ${result.error}`);
  } finally {
    await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
    await api?.close().catch(() => undefined);
    await Promise.all(hosts.map((h) => h.stop(3_000)));
    await cp?.stop();
    if (transport === 'nats') {
      await deleteFeedStream(opts.natsUrl).catch((e: unknown) => log(name, `could not delete the ${FEED_STREAM} stream: ${String(e)}`));
      natsStreamOurs = false;
    }
    if (result.ok) {
      rmSync(dir, { recursive: true, force: true });
      dataDirs.delete(dir);
    } else log(name, `logs kept in ${dir}`);
  }
}

/** NATS reachable, JetStream answering, the feed stream free (or reset when asked): else the reason. */
async function natsPreflight(opts: Options): Promise<string | undefined> {
  const shown = displayNatsUrl(opts.natsUrl);
  let state;
  try {
    state = await feedStreamState(opts.natsUrl);
  } catch (error) {
    return `NATS JetStream at ${shown} is unreachable (${error instanceof Error ? error.message : String(error)}); start it (docs: ../shared/design/stack.md) or pass --only http`;
  }
  if (!state.exists) return undefined;
  if (!opts.resetNatsStream) {
    return (
      `the stream ${FEED_STREAM} already exists on ${shown} (${state.messages} messages, ${state.consumers} consumers): a fresh control plane's feed starts at seq 1, ` +
      `so edges would take the old stream's newest snapshot and ignore this run's. Delete it (nats stream rm ${FEED_STREAM}) or pass --reset-nats-stream, only on a NATS server no real control plane uses`
    );
  }
  await deleteFeedStream(opts.natsUrl);
  return undefined;
}

function runInfo(opts: Options): RunInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    date: new Date().toISOString(),
    nproc: availableParallelism(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    memTotalGiB: totalmem() / 2 ** 30,
    kernel: release(),
    node: process.version,
    activations: opts.activations,
    warmup: opts.warmup,
    edgeProcesses: opts.edgeProcesses,
    pollMs: opts.pollMs,
    activePollMs: opts.activePollMs,
    gapMs: opts.gapMs,
    logLevel: opts.logLevel,
    natsUrl: opts.only.includes('nats') ? displayNatsUrl(opts.natsUrl) : 'not run',
  };
}

function writeResults(cells: CellResult[], raw: Record<string, Repetition[]>, info: RunInfo, opts: Options, interrupted?: string): void {
  process.stdout.write(`\n${renderReport(cells, info, opts.markdown)}\n`);
  if (interrupted !== undefined) process.stdout.write(`\nINTERRUPTED (${interrupted}): the tables show only what was measured before.\n`);
  const outDir = join(repoRoot, 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `activation-${info.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ info, options: opts, interrupted, cells, repetitions: raw }, null, 2)}\n`);
  process.stderr.write(`\nraw results: ${file}\n`);
}

async function main(): Promise<number> {
  const opts = parseOptions();
  const info = runInfo(opts);
  const cells: CellResult[] = [];
  const raw: Record<string, Repetition[]> = {};
  const origin = await startOrigin();
  const abort = (why: string, code: number): void => {
    process.stderr.write(`\n${why}: stopping every child process\n`);
    killChildrenSync();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    writeResults(cells, raw, info, opts, why);
    const cleanup = natsStreamOurs ? deleteFeedStream(opts.natsUrl).catch(() => undefined) : Promise.resolve();
    void cleanup.finally(() => process.exit(code));
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => abort(sig, 130));
  const watchdog = setTimeout(() => abort(`the run passed ${opts.maxMs / 60_000} minutes`, 1), opts.maxMs);
  watchdog.unref();
  for (const transport of opts.only) {
    const refused = transport === 'nats' ? await natsPreflight(opts) : undefined;
    if (refused !== undefined) log('nats', `NOT MEASURED: ${refused}`);
    for (const edges of opts.edges) {
      const result: CellResult = { transport, edges, ok: false };
      cells.push(result);
      if (refused !== undefined) {
        result.error = refused;
        continue;
      }
      const reps: Repetition[] = [];
      raw[`${transport}-${edges}`] = reps;
      await measureCell(transport, edges, opts, result, origin.port, reps);
    }
  }
  clearTimeout(watchdog);
  origin.server.close();
  writeResults(cells, raw, info, opts);
  return cells.every((c) => c.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killChildrenSync();
    process.exit(1);
  },
);
