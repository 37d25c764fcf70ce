// Activation propagation (issue 4): from the activation API call returning until every one of N edges
// serves the new version, over the embedded HTTP/SSE feed and over NATS JetStream, on loopback.
//
//   npm run bench:activation [-- --markdown] [--only http,nats] [--edges 1,10,50] [--activations 20]
//        [--warmup 2] [--edge-processes 1] [--poll-ms 0] [--active-poll-ms 20] [--gap-ms 250]
//        [--timeout 30] [--nats-url nats://127.0.0.1:4222] [--reset-nats-stream] [--log-level info]
//        [--wait-idle 15] [--max-minutes 10]
//
// For each transport and each N: a fresh control plane (bench/shared/control-plane.ts, the platform's own
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
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from 'undici';
import type { ConfigurationDocumentInput } from '@candela/contract';
import { intArg, parseOrExit } from '../shared/args.js';
import { Arrivals, relativeTo } from '../shared/arrivals.js';
import { wallClockMs } from '../shared/clock.js';
import { feedArgOptions, feedBenchOptions, oneMoreWarmup, pollUntil, runFeedBench } from '../shared/feed-bench.js';
import type { FeedBenchOptions, FeedCell } from '../shared/feed-bench.js';
import { CpuMeter } from '../shared/fleet.js';
import { machineInfo } from '../shared/machine.js';
import { displayNatsUrl } from '../shared/nats.js';
import { repoRoot, writeRawResults } from '../shared/results.js';
import { runMain } from '../shared/run-guard.js';
import type { EdgeHostMessage } from './edge-host.js';
import { summarizeCell } from './stats.js';
import type { Repetition } from './stats.js';
import { renderReport } from './table.js';
import type { CellResult, RunInfo } from './table.js';

const ALIAS = 'bench.example.test';
const HEADER = 'x-bench-version';

interface Options extends FeedBenchOptions {
  activations: number;
  edgeProcesses: number;
  pollMs: number;
  activePollMs: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      ...feedArgOptions({ maxMinutes: '10' }),
      activations: { type: 'string', default: '20' },
      'edge-processes': { type: 'string', default: '1' },
      'poll-ms': { type: 'string', default: '0' },
      'active-poll-ms': { type: 'string', default: '20' },
    },
  });
  return {
    ...feedBenchOptions(values, process.env),
    activations: intArg('activations', values.activations, 1),
    edgeProcesses: intArg('edge-processes', values['edge-processes'], 1),
    pollMs: intArg('poll-ms', values['poll-ms'], 0),
    activePollMs: intArg('active-poll-ms', values['active-poll-ms'], 1),
  };
}

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

/** When each edge swapped in (serving) and had on disk (inForce) the document of each feed seq, as the edge hosts report it. */
class SeqArrivals {
  readonly serving: Arrivals<number>;
  readonly inForce: Arrivals<number>;

  constructor(edges: number) {
    this.serving = new Arrivals<number>(edges);
    this.inForce = new Arrivals<number>(edges);
  }

  record(message: EdgeHostMessage): void {
    if (message.type === 'applied') this.serving.record(message.version, message.index, message.atMs);
    else if (message.type === 'in-force') this.inForce.record(message.seq, message.index, message.atMs);
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

async function measureCell(cell: FeedCell, opts: Options, result: CellResult, reps: Repetition[]): Promise<void> {
  const { api, edges, originPort } = cell;
  const configuration = await api.createConfiguration(cell.ready.scid, 'Activation bench', benchDocument(originPort, 'v1'));
  let latest = configuration.latestVersion;
  const first = await api.activate(configuration.id, latest, 'before the edges');
  const firstSeq = first.value.feedSeq;
  if (firstSeq === null) throw new Error('the first activation has no feed seq');

  const arrivals = new SeqArrivals(edges);
  const { hosts, clients } = await cell.startEdges<EdgeHostMessage>({
    script: join(repoRoot, 'bench', 'activation', 'edge-host.ts'),
    processes: opts.edgeProcesses,
    onMessage: (m) => arrivals.record(m),
  });
  if (!(await arrivals.serving.waitFor(firstSeq, wallClockMs() + opts.timeoutMs))) {
    throw new Error(`not every edge caught up with the first snapshot (seq ${firstSeq}) within ${opts.timeoutMs} ms`);
  }
  cell.log(`${edges} edge${edges === 1 ? '' : 's'} up in ${hosts.length} process${hosts.length === 1 ? '' : 'es'}, all serving seq ${firstSeq}`);

  let cpuMeter: CpuMeter | undefined;
  let warmups = opts.warmup;
  for (let r = 0; r < warmups + opts.activations; r++) {
    const measured = r >= warmups;
    if (measured && cpuMeter === undefined) {
      cpuMeter = new CpuMeter(cell.controlPlane.pid, hosts.map((h) => h.pid));
      cpuMeter.start();
    }
    const label = `r${r + 1}`;
    latest = await api.saveVersion(configuration.id, latest, benchDocument(originPort, label), label);
    const timed = await api.activate(configuration.id, latest, label);
    const t0 = timed.returnedAtMs;
    const seq = timed.value.feedSeq;
    if (seq === null) throw new Error(`activation ${timed.value.id} has no feed seq`);
    const deadline = t0 + opts.timeoutMs;
    const polled = opts.pollMs > 0 ? Promise.all(clients.map((c) => pollEdge(c, label, opts.pollMs, deadline))) : undefined;
    const allServed = await arrivals.serving.waitFor(seq, deadline);
    // The API's view: polled until the watcher settles it (every online edge acked or reported it).
    const settled = await pollUntil(() => api.getActivation(timed.value.id), (a) => a.status !== 'propagating' && a.status !== 'pending', opts.activePollMs, deadline, timed.value);
    const status = settled.value;
    const activeAt = status.status === 'active' ? settled.settledAtMs : undefined;
    await arrivals.inForce.waitFor(seq, Math.min(deadline, wallClockMs() + 2_000));
    const polledAt = polled === undefined ? undefined : await polled;
    const answers = await Promise.all(clients.map((c) => versionServed(c).catch(() => undefined)));
    const rep: Repetition = {
      rep: r + 1,
      feedSeq: seq,
      apiCallMs: timed.returnedAtMs - timed.sentAtMs,
      servingMs: relativeTo(arrivals.serving.row(seq), t0),
      inForceMs: relativeTo(arrivals.inForce.row(seq), t0),
      ...(polledAt === undefined ? {} : { polledMs: relativeTo(polledAt, t0) }),
      activeMs: activeAt === undefined ? undefined : activeAt - t0,
      finalStatus: status.status,
      edgesDone: status.edgesDone,
      edgesTotal: status.edgesTotal,
      verified: answers.filter((a) => a === label).length,
    };
    const last = Math.max(...rep.servingMs.map((v) => v ?? Number.NaN));
    cell.log(
      `${measured ? 'activation' : 'warm-up'} ${r + 1 - (measured ? warmups : 0)}: seq ${seq}, last edge ${allServed ? `${last.toFixed(1)} ms` : 'MISSING'}, ` +
        `API ${status.status} ${rep.activeMs === undefined ? '' : `at ${rep.activeMs.toFixed(0)} ms `}(${status.edgesDone}/${status.edgesTotal}), HTTP check ${rep.verified}/${edges}`,
    );
    if (measured) reps.push(rep);
    else if (oneMoreWarmup({ rep: r, warmups, configured: opts.warmup, edgesCounted: rep.edgesTotal, edges })) warmups += 1;
    result.summary = summarizeCell(reps, edges);
    if (opts.gapMs > 0) await sleep(opts.gapMs);
  }
  if (cpuMeter !== undefined) Object.assign(result, cpuMeter.result());
}

function runInfo(opts: Options): RunInfo {
  return {
    ...machineInfo(),
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

async function main(): Promise<number> {
  const opts = parseOrExit('bench/activation/run.ts', parseOptions);
  const info = runInfo(opts);
  return runFeedBench<CellResult, Repetition[]>({
    bench: 'activation',
    customer: 'Activation bench',
    enrolmentToken: 'activation-bench-enrolment-token',
    opts,
    hostStopGraceMs: 3_000,
    newResult: (transport, edges) => ({ transport, edges, ok: false }),
    newRaw: () => [],
    measure: (cell, result, reps) => measureCell(cell, opts, result, reps),
    report: (cells, raw, interrupted) => {
      process.stdout.write(`\n${renderReport(cells, info, opts.markdown)}\n`);
      if (interrupted !== undefined) process.stdout.write(`\nINTERRUPTED (${interrupted}): the tables show only what was measured before.\n`);
      writeRawResults('activation', info.date, { info, options: opts, interrupted, cells, repetitions: raw });
    },
  });
}

runMain(main);
