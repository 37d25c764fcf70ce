// What the feed benchmarks (activation, invalidation) share around their measurements: the options
// every one takes, the cells (transport × number of edges) run one after another, each with a fresh
// control plane and its own temp dir, the NATS stream checked before and deleted after, and a run that
// always ends (watchdog, signals) with the results written and nothing left running.
//
// A bench supplies what it measures in a cell (`measure`) and how it reports; everything a cell starts
// through the FeedCell it gets is stopped when the cell ends, whether it measured or failed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'undici';
import { choiceList, intArg, intList } from './args.js';
import { BenchApi } from './bench-api.js';
import type { Child } from './children.js';
import type { ControlPlaneMessage } from './control-plane.js';
import { wallClockMs } from './clock.js';
import { waitForQuiet } from './cpu.js';
import type { HostedEdge } from './edge-fleet.js';
import { hostedEdges, startBenchControlPlane, startEdgeHosts, startOrigin } from './fleet.js';
import type { EdgeHostsSpec } from './fleet.js';
import { deleteFeedStream, FEED_STREAM, natsPreflight } from './nats.js';
import { guardRun } from './run-guard.js';
import { TRANSPORT_LABEL, TRANSPORTS } from './transports.js';
import type { Transport } from './transports.js';

/** The parseArgs options every feed bench takes (spread into its own). */
export function feedArgOptions(defaults: { maxMinutes: string }) {
  return {
    only: { type: 'string', default: TRANSPORTS.join(',') },
    edges: { type: 'string', default: '1,10,50' },
    warmup: { type: 'string', default: '2' },
    'gap-ms': { type: 'string', default: '250' },
    timeout: { type: 'string', default: '30' },
    'nats-url': { type: 'string' },
    'reset-nats-stream': { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'info' },
    'wait-idle': { type: 'string', default: '15' },
    'max-minutes': { type: 'string', default: defaults.maxMinutes },
    markdown: { type: 'boolean', default: false },
  } as const;
}

export interface FeedBenchOptions {
  only: Transport[];
  edges: number[];
  warmup: number;
  gapMs: number;
  timeoutMs: number;
  natsUrl: string;
  resetNatsStream: boolean;
  logLevel: string;
  waitIdleS: number;
  maxMs: number;
  markdown: boolean;
}

type FeedArgValues = {
  only: string;
  edges: string;
  warmup: string;
  'gap-ms': string;
  timeout: string;
  'nats-url'?: string | undefined;
  'reset-nats-stream': boolean;
  'log-level': string;
  'wait-idle': string;
  'max-minutes': string;
  markdown: boolean;
};

/** Checks the shared options (throws UsageError); the NATS URL falls back to CANDELA_NATS_URL, then loopback. */
export function feedBenchOptions(values: FeedArgValues, env: NodeJS.ProcessEnv): FeedBenchOptions {
  return {
    only: choiceList('only', values.only, TRANSPORTS, 'transport'),
    // 10 enrolments a minute per loopback address, 127.0.0.2–254.
    edges: intList('edges', values.edges, 1, 2520),
    warmup: intArg('warmup', values.warmup, 0),
    gapMs: intArg('gap-ms', values['gap-ms'], 0),
    timeoutMs: intArg('timeout', values.timeout, 1) * 1000,
    natsUrl: values['nats-url'] ?? env.CANDELA_NATS_URL ?? 'nats://127.0.0.1:4222',
    resetNatsStream: values['reset-nats-stream'],
    logLevel: values['log-level'],
    waitIdleS: intArg('wait-idle', values['wait-idle'], 0),
    maxMs: intArg('max-minutes', values['max-minutes'], 1) * 60_000,
    markdown: values.markdown,
  };
}

/**
 * Warm-up repetitions are not reported. After the last one, one more follows (up to ten more) while the
 * control plane does not yet count every edge (its first heartbeat still on the way), so that every
 * measured repetition waits for all of them.
 */
export function oneMoreWarmup(o: { rep: number; warmups: number; configured: number; edgesCounted: number; edges: number }): boolean {
  return o.rep === o.warmups - 1 && o.edgesCounted < o.edges && o.warmups < o.configured + 10;
}

export interface FeedCellResult {
  transport: Transport;
  edges: number;
  ok: boolean;
  /** Why the cell was not measured, or failed part-way. */
  error?: string;
  /** Machine busy share (all cores) in the seconds before the cell started, %. */
  busyBeforePct?: number;
}

type ControlPlaneReady = Extract<ControlPlaneMessage, { type: 'ready' }>;

/** One cell, its control plane up and signed in to; what it starts through here is stopped at its end. */
export interface FeedCell {
  readonly name: string;
  readonly transport: Transport;
  readonly edges: number;
  /** The cell's temp dir (kept with the logs when the cell fails). */
  readonly dir: string;
  readonly originPort: number;
  readonly controlPlane: Child<ControlPlaneMessage>;
  readonly ready: ControlPlaneReady;
  readonly api: BenchApi;
  log(message: string): void;
  /** Starts the edge hosts, waits for their edges, and opens one keep-alive client to each edge's listener. */
  startEdges<M extends { type: string }>(spec: Omit<EdgeHostsSpec<M>, 'controlPlaneUrl' | 'enrolmentToken' | 'edges' | 'dir'>): Promise<{ hosts: Child<M>[]; hosted: HostedEdge[]; clients: Client[] }>;
}

export interface FeedBenchSpec<R extends FeedCellResult, Raw> {
  /** Names the temp dirs, the results file and the usage pointer: bench/<bench>/run.ts. */
  bench: string;
  /** The seeded customer's name. */
  customer: string;
  enrolmentToken: string;
  opts: FeedBenchOptions;
  /** How long an edge host may take to stop (its edges drain first). */
  hostStopGraceMs: number;
  newResult(transport: Transport, edges: number): R;
  newRaw(): Raw;
  /** Measures one cell into `result` and `raw` (filled in as it goes, so an interrupted run keeps what was done). */
  measure(cell: FeedCell, result: R, raw: Raw): Promise<void>;
  /** Prints the report and writes the raw results (also for an interrupted run). */
  report(cells: readonly R[], raw: Record<string, Raw>, interrupted?: string): void;
}

const log = (cell: string, msg: string): void => void process.stderr.write(`[${cell}] ${msg}\n`);

/** Temp dirs still on disk, for an interrupted run; whether a NATS cell's stream may still exist. */
const dataDirs = new Set<string>();
let natsStreamOurs = false;

async function runCell<R extends FeedCellResult, Raw>(spec: FeedBenchSpec<R, Raw>, transport: Transport, edges: number, originPort: number, result: R, raw: Raw): Promise<void> {
  const { opts } = spec;
  const name = `${transport} ×${edges}`;
  const dir = mkdtempSync(join(tmpdir(), `candela-bench-${spec.bench}-${transport}-${edges}-`));
  dataDirs.add(dir);
  let controlPlane: Child<ControlPlaneMessage> | undefined;
  let api: BenchApi | undefined;
  const hosts: Child<{ type: string }>[] = [];
  const clients: Client[] = [];
  try {
    result.busyBeforePct = await waitForQuiet(opts.waitIdleS * 1000, 15, (m) => log(name, m));
    if (transport === 'nats') natsStreamOurs = true;
    controlPlane = startBenchControlPlane({ dir, transport, natsUrl: opts.natsUrl, logLevel: opts.logLevel, enrolmentToken: spec.enrolmentToken, name: spec.customer });
    const ready = await controlPlane.first('ready', 60_000);
    log(name, `control plane ${ready.url} (pid ${ready.pid}), ${TRANSPORT_LABEL[transport]} feed`);
    const benchApi = new BenchApi(ready.url);
    api = benchApi;
    await benchApi.signIn(ready.email, ready.password);
    const cell: FeedCell = {
      name,
      transport,
      edges,
      dir,
      originPort,
      controlPlane,
      ready,
      api: benchApi,
      log: (m) => log(name, m),
      startEdges: async <M extends { type: string }>(s: Omit<EdgeHostsSpec<M>, 'controlPlaneUrl' | 'enrolmentToken' | 'edges' | 'dir'>) => {
        // The edges: split over the edge-host processes, edge i enrolling from its own loopback address.
        const started = startEdgeHosts<M>({ ...s, controlPlaneUrl: ready.url, enrolmentToken: spec.enrolmentToken, edges, dir });
        hosts.push(...(started as unknown as Child<{ type: string }>[]));
        const hosted = await hostedEdges(started, 120_000);
        const opened = hosted.map((e) => new Client(e.url, { pipelining: 1, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 60_000 }));
        clients.push(...opened);
        return { hosts: started, hosted, clients: opened };
      },
    };
    await spec.measure(cell, result, raw);
    result.ok = true;
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(name, `FAILED: ${result.error}`);
  } finally {
    await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
    await api?.close().catch(() => undefined);
    await Promise.all(hosts.map((h) => h.stop(spec.hostStopGraceMs)));
    await controlPlane?.stop();
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

/** Every cell of the run, transport by transport; the exit status is 0 only when every cell measured. */
export async function runFeedBench<R extends FeedCellResult, Raw>(spec: FeedBenchSpec<R, Raw>): Promise<number> {
  const { opts } = spec;
  const cells: R[] = [];
  const raw: Record<string, Raw> = {};
  const origin = await startOrigin();
  const guard = guardRun({
    maxMs: opts.maxMs,
    limit: `${opts.maxMs / 60_000} minutes`,
    stopping: 'stopping every child process',
    abort: (why) => {
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
      spec.report(cells, raw, why);
      return natsStreamOurs ? deleteFeedStream(opts.natsUrl).catch(() => undefined) : undefined;
    },
  });
  for (const transport of opts.only) {
    const refused = transport === 'nats' ? await natsPreflight(opts.natsUrl, opts.resetNatsStream) : undefined;
    if (refused !== undefined) log('nats', `NOT MEASURED: ${refused}`);
    for (const edges of opts.edges) {
      const result = spec.newResult(transport, edges);
      cells.push(result);
      if (refused !== undefined) {
        result.error = refused;
        continue;
      }
      const cellRaw = spec.newRaw();
      raw[`${transport}-${edges}`] = cellRaw;
      await runCell(spec, transport, edges, origin.port, result, cellRaw);
    }
  }
  guard.clear();
  origin.server.close();
  spec.report(cells, raw);
  return cells.every((c) => c.ok) ? 0 : 1;
}

/**
 * Asks `read` every `intervalMs` until `settled` says so or the deadline (wallClockMs) passes: the last
 * answer, and when the settled one came (undefined when none did).
 */
export async function pollUntil<T>(read: () => Promise<T>, settled: (value: T) => boolean, intervalMs: number, deadlineMs: number, first: T): Promise<{ value: T; settledAtMs: number | undefined }> {
  let value = first;
  while (wallClockMs() < deadlineMs) {
    value = await read();
    if (settled(value)) return { value, settledAtMs: wallClockMs() };
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return { value, settledAtMs: undefined };
}
