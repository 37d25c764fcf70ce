// Content invalidation propagation (issue 5): from the invalidation API call returning until every one of
// N edges has applied it, over the embedded HTTP/SSE feed and over NATS JetStream, with 100,000 stored
// objects per edge that a wildcard path pattern has to scan, on loopback.
//
//   npm run bench:invalidation [-- --markdown] [--only http,nats] [--edges 1,10,50] [--invalidations 20]
//        [--warmup 2] [--edge-processes auto] [--objects 100000] [--pattern '/assets/*.jpg']
//        [--tiers memory|both] [--complete-poll-ms 20] [--refill-gc on|off] [--gap-ms 250] [--timeout 30]
//        [--nats-url nats://127.0.0.1:4222] [--reset-nats-stream] [--log-level info] [--wait-idle 15]
//        [--max-minutes 40]
//
// For each transport and each N (a cell): a fresh control plane (bench/shared/control-plane.ts, the
// platform's own startControlPlane on a fresh SQLite data dir; with CANDELA_NATS_URL for NATS) seeded with
// one customer, one service and one domain admin; the runner signs in, creates a configuration whose one
// property, bench.example.test, points at a small origin in this process, and activates it before any
// edge exists. Then N edges start in feed mode (edge-host.ts: real edges, each with its own listeners,
// data dir and feed connection, ten to a process by default), catch up, and each fills its cache with
// --objects objects (edge-store.ts: one fetched through the edge, the rest stored from it through the
// edge's store API). Then the runner repeats: POST a path invalidation of --pattern for the property,
// Normal and Force in turn, take t0 when the API call returns, and wait until every edge reports that it
// applied it (timed in the edge's process when its apply ends); poll GET /invalidations/{id} until
// `complete`; ask every edge over HTTP for one matched object (must not be a plain hit) and one unmatched
// object (must still be a hit); and have every edge store the matched objects afresh for the next one
// (then, with --refill-gc on, the default, each host collects the refill's garbage before the next).
//
// The invalidation API allows 60 requests a minute and 10,000 items an hour per access group; the runner
// paces itself by the control plane's own rule (pacing.ts). The NATS URL comes from --nats-url, else
// CANDELA_NATS_URL, else nats://127.0.0.1:4222; when NATS cannot be reached its cells fail with the reason
// and the exit status is 1. The tables go to stdout, the raw measurements to
// bench/out/invalidation-<timestamp>.json.
import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'undici';
import type { ConfigurationDocumentInput, Invalidation } from '@candela/contract';
import { parseOrExit } from '../shared/args.js';
import { Arrivals, relativeTo } from '../shared/arrivals.js';
import { RateLimitedError } from '../shared/bench-api.js';
import type { BenchApi, Timed } from '../shared/bench-api.js';
import { candelaHit } from '../shared/cache-status.js';
import type { Child } from '../shared/children.js';
import { wallClockMs } from '../shared/clock.js';
import { oneMoreWarmup, pollUntil, runFeedBench } from '../shared/feed-bench.js';
import type { FeedCell } from '../shared/feed-bench.js';
import { CpuMeter, edgesPerHost } from '../shared/fleet.js';
import { summarize } from '../shared/latency.js';
import { machineInfo } from '../shared/machine.js';
import { displayNatsUrl } from '../shared/nats.js';
import { repoRoot, writeRawResults } from '../shared/results.js';
import { runMain } from '../shared/run-guard.js';
import type { EdgeHostCommand, EdgeHostMessage, HostMemory, StoreState } from './edge-host.js';
import { firstUnmatched, matchingObjects, objectPath } from './objects.js';
import { budgets, diskNeed, parseOptions, processesFor } from './options.js';
import type { Options } from './options.js';
import { paceMs } from './pacing.js';
import type { RecentRequest } from './pacing.js';
import { summarizeCell, typeOf } from './stats.js';
import type { Repetition } from './stats.js';
import { renderReport } from './table.js';
import type { CellResult, RunInfo, StoredRange } from './table.js';

const ALIAS = 'bench.example.test';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function benchDocument(originPort: number): ConfigurationDocumentInput {
  return { properties: [{ aliases: [ALIAS], origin: { protocol: 'http', host: '127.0.0.1', port: originPort } }] };
}

/** What one edge reported for one invalidation. */
type EdgeReport = { kind: 'applied'; startedAtMs: number; inForceAtMs: number; appliedAtMs: number; matched: number } | { kind: 'refused'; problem: string };

/** The hosts' answers to fill and refill, all hosts together, matched to the command by its number. */
class HostReplies {
  #next = 1;
  readonly #pending = new Map<number, { left: number; states: StoreState[]; memory: HostMemory[]; done: () => void; fail: (e: Error) => void }>();

  onMessage(m: EdgeHostMessage): void {
    if (m.type === 'failed') {
      for (const p of this.#pending.values()) p.fail(new Error(`an edge host failed: ${m.error}`));
      return;
    }
    if (m.type !== 'filled' && m.type !== 'refilled') return;
    const p = this.#pending.get(m.cmd);
    if (p === undefined) return;
    p.states.push(...m.edges);
    p.memory.push(m.memory);
    if (--p.left === 0) p.done();
  }

  /** Sends `command` to every host and waits for all their answers. */
  async ask(hosts: readonly Child<EdgeHostMessage>[], command: { type: 'fill'; objects: number; pattern: string } | { type: 'refill'; checked: number[]; collect: boolean }, timeoutMs: number): Promise<{ states: StoreState[]; memory: HostMemory[] }> {
    const cmd = this.#next++;
    const states: StoreState[] = [];
    const memory: HostMemory[] = [];
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        this.#pending.set(cmd, { left: hosts.length, states, memory, done: resolve, fail: reject });
        timer = setTimeout(() => reject(new Error(`the edge hosts did not finish ${command.type} within ${timeoutMs} ms`)), timeoutMs);
        for (const h of hosts) h.send({ ...command, cmd } satisfies EdgeHostCommand);
      });
    } finally {
      clearTimeout(timer);
      this.#pending.delete(cmd);
    }
    return { states: states.sort((a, b) => a.index - b.index), memory };
  }
}

/** The least and most every edge held, over the fill and each refill. */
function widen(range: StoredRange | undefined, states: readonly StoreState[]): StoredRange {
  const r = range ?? { memoryMin: Number.POSITIVE_INFINITY, memoryMax: 0, diskMin: Number.POSITIVE_INFINITY, diskMax: 0 };
  for (const s of states) {
    r.memoryMin = Math.min(r.memoryMin, s.memoryEntries);
    r.memoryMax = Math.max(r.memoryMax, s.memoryEntries);
    r.diskMin = Math.min(r.diskMin, s.diskEntries);
    r.diskMax = Math.max(r.diskMax, s.diskEntries);
  }
  return r;
}

/** Every edge must hold every object (in both tiers with --tiers both): fewer means something was evicted. */
function checkStored(states: readonly StoreState[], opts: Options, when: string): void {
  for (const s of states) {
    const short = s.memoryEntries < opts.objects || (opts.tiers === 'both' && s.diskEntries < opts.objects);
    if (short) throw new Error(`edge ${s.index} holds ${s.memoryEntries} objects in memory and ${s.diskEntries} on disk ${when}, not ${opts.objects}`);
  }
}

/** GET one object from an edge: 200, and whether it was a plain cache hit. */
async function fetchObject(client: Client, path: string): Promise<{ ok: boolean; hit: boolean }> {
  const res = await client.request({ path, method: 'GET', headers: { host: ALIAS } });
  await res.body.dump();
  return { ok: res.statusCode === 200, hit: candelaHit(res.headers) };
}

/** POSTs the invalidation, pacing by the API's limits and honouring Retry-After if throttled anyway. */
async function requestInvalidation(api: BenchApi, scid: string, opts: Options, r: number, sent: RecentRequest[], deadlineMs: number): Promise<{ timed: Timed<Invalidation>; throttled: number }> {
  let throttled = 0;
  for (;;) {
    const wait = paceMs(sent, Date.now(), 1);
    if (wait > 0) await sleep(wait);
    const createdAtMs = Date.now();
    try {
      const timed = await api.invalidate(scid, { kind: 'path', properties: [ALIAS], paths: [opts.pattern], type: typeOf(r) });
      sent.push({ createdAtMs, items: 1 });
      return { timed, throttled };
    } catch (error) {
      if (!(error instanceof RateLimitedError) || wallClockMs() > deadlineMs) throw error;
      throttled += 1;
      await sleep(error.retryAfterS * 1000);
    }
  }
}

/** The raw results of one cell: every edge's fill, and every measured invalidation. */
interface CellRaw {
  fills: StoreState[];
  repetitions: Repetition[];
}

/** --tiers both writes two files per object per edge: never more than half of what is free (the machine is shared). */
function checkDiskRoom(edges: number, opts: Options): void {
  if (opts.tiers !== 'both') return;
  const need = diskNeed(edges, opts.objects);
  const fs = statfsSync(tmpdir());
  if (need.bytes > (fs.bavail * fs.bsize) / 2 || need.inodes > fs.ffree / 2) {
    throw new Error(`--tiers both needs about ${(need.bytes / 2 ** 30).toFixed(1)} GiB and ${need.inodes} inodes in ${tmpdir()} for ${edges} edges; more than half of what is free`);
  }
}

async function measureCell(cell: FeedCell, opts: Options, result: CellResult, raw: CellRaw): Promise<void> {
  const { api, edges } = cell;
  const matching = matchingObjects(opts.pattern, opts.objects);
  const unmatched = firstUnmatched(matching, opts.objects) ?? 0;
  checkDiskRoom(edges, opts);
  const configuration = await api.createConfiguration(cell.ready.scid, 'Invalidation bench', benchDocument(cell.originPort));
  await api.activate(configuration.id, configuration.latestVersion, 'before the edges');

  const processes = processesFor(edges, opts);
  const perHost = edgesPerHost(edges, processes);
  const b = budgets(opts.objects, opts.tiers, perHost);
  const arrivals = new Arrivals<string, EdgeReport>(edges);
  const replies = new HostReplies();
  const { hosts, clients } = await cell.startEdges<EdgeHostMessage>({
    script: join(repoRoot, 'bench', 'invalidation', 'edge-host.ts'),
    processes,
    extraArgs: ['--alias', ALIAS, '--tiers', opts.tiers, '--memory-mb', String(b.memoryMb), '--disk-mb', String(b.diskMb)],
    nodeArgs: [`--max-old-space-size=${b.heapMb}`, ...(opts.refillGc ? ['--expose-gc'] : [])],
    onMessage: (m) => {
      if (m.type === 'invalidated') arrivals.record(m.id, m.index, { kind: 'applied', startedAtMs: m.startedAtMs, inForceAtMs: m.inForceAtMs, appliedAtMs: m.appliedAtMs, matched: m.matched });
      else if (m.type === 'refused') arrivals.record(m.id, m.index, { kind: 'refused', problem: m.problem });
      replies.onMessage(m);
    },
  });
  result.edgeProcesses = hosts.length;
  cell.log(`${edges} edge${edges === 1 ? '' : 's'} up in ${hosts.length} process${hosts.length === 1 ? '' : 'es'}; storing ${opts.objects} objects in each (${opts.tiers === 'both' ? 'memory and disk tiers' : 'memory tier'})`);

  // Fill: generous time, since a host fills its edges one after another (and --tiers both writes files).
  const fillTimeoutMs = 120_000 + perHost * opts.objects * (opts.tiers === 'both' ? 1 : 0.05);
  const filled = await replies.ask(hosts, { type: 'fill', objects: opts.objects, pattern: opts.pattern }, fillTimeoutMs);
  raw.fills.push(...filled.states);
  checkStored(filled.states, opts, 'after the fill');
  result.stored = widen(undefined, filled.states);
  result.fillMs = summarize(filled.states.map((s) => s.ms));
  result.hostRssMaxMiB = Math.max(...filled.memory.map((m) => m.rssBytes)) / 2 ** 20;
  cell.log(`filled: per edge p50 ${result.fillMs.p50Ms.toFixed(0)} ms, max ${result.fillMs.maxMs.toFixed(0)} ms; largest host RSS ${result.hostRssMaxMiB.toFixed(0)} MiB`);

  // Every object answers from the cache before anything is measured (the stored copies included).
  const warm = await Promise.all(clients.map(async (c) => [await fetchObject(c, objectPath(matching[0] ?? 0)), await fetchObject(c, objectPath(unmatched))]));
  const cold = warm.filter((pair) => pair.some((x) => !x.ok || !x.hit)).length;
  if (cold > 0) throw new Error(`${cold} edge(s) did not answer stored objects as cache hits after the fill`);

  const refillTimeoutMs = 60_000 + perHost * matching.length * (opts.tiers === 'both' ? 2 : 0.05);
  const sent: RecentRequest[] = [];
  const cpu = new CpuMeter(cell.controlPlane.pid, hosts.map((h) => h.pid));
  let warmups = opts.warmup;
  for (let r = 0; r < warmups + opts.invalidations; r++) {
    const measured = r >= warmups;
    // CPU is counted from the request until the API says complete and every edge has swept: the
    // propagation, not the refills.
    if (measured) cpu.start();
    const { timed, throttled } = await requestInvalidation(api, cell.ready.scid, opts, r, sent, wallClockMs() + opts.timeoutMs);
    const t0 = timed.returnedAtMs;
    const inv = timed.value;
    const deadline = t0 + opts.timeoutMs;
    // The API's view, polled from t0 while the edges work: complete once every edge has it in force,
    // then (the edges' second acks) the objects matched of every edge. The edges report once swept.
    const expectedTotal = edges * matching.length;
    const [allReported, settled] = await Promise.all([
      arrivals.waitFor(inv.id, deadline),
      pollUntil(() => api.getInvalidation(inv.id), (x) => x.status === 'complete', opts.completePollMs, deadline, inv),
    ]);
    const counted = await pollUntil(() => api.getInvalidation(inv.id), (x) => x.objectsMatched >= expectedTotal, opts.completePollMs, deadline, settled.value);
    const status = counted.value;
    if (measured) cpu.stop();
    // One matched object (a different one each time) must no longer be a plain hit; an unmatched one still is.
    const purged = matching[r % matching.length] ?? 0;
    const checks = await Promise.all(clients.map(async (c) => ({ purged: await fetchObject(c, objectPath(purged)).catch(() => undefined), kept: await fetchObject(c, objectPath(unmatched)).catch(() => undefined) })));
    const reports = arrivals.row(inv.id);
    const applied = reports.map((x) => (x?.kind === 'applied' ? x : undefined));
    const rep: Repetition = {
      rep: r + 1,
      id: inv.id,
      feedSeq: inv.feedSeq,
      type: typeOf(r),
      apiCallMs: timed.returnedAtMs - timed.sentAtMs,
      throttled,
      startedMs: relativeTo(applied.map((x) => x?.startedAtMs), t0),
      appliedMs: relativeTo(applied.map((x) => x?.inForceAtMs), t0),
      sweptMs: relativeTo(applied.map((x) => x?.appliedAtMs), t0),
      matched: applied.map((x) => x?.matched),
      refused: reports.filter((x) => x?.kind === 'refused').length,
      completeMs: settled.settledAtMs === undefined ? undefined : settled.settledAtMs - t0,
      countedMs: counted.settledAtMs === undefined ? undefined : counted.settledAtMs - t0,
      finalStatus: status.status,
      edgesDone: status.edgesDone,
      edgesTotal: status.edgesTotal,
      apiObjectsMatched: status.objectsMatched,
      purgedOnEdges: checks.filter((c) => c.purged?.ok === true && !c.purged.hit).length,
      keptOnEdges: checks.filter((c) => c.kept?.ok === true && c.kept.hit).length,
    };
    const last = Math.max(...rep.appliedMs.map((v) => v ?? Number.NaN));
    const lastSwept = Math.max(...rep.sweptMs.map((v) => v ?? Number.NaN));
    cell.log(
      `${measured ? 'invalidation' : 'warm-up'} ${r + 1 - (measured ? warmups : 0)} (${rep.type}): seq ${rep.feedSeq}, last edge ${allReported && rep.refused === 0 ? `in force ${last.toFixed(1)} ms, swept ${lastSwept.toFixed(1)} ms` : 'MISSING'}, ` +
        `matched ${Math.min(...rep.matched.map((m) => m ?? Number.NaN))}–${Math.max(...rep.matched.map((m) => m ?? Number.NaN))} per edge, API ${status.status}` +
        `${rep.completeMs === undefined ? '' : ` at ${rep.completeMs.toFixed(0)} ms`} (${status.edgesDone}/${status.edgesTotal}), HTTP check ${rep.purgedOnEdges}/${rep.keptOnEdges} of ${edges}`,
    );
    if (measured) raw.repetitions.push(rep);
    else if (oneMoreWarmup({ rep: r, warmups, configured: opts.warmup, edgesCounted: rep.edgesTotal, edges })) warmups += 1;
    result.summary = summarizeCell(raw.repetitions, edges, matching.length);
    // Back to the same cache for the next one: what it marked or removed is stored afresh (with --tiers
    // memory the disk copy the pipeline wrote of the checked object is dropped again).
    const refilled = await replies.ask(hosts, { type: 'refill', checked: [purged], collect: opts.refillGc }, refillTimeoutMs);
    checkStored(refilled.states, opts, `after invalidation ${r + 1}`);
    result.stored = widen(result.stored, refilled.states);
    if (opts.gapMs > 0) await sleep(opts.gapMs);
  }
  Object.assign(result, cpu.result());
  result.edgeCpuMsPerInvalidation = cpu.edgesCpuMs / (edges * raw.repetitions.length);
}

function runInfo(opts: Options): RunInfo {
  return {
    ...machineInfo(),
    invalidations: opts.invalidations,
    warmup: opts.warmup,
    objects: opts.objects,
    pattern: opts.pattern,
    expectedMatched: matchingObjects(opts.pattern, opts.objects).length,
    tiers: opts.tiers,
    edgesPerProcess: Math.max(...opts.edges.map((n) => edgesPerHost(n, processesFor(n, opts)))),
    completePollMs: opts.completePollMs,
    refillGc: opts.refillGc,
    gapMs: opts.gapMs,
    logLevel: opts.logLevel,
    natsUrl: opts.only.includes('nats') ? displayNatsUrl(opts.natsUrl) : 'not run',
  };
}

async function main(): Promise<number> {
  const opts = parseOrExit('bench/invalidation/run.ts', () => parseOptions(process.argv.slice(2), process.env));
  const info = runInfo(opts);
  return runFeedBench<CellResult, CellRaw>({
    bench: 'invalidation',
    customer: 'Invalidation bench',
    enrolmentToken: 'invalidation-bench-enrolment-token',
    opts,
    // 100,000 objects per edge take a moment to let go of.
    hostStopGraceMs: 5_000,
    newResult: (transport, edges) => ({ transport, edges, ok: false }),
    newRaw: () => ({ fills: [], repetitions: [] }),
    measure: (cell, result, raw) => measureCell(cell, opts, result, raw),
    report: (cells, raw, interrupted) => {
      process.stdout.write(`\n${renderReport(cells, info, opts.markdown)}\n`);
      if (interrupted !== undefined) process.stdout.write(`\nINTERRUPTED (${interrupted}): the tables show only what was measured before.\n`);
      writeRawResults('invalidation', info.date, { info, options: opts, interrupted, cells, raw });
    },
  });
}

runMain(main);
