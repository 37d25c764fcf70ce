// The activation benchmark's report: a side-by-side table (edges × transport: p50, p99, max of the time
// until the last edge served the new version), a detail table per cell, and the target check; as
// aligned text or Markdown.
import type { CellCpu } from '../shared/fleet.js';
import type { MachineInfo } from '../shared/machine.js';
import { machineLine } from '../shared/machine.js';
import type { FeedCellResult } from '../shared/feed-bench.js';
import { cellLabel, cpuRows, reportEnd, transportTable } from '../shared/feed-report.js';
import { ms, render, trio } from '../shared/table.js';
import { TRANSPORT_LABEL } from '../shared/transports.js';
import { TARGET_EDGES, TARGET_P99_MS, targetVerdict } from './stats.js';
import type { CellSummary } from './stats.js';

export { ms, render, TRANSPORT_LABEL };

/** One cell; the CPU fields (Partial<CellCpu>) cover its activations: control plane, edge hosts, runner, others, machine. */
export interface CellResult extends FeedCellResult, Partial<CellCpu> {
  summary?: CellSummary;
}

export interface RunInfo extends MachineInfo {
  activations: number;
  warmup: number;
  edgeProcesses: number;
  pollMs: number;
  activePollMs: number;
  gapMs: number;
  logLevel: string;
  natsUrl: string;
}

/** Edges × transport; each transport gets p50, p99 and max (ms) of "the last edge serves the new version". */
export function mainTable(cells: readonly CellResult[]): string[][] {
  return transportTable(cells, (s) => ({ latency: s.allServing, total: s.activations, complete: s.complete }));
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
    ...cpuRows(),
  );
  return rows;
}

export function detailTable(cells: readonly CellResult[], info: RunInfo): string[][] {
  const table: string[][] = [['', ...cells.map(cellLabel)]];
  for (const row of detailRows(info)) table.push([row.label, ...cells.map(row.cell)]);
  return table;
}

export function renderReport(cells: readonly CellResult[], info: RunInfo, markdown: boolean): string {
  const li = markdown ? '- ' : '';
  const out: string[] = [
    `${li}${machineLine(info)} · node ${info.node}`,
    `${li}${info.activations} activations per cell (after ${info.warmup} unreported), ${info.gapMs} ms apart; edges in ${info.edgeProcesses} process${info.edgeProcesses === 1 ? '' : 'es'} besides the control plane's; control plane log level ${info.logLevel}; NATS ${info.natsUrl}`,
    `${li}time from the activation API call returning until the last of N edges serves the new version (each edge's own swap of the document, timed in its process)`,
    '',
    render(mainTable(cells), markdown),
    '',
    render(detailTable(cells, info), markdown),
  ];
  out.push(...reportEnd(cells, li, { edges: TARGET_EDGES, ms: TARGET_P99_MS, verdict: (c) => (c.summary === undefined ? undefined : targetVerdict(c.summary)) }));
  return out.join('\n');
}
