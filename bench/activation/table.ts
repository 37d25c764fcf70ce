// The activation benchmark's report: a side-by-side table (edges × transport: p50, p99, max of the time
// until the last edge served the new version), a detail table per cell, and the target check; as
// aligned text or Markdown.
import type { LatencySummary } from '../api/stats.js';
import { TARGET_EDGES, TARGET_P99_MS, targetVerdict } from './stats.js';
import type { CellSummary, Transport } from './stats.js';

export const TRANSPORT_LABEL: Record<Transport, string> = { http: 'HTTP/SSE', nats: 'NATS JetStream' };

export interface CellResult {
  transport: Transport;
  edges: number;
  ok: boolean;
  /** Why the cell was not measured, or failed part-way. */
  error?: string;
  summary?: CellSummary;
  /** Machine busy share (all cores) in the seconds before the cell started, and during its activations, %. */
  busyBeforePct?: number;
  busyDuringPct?: number;
  /** During the activations, % of one core: the control plane, the edge hosts, this runner, everything else. */
  controlPlaneCpuPct?: number;
  edgesCpuPct?: number;
  runnerCpuPct?: number;
  otherCpuPct?: number;
}

export interface RunInfo {
  date: string;
  nproc: number;
  cpuModel: string;
  memTotalGiB: number;
  kernel: string;
  node: string;
  activations: number;
  warmup: number;
  edgeProcesses: number;
  pollMs: number;
  activePollMs: number;
  gapMs: number;
  logLevel: string;
  natsUrl: string;
}

const num = (v: number | undefined, digits = 0): string => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits));
/** Milliseconds: one decimal below 100 ms, whole above. */
export const ms = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(Math.abs(v) >= 100 ? 0 : 1));
const trio = (s: LatencySummary | undefined): string => (s === undefined || s.count === 0 ? '—' : `${ms(s.p50Ms)} / ${ms(s.p99Ms)} / ${ms(s.maxMs)}`);

export function render(table: readonly (readonly string[])[], markdown: boolean): string {
  const header = table[0] ?? [];
  if (markdown) {
    const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
    return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...table.slice(1).map(line)].join('\n');
  }
  const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  return table.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}

/** Edges × transport; each transport gets p50, p99 and max (ms) of "the last edge serves the new version". */
export function mainTable(cells: readonly CellResult[]): string[][] {
  const transports = [...new Set(cells.map((c) => c.transport))];
  const counts = [...new Set(cells.map((c) => c.edges))].sort((a, b) => a - b);
  const header = ['edges', ...transports.flatMap((t) => [`${TRANSPORT_LABEL[t]} p50 ms`, 'p99 ms', 'max ms'])];
  const rows = counts.map((n) => [
    String(n),
    ...transports.flatMap((t) => {
      const cell = cells.find((c) => c.transport === t && c.edges === n);
      const s = cell?.summary;
      if (cell === undefined) return ['—', '—', '—'];
      if (s === undefined || s.allServing.count === 0) return [cell.ok ? '—' : 'failed', '—', '—'];
      const incomplete = s.activations - s.complete;
      // An activation that never reached every edge has no time: say so beside the numbers.
      const mark = incomplete > 0 ? ` (${incomplete} of ${s.activations} incomplete)` : '';
      return [ms(s.allServing.p50Ms), ms(s.allServing.p99Ms), `${ms(s.allServing.maxMs)}${mark}`];
    }),
  ]);
  return [header, ...rows];
}

type Row = { label: string; cell: (c: CellResult) => string };

function detailRows(info: RunInfo): Row[] {
  const s = (f: (x: CellSummary) => string) => (c: CellResult) => (c.summary === undefined ? '—' : f(c.summary));
  const rows: Row[] = [
    { label: 'activations measured (all edges served / total)', cell: s((x) => `${x.complete} / ${x.activations}`) },
    { label: 'last edge serving: p50 / p99 / max ms', cell: s((x) => trio(x.allServing)) },
    { label: 'each edge serving: p50 / p99 / max ms', cell: s((x) => trio(x.eachServing)) },
    { label: 'last edge on disk, before its ack: p50 / p99 / max ms', cell: s((x) => trio(x.allInForce)) },
    { label: `API says active (polled every ${info.activePollMs} ms): p50 / p99 / max ms`, cell: s((x) => trio(x.active)) },
    { label: 'activation API call: p50 / p99 / max ms', cell: s((x) => trio(x.apiCall)) },
  ];
  if (info.pollMs > 0) {
    rows.push(
      { label: `last edge, first HTTP answer with it (polled every ${info.pollMs} ms): p50 / p99 / max ms`, cell: s((x) => trio(x.allPolled)) },
      { label: 'HTTP poll − swap, per edge: p50 / p99 / max ms', cell: s((x) => trio(x.pollLag)) },
    );
  }
  rows.push(
    { label: 'activations every edge then answered with (HTTP check)', cell: s((x) => `${x.verifiedAll} / ${x.activations}`) },
    { label: 'activations counting fewer edges than running', cell: s((x) => String(x.edgesTotalShort)) },
    { label: 'CPU % of a core: control plane / edges / runner / other', cell: (c) => (c.controlPlaneCpuPct === undefined ? '—' : `${num(c.controlPlaneCpuPct)} / ${num(c.edgesCpuPct)} / ${num(c.runnerCpuPct)} / ${num(c.otherCpuPct)}`) },
    { label: 'machine busy % before / during', cell: (c) => `${num(c.busyBeforePct)} / ${num(c.busyDuringPct)}` },
  );
  return rows;
}

export function detailTable(cells: readonly CellResult[], info: RunInfo): string[][] {
  const table: string[][] = [['', ...cells.map((c) => `${TRANSPORT_LABEL[c.transport]}, ${c.edges} edge${c.edges === 1 ? '' : 's'}`)]];
  for (const row of detailRows(info)) table.push([row.label, ...cells.map(row.cell)]);
  return table;
}

export function renderReport(cells: readonly CellResult[], info: RunInfo, markdown: boolean): string {
  const li = markdown ? '- ' : '';
  const out: string[] = [
    `${li}${info.date} · ${info.nproc} cores · ${info.cpuModel} · ${info.memTotalGiB.toFixed(0)} GiB · Linux ${info.kernel} · node ${info.node}`,
    `${li}${info.activations} activations per cell (after ${info.warmup} unreported), ${info.gapMs} ms apart; edges in ${info.edgeProcesses} process${info.edgeProcesses === 1 ? '' : 'es'} besides the control plane's; control plane log level ${info.logLevel}; NATS ${info.natsUrl}`,
    `${li}time from the activation API call returning until the last of N edges serves the new version (each edge's own swap of the document, timed in its process)`,
    '',
    render(mainTable(cells), markdown),
    '',
    render(detailTable(cells, info), markdown),
  ];
  const verdicts = cells
    .filter((c) => c.edges === TARGET_EDGES && c.summary !== undefined)
    .map((c) => `${li}target p99 < ${TARGET_P99_MS} ms at ${TARGET_EDGES} edges, ${TRANSPORT_LABEL[c.transport]}: ${targetVerdict(c.summary as CellSummary).text}`);
  if (verdicts.length > 0) out.push('', ...verdicts);
  for (const c of cells) if (c.error !== undefined) out.push('', `${TRANSPORT_LABEL[c.transport]}, ${c.edges} edge${c.edges === 1 ? '' : 's'} ${c.ok ? 'warning' : 'FAILED'}: ${c.error}`);
  if (cells.some((c) => (c.otherCpuPct ?? 0) > 25 || (c.busyBeforePct ?? 0) > 15)) {
    out.push('', 'warning: other work was using the CPU before or during a cell; its numbers include waiting for it.');
  }
  return out.join('\n');
}
