// The side-by-side table (SQLite vs PostgreSQL) and the target check, as aligned text or Markdown.
import type { ClosedLoopResult, Errors, OpenLoopResult } from './loadgen.js';
import type { MachineInfo } from '../shared/machine.js';
import { machineLine } from '../shared/machine.js';
import { ms, num as n, render } from '../shared/table.js';
import type { LatencySummary } from './stats.js';

export const DATABASES = ['sqlite', 'postgres'] as const;
export type DatabaseName = (typeof DATABASES)[number];

export interface PhaseCpu {
  /** Control-plane process CPU, % of one core (all its threads). */
  serverPct: number;
  /** Share of wall time the control plane's event loop was busy, %. */
  serverLoopPct: number;
  /** Event-loop delay p99 and max during the phase (how long a ready callback could wait), ms. */
  serverLoopDelayP99Ms: number;
  serverLoopDelayMaxMs: number;
  /** GC pauses in the control plane during the phase: total % of wall time and the longest, ms. */
  serverGcPct: number;
  serverGcMaxMs: number;
  /** This process (the load generator), % of one core. */
  generatorPct: number;
  /** Every `postgres` process on the machine, % of one core. */
  postgresPct: number;
  /** The whole machine, % of all cores. */
  machinePct: number;
  /** Everything else (other users of the machine), % of one core: machine − server − generator − postgres. */
  otherPct: number;
  /** Control-plane CPU per completed request, ms: what the request path costs, whatever else runs. */
  serverCpuMsPerRequest: number;
  /** PostgreSQL CPU per completed request, ms (0 on SQLite). */
  postgresCpuMsPerRequest: number;
}

export interface DatabaseResult {
  database: DatabaseName;
  ok: boolean;
  /** Why the database was not measured (PostgreSQL unreachable). */
  skipped?: string;
  error?: string;
  target?: string;
  busyBeforePct?: number;
  seedMs?: number;
  signIn?: { count: number; wallMs: number; latency: LatencySummary };
  warmup?: OpenLoopResult;
  open?: OpenLoopResult & { cpu: PhaseCpu };
  closed?: ClosedLoopResult & { cpu: PhaseCpu };
  serverRssBytes?: number;
}

export interface RunInfo extends MachineInfo {
  postgres: string;
  clients: number;
  rateRps: number;
  openS: number;
  closedS: number;
  logLevel: string;
  seed: string;
}

export const TARGET_P99_MS = 50;

type Cell = (r: DatabaseResult) => string;

const errs = (e: Errors | undefined): string => {
  if (e === undefined) return '—';
  if (e.total === 0) return '0';
  const parts = [...Object.entries(e.byStatus).map(([k, v]) => `${v}×${k}`), ...Object.entries(e.failed).map(([k, v]) => `${v}×${k}`)];
  if (e.unfinished > 0) parts.push(`${e.unfinished} unfinished`);
  return `${e.total} (${parts.join(', ')})`;
};

function rows(info: RunInfo): { label: string; cell: Cell }[] {
  const open = `open loop ${info.rateRps}/s`;
  const closed = `closed loop ${info.clients} conns`;
  return [
    { label: `seed ${info.seed}, s`, cell: (r) => n(r.seedMs === undefined ? undefined : r.seedMs / 1000, 1) },
    { label: `${info.clients} sign-ins (argon2id), s`, cell: (r) => n(r.signIn === undefined ? undefined : r.signIn.wallMs / 1000, 1) },
    { label: `${open}: achieved req/s`, cell: (r) => n(r.open?.achievedRps) },
    { label: `${open}: p50 ms`, cell: (r) => ms(r.open?.latency.p50Ms) },
    { label: `${open}: p90 ms`, cell: (r) => ms(r.open?.latency.p90Ms) },
    { label: `${open}: p99 ms`, cell: (r) => ms(r.open?.latency.p99Ms) },
    { label: `${open}: max ms`, cell: (r) => ms(r.open?.latency.maxMs) },
    { label: `${open}: p99 ms services`, cell: (r) => ms(r.open?.byRoute['/api/v1/services'].p99Ms) },
    { label: `${open}: p99 ms access-groups`, cell: (r) => ms(r.open?.byRoute['/api/v1/access-groups'].p99Ms) },
    { label: `${open}: p99 ms auth/session`, cell: (r) => ms(r.open?.byRoute['/api/v1/auth/session'].p99Ms) },
    { label: `${open}: errors`, cell: (r) => errs(r.open?.errors) },
    { label: `${open}: generator max lag ms`, cell: (r) => ms(r.open?.maxSendLagMs) },
    { label: `${open}: server CPU % of a core`, cell: (r) => n(r.open?.cpu.serverPct) },
    { label: `${open}: server CPU ms per request`, cell: (r) => n(r.open?.cpu.serverCpuMsPerRequest, 2) },
    { label: `${open}: postgres CPU ms per request`, cell: (r) => (r.database === 'postgres' ? n(r.open?.cpu.postgresCpuMsPerRequest, 2) : '—') },
    { label: `${open}: server event loop busy %`, cell: (r) => n(r.open?.cpu.serverLoopPct) },
    { label: `${open}: server event-loop delay max ms`, cell: (r) => ms(r.open?.cpu.serverLoopDelayMaxMs) },
    { label: `${open}: server GC % of time / longest ms`, cell: (r) => (r.open === undefined ? '—' : `${n(r.open.cpu.serverGcPct, 1)} / ${ms(r.open.cpu.serverGcMaxMs)}`) },
    { label: `${open}: postgres CPU % of a core`, cell: (r) => (r.database === 'postgres' ? n(r.open?.cpu.postgresPct) : '—') },
    { label: `${open}: machine CPU % (all cores)`, cell: (r) => n(r.open?.cpu.machinePct) },
    { label: `${open}: other work CPU % of a core`, cell: (r) => n(r.open?.cpu.otherPct) },
    { label: `${closed}: req/s`, cell: (r) => n(r.closed?.achievedRps) },
    { label: `${closed}: p50 ms`, cell: (r) => ms(r.closed?.latency.p50Ms) },
    { label: `${closed}: p99 ms`, cell: (r) => ms(r.closed?.latency.p99Ms) },
    { label: `${closed}: errors`, cell: (r) => errs(r.closed?.errors) },
    { label: `${closed}: server CPU % of a core`, cell: (r) => n(r.closed?.cpu.serverPct) },
    { label: `${closed}: server CPU ms per request`, cell: (r) => n(r.closed?.cpu.serverCpuMsPerRequest, 2) },
    { label: `${closed}: postgres CPU ms per request`, cell: (r) => (r.database === 'postgres' ? n(r.closed?.cpu.postgresCpuMsPerRequest, 2) : '—') },
    { label: `${closed}: server event loop busy %`, cell: (r) => n(r.closed?.cpu.serverLoopPct) },
    { label: `${closed}: generator CPU % of a core`, cell: (r) => n(r.closed?.cpu.generatorPct) },
    { label: `${closed}: postgres CPU % of a core`, cell: (r) => (r.database === 'postgres' ? n(r.closed?.cpu.postgresPct) : '—') },
    { label: `${closed}: other work CPU % of a core`, cell: (r) => n(r.closed?.cpu.otherPct) },
    { label: 'server RSS MiB after load', cell: (r) => n(r.serverRssBytes === undefined ? undefined : r.serverRssBytes / 2 ** 20) },
    { label: 'machine busy % before start', cell: (r) => n(r.busyBeforePct) },
  ];
}

/** Met when the open-loop phase kept the rate (≥ 99 %), had no errors, and p99 stayed under the target. */
export function targetVerdict(r: DatabaseResult): { met: boolean; text: string } | undefined {
  const open = r.open;
  if (open === undefined) return undefined;
  const p99 = open.latency.p99Ms;
  const keptRate = open.achievedRps >= 0.99 * open.rateRps;
  const met = keptRate && open.errors.total === 0 && p99 < TARGET_P99_MS;
  const over = p99 >= TARGET_P99_MS ? ` (${(p99 / TARGET_P99_MS).toFixed(1)}× the target)` : '';
  const why = [!keptRate ? `rate ${open.achievedRps.toFixed(0)}/s < ${open.rateRps}/s` : '', open.errors.total > 0 ? `${open.errors.total} errors` : '']
    .filter(Boolean)
    .join(', ');
  return { met, text: `${met ? 'met' : 'NOT met'}: p99 ${ms(p99)} ms${over}${why ? `; ${why}` : ''}` };
}

export function renderReport(results: DatabaseResult[], info: RunInfo, markdown: boolean): string {
  const out: string[] = [];
  const li = markdown ? '- ' : '';
  out.push(
    `${li}${machineLine(info)}`,
    `${li}node ${info.node} · PostgreSQL ${info.postgres} · control plane log level ${info.logLevel}`,
    `${li}${info.clients} clients (one connection and session each); open loop ${info.rateRps} req/s for ${info.openS} s, closed loop ${info.closedS} s; routes GET /api/v1/services, /access-groups, /auth/session in turn`,
    '',
  );
  const table: string[][] = [['', ...results.map((r) => r.database)]];
  for (const row of rows(info)) table.push([row.label, ...results.map(row.cell)]);
  out.push(render(table, markdown));
  const verdicts = results.flatMap((r) => {
    const v = targetVerdict(r);
    return v === undefined ? [] : [`${li}target p99 < ${TARGET_P99_MS} ms at ${info.rateRps} req/s, ${r.database}: ${v.text}`];
  });
  if (verdicts.length > 0) out.push('', ...verdicts);
  for (const r of results) {
    if (r.skipped !== undefined) out.push('', `${r.database} skipped: ${r.skipped}`);
    else if (!r.ok) out.push('', `${r.database} FAILED: ${r.error ?? 'unknown error'}`);
  }
  if (results.some((r) => (r.busyBeforePct ?? 0) > 15)) out.push('', 'warning: other work was using the CPU before a database run started; its numbers are not comparable.');
  return out.join('\n');
}
