// Control plane API under load, on SQLite and on PostgreSQL, loopback only.
//
//   npm run bench:api [-- --markdown] [--only sqlite,postgres] [--rate 1000] [--open 20] [--closed 15]
//        [--clients 200] [--warmup 3] [--drain 5] [--log-level info] [--wait-idle 15]
//        [--postgres-url postgres://postgres@127.0.0.1:5432/] [--profile] [--customers 50]
//
// --profile writes a V8 CPU profile of each control plane (whole life: start, seed, sign-in, load) to
// bench/out/api-profile-<database>/ (open it in Chrome DevTools or speedscope). --customers changes the
// size of the organisation (each user still sees only their own customer's 5 services).
//
// For each database: a fresh SQLite file in a temp data dir, or a throwaway PostgreSQL database (created
// here, dropped afterwards; skipped with the reason when the server cannot be reached). The control plane
// runs in a child process (server.ts), seeded with 50 customers × 5 services × 3 users; 200 virtual
// clients sign in, each on its own connection, then
//   (a) open loop: a fixed timetable of --rate requests/s for --open s (after an unreported --warmup s),
//       latency timed from each request's scheduled moment;
//   (b) closed loop: every client back to back for --closed s.
// The table goes to stdout, everything measured to bench/out/api-<timestamp>.json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { choiceList, intArg, numberArg, parseOrExit, UsageError } from '../shared/args.js';
import { cpuMsOfCommand, machineBusyPct, machineTicks, waitForQuiet } from '../shared/cpu.js';
import { machineInfo } from '../shared/machine.js';
import { repoRoot, writeRawResults } from '../shared/results.js';
import { guardRun, runMain } from '../shared/run-guard.js';
import { startServer } from './child.js';
import type { RunningServer } from './child.js';
import { closeClients, signInClients, verifyClients } from './clients.js';
import type { VirtualClient } from './clients.js';
import { closedLoop, openLoop } from './loadgen.js';
import type { ClosedLoopResult, OpenLoopResult } from './loadgen.js';
import { createThrowawayDatabase, displayUrl, dropAllThrowaways } from './postgres.js';
import type { ThrowawayDatabase } from './postgres.js';
import { PASSWORD } from './seed.js';
import type { SeedShape } from './seed.js';
import { cpuPercent } from './stats.js';
import { DATABASES, renderReport } from './table.js';
import type { DatabaseName, DatabaseResult, PhaseCpu, RunInfo } from './table.js';

/** The whole run must stay under 3 minutes; past this the watchdog stops everything. */
const HARD_LIMIT_MS = 178_000;

interface Options {
  only: DatabaseName[];
  rateRps: number;
  openS: number;
  closedS: number;
  warmupS: number;
  drainS: number;
  clients: number;
  logLevel: string;
  waitIdleS: number;
  postgresUrl: string;
  markdown: boolean;
  /** Profile the control plane (node --cpu-prof) into bench/out/api-profile-<database>/. */
  profile: boolean;
  shape: SeedShape;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', default: DATABASES.join(',') },
      rate: { type: 'string', default: '1000' },
      open: { type: 'string', default: '20' },
      closed: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '3' },
      drain: { type: 'string', default: '5' },
      clients: { type: 'string', default: '200' },
      'log-level': { type: 'string', default: 'info' },
      'wait-idle': { type: 'string', default: '15' },
      'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/' },
      markdown: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      customers: { type: 'string', default: '50' },
    },
  });
  const clients = intArg('clients', values.clients, 1);
  if (clients > 2520) throw new UsageError('--clients must be an integer up to 2520 (10 per loopback address)');
  return {
    only: choiceList('only', values.only, DATABASES, 'database'),
    rateRps: numberArg('rate', values.rate, 1),
    openS: numberArg('open', values.open, 1),
    closedS: numberArg('closed', values.closed, 1),
    warmupS: numberArg('warmup', values.warmup, 0),
    drainS: numberArg('drain', values.drain, 1),
    clients,
    logLevel: values['log-level'],
    waitIdleS: numberArg('wait-idle', values['wait-idle'], 0),
    postgresUrl: values['postgres-url'],
    markdown: values.markdown,
    profile: values.profile,
    shape: { customers: numberArg('customers', values.customers, 1), servicesPerCustomer: 5, usersPerCustomer: 3 },
  };
}

const log = (db: string, msg: string): void => void process.stderr.write(`[${db}] ${msg}\n`);

/** Temp data dirs still on disk, for an interrupted run to remove. */
const dataDirs = new Set<string>();

/** Runs one load phase and reads every CPU counter around it. */
async function withCpu<T extends { completed: number }>(server: RunningServer, phase: () => Promise<T>): Promise<{ result: T; cpu: PhaseCpu }> {
  const s0 = await server.snapshot();
  const m0 = machineTicks();
  const g0 = process.cpuUsage();
  const p0 = cpuMsOfCommand('postgres');
  const t0 = performance.now();
  const result = await phase();
  const wallMs = performance.now() - t0;
  const g1 = process.cpuUsage(g0);
  const m1 = machineTicks();
  const p1 = cpuMsOfCommand('postgres');
  const s1 = await server.snapshot();
  const loopActive = s1.loopActiveMs - s0.loopActiveMs;
  const loopAll = loopActive + (s1.loopIdleMs - s0.loopIdleMs);
  const serverPct = cpuPercent(s1.cpuMs - s0.cpuMs, wallMs);
  const generatorPct = cpuPercent((g1.user + g1.system) / 1000, wallMs);
  const postgresPct = cpuPercent(p1 - p0, wallMs);
  const machinePct = machineBusyPct(m0, m1);
  const perRequest = (cpuMs: number): number => (result.completed > 0 ? cpuMs / result.completed : 0);
  return {
    result,
    cpu: {
      serverPct,
      serverLoopPct: loopAll > 0 ? (100 * loopActive) / loopAll : 0,
      serverLoopDelayP99Ms: s1.loopDelayP99Ms,
      serverLoopDelayMaxMs: s1.loopDelayMaxMs,
      serverGcPct: cpuPercent(s1.gcTotalMs, wallMs),
      serverGcMaxMs: s1.gcMaxMs,
      generatorPct,
      postgresPct,
      machinePct,
      otherPct: Math.max(0, machinePct * availableParallelism() - serverPct - generatorPct - postgresPct),
      serverCpuMsPerRequest: perRequest(s1.cpuMs - s0.cpuMs),
      postgresCpuMsPerRequest: perRequest(p1 - p0),
    },
  };
}

function describeOpen(r: OpenLoopResult): string {
  return `${r.achievedRps.toFixed(0)} req/s (planned ${r.planned}), p50 ${r.latency.p50Ms.toFixed(1)} p90 ${r.latency.p90Ms.toFixed(1)} p99 ${r.latency.p99Ms.toFixed(1)} max ${r.latency.maxMs.toFixed(1)} ms, errors ${r.errors.total}, generator lag ≤ ${r.maxSendLagMs.toFixed(1)} ms`;
}

function describeClosed(r: ClosedLoopResult): string {
  return `${r.achievedRps.toFixed(0)} req/s, p50 ${r.latency.p50Ms.toFixed(1)} p99 ${r.latency.p99Ms.toFixed(1)} ms, errors ${r.errors.total}`;
}

/** What one database needs at worst besides waiting for quiet: start, sign-in, the phases, their drains. */
function worstCaseMs(opts: Options): number {
  return (opts.warmupS + opts.openS + opts.closedS + 2 * opts.drainS + 30) * 1000;
}

/** Measures one database into `result` (filled in as it goes, so an interrupted run still has the phases done). */
async function measureDatabase(database: DatabaseName, opts: Options, result: DatabaseResult, deadlineAt: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), `candela-bench-api-${database}-`));
  dataDirs.add(dataDir);
  let throwaway: ThrowawayDatabase | undefined;
  let server: RunningServer | undefined;
  let clients: VirtualClient[] = [];
  try {
    if (database === 'postgres') {
      try {
        throwaway = await createThrowawayDatabase(opts.postgresUrl);
      } catch (error) {
        result.skipped = `PostgreSQL at ${displayUrl(opts.postgresUrl)} is unreachable or refused CREATE DATABASE: ${error instanceof Error ? error.message : String(error)}`;
        log(database, `SKIPPED: ${result.skipped}`);
        return;
      }
      result.target = displayUrl(throwaway.url);
    } else {
      result.target = join(dataDir, 'candela.sqlite');
    }
    const spareMs = deadlineAt - performance.now() - worstCaseMs(opts);
    if (spareMs < 0) {
      result.skipped = `not enough time left in the ${HARD_LIMIT_MS / 1000} s budget (the machine was slow or busy)`;
      log(database, `SKIPPED: ${result.skipped}`);
      return;
    }
    result.busyBeforePct = await waitForQuiet(Math.min(opts.waitIdleS * 1000, spareMs), 15, (m) => log(database, m));
    log(database, `starting the control plane (${result.target}; machine ${result.busyBeforePct.toFixed(0)}% busy beforehand)`);
    const cpuProfileDir = opts.profile ? join(repoRoot, 'bench', 'out', `api-profile-${database}`) : undefined;
    server = await startServer({ repoRoot, dataDir, databaseUrl: throwaway?.url, logLevel: opts.logLevel, shape: opts.shape, startTimeoutMs: 60_000, cpuProfileDir });
    result.seedMs = server.seedMs;
    log(database, `${server.url} (pid ${server.pid}), seeded ${server.users.length} users in ${(server.seedMs / 1000).toFixed(1)} s`);

    const signIn = await signInClients(server.url, server.users, { count: opts.clients, password: PASSWORD, concurrency: 8 });
    clients = signIn.clients;
    result.signIn = { count: clients.length, wallMs: signIn.wallMs, latency: signIn.latency };
    log(database, `${clients.length} sign-ins in ${(signIn.wallMs / 1000).toFixed(1)} s (p50 ${signIn.latency.p50Ms.toFixed(0)} ms)`);
    await verifyClients(clients);
    log(database, 'every client read every route once; answers checked');

    const drainMs = opts.drainS * 1000;
    if (opts.warmupS > 0) {
      result.warmup = await openLoop(server.url, clients, { rateRps: opts.rateRps, durationMs: opts.warmupS * 1000, drainMs });
      log(database, `warm-up (not reported): ${describeOpen(result.warmup)}`);
    }
    const open = await withCpu(server, () => openLoop(server?.url ?? '', clients, { rateRps: opts.rateRps, durationMs: opts.openS * 1000, drainMs }));
    result.open = { ...open.result, cpu: open.cpu };
    log(database, `open loop: ${describeOpen(open.result)}; server CPU ${open.cpu.serverPct.toFixed(0)}%`);
    log(database, `  p99 ms per second: ${open.result.timeline.map((b) => b.p99Ms.toFixed(0)).join(' ')}`);

    const closed = await withCpu(server, () => closedLoop(clients, { durationMs: opts.closedS * 1000 }));
    result.closed = { ...closed.result, cpu: closed.cpu };
    log(database, `closed loop: ${describeClosed(closed.result)}; server CPU ${closed.cpu.serverPct.toFixed(0)}%`);
    result.serverRssBytes = (await server.snapshot()).rssBytes;
    result.ok = true;
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(database, `FAILED: ${result.error}`);
  } finally {
    await closeClients(clients);
    if (server !== undefined) {
      await server.stop();
      if (!result.ok) log(database, `control plane log: ${server.logFile} (kept)`);
    }
    if (throwaway !== undefined) await throwaway.drop().catch((e: unknown) => log(database, `could not drop ${throwaway?.name ?? ''}: ${String(e)}`));
    // A failed run keeps its data dir: the control plane's log is in it.
    if (result.ok || result.skipped !== undefined) {
      rmSync(dataDir, { recursive: true, force: true });
      dataDirs.delete(dataDir);
    }
    log(database, 'stopped');
  }
}

function postgresVersion(url: string): string {
  const r = spawnSync('psql', [url, '-Atc', 'show server_version'], { encoding: 'utf8', timeout: 5_000 });
  return r.status === 0 ? r.stdout.trim().split(' ')[0] ?? 'unknown' : 'unknown';
}

function runInfo(opts: Options): RunInfo {
  return {
    ...machineInfo(),
    postgres: opts.only.includes('postgres') ? postgresVersion(opts.postgresUrl) : 'not run',
    clients: opts.clients,
    rateRps: opts.rateRps,
    openS: opts.openS,
    closedS: opts.closedS,
    logLevel: opts.logLevel,
    seed: `${opts.shape.customers}×${opts.shape.servicesPerCustomer}×${opts.shape.usersPerCustomer}`,
  };
}

function writeResults(results: DatabaseResult[], info: RunInfo, opts: Options, interrupted?: string): void {
  process.stdout.write(`\n${renderReport(results, info, opts.markdown)}\n`);
  if (interrupted !== undefined) process.stdout.write(`\nINTERRUPTED (${interrupted}): the table shows only what was measured before.\n`);
  writeRawResults('api', info.date, { info, options: opts, interrupted, results });
}

async function main(): Promise<number> {
  const opts = parseOrExit('bench/api/run.ts', parseOptions);
  const deadlineAt = performance.now() + HARD_LIMIT_MS;
  const info = runInfo(opts);
  const results: DatabaseResult[] = [];
  const guard = guardRun({
    maxMs: HARD_LIMIT_MS,
    limit: `${HARD_LIMIT_MS / 1000} s`,
    stopping: 'stopping the control plane and dropping the throwaway database',
    abort: (why) => {
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
      writeResults(results, info, opts, why);
      return dropAllThrowaways(3_000);
    },
  });
  for (const database of opts.only) {
    const result: DatabaseResult = { database, ok: false };
    results.push(result);
    await measureDatabase(database, opts, result, deadlineAt);
  }
  guard.clear();
  writeResults(results, info, opts);
  return results.every((r) => r.ok || r.skipped !== undefined) ? 0 : 1;
}

runMain(main);
