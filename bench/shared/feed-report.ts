// The table layout the feed benchmarks share (activation, invalidation): one row per number of edges, and
// per transport p50, p99 and max of their headline time; a cell that failed or missed edges says so
// beside its numbers instead of showing a flattering time.
import type { FeedCellResult } from './feed-bench.js';
import type { CellCpu } from './fleet.js';
import type { LatencySummary } from './latency.js';
import { ms, num } from './table.js';
import { TRANSPORT_LABEL } from './transports.js';
import type { Transport } from './transports.js';

export interface FeedCell<S> {
  transport: Transport;
  edges: number;
  ok: boolean;
  summary?: S;
}

/** What the headline table shows of a cell: its latencies, and how many repetitions there were and reached every edge. */
export interface Headline {
  latency: LatencySummary;
  total: number;
  complete: number;
}

export function cellLabel(c: { transport: Transport; edges: number }): string {
  return `${TRANSPORT_LABEL[c.transport]}, ${c.edges} edge${c.edges === 1 ? '' : 's'}`;
}

/** Edges × transport: p50, p99 and max (ms) of each cell's headline. */
export function transportTable<S>(cells: readonly FeedCell<S>[], headline: (s: S) => Headline): string[][] {
  const transports = [...new Set(cells.map((c) => c.transport))];
  const counts = [...new Set(cells.map((c) => c.edges))].sort((a, b) => a - b);
  const header = ['edges', ...transports.flatMap((t) => [`${TRANSPORT_LABEL[t]} p50 ms`, 'p99 ms', 'max ms'])];
  const rows = counts.map((n) => [
    String(n),
    ...transports.flatMap((t) => {
      const cell = cells.find((c) => c.transport === t && c.edges === n);
      if (cell === undefined) return ['—', '—', '—'];
      const h = cell.summary === undefined ? undefined : headline(cell.summary);
      if (h === undefined || h.latency.count === 0) return [cell.ok ? '—' : 'failed', '—', '—'];
      const incomplete = h.total - h.complete;
      // A repetition that never reached every edge has no time: say so beside the numbers.
      const mark = incomplete > 0 ? ` (${incomplete} of ${h.total} incomplete)` : '';
      return [ms(h.latency.p50Ms), ms(h.latency.p99Ms), `${ms(h.latency.maxMs)}${mark}`];
    }),
  ]);
  return [header, ...rows];
}

/** A cell as every feed bench reports it: the common result, and its CPU while it measured. */
export type ReportedCell = FeedCellResult & Partial<CellCpu>;

/** The detail rows every feed bench ends with: who used the CPU while it measured, and how busy the machine was. */
export function cpuRows(): { label: string; cell: (c: ReportedCell) => string }[] {
  return [
    { label: 'CPU % of a core: control plane / edges / runner / other', cell: (c) => (c.controlPlaneCpuPct === undefined ? '—' : `${num(c.controlPlaneCpuPct)} / ${num(c.edgesCpuPct)} / ${num(c.runnerCpuPct)} / ${num(c.otherCpuPct)}`) },
    { label: 'machine busy % before / during', cell: (c) => `${num(c.busyBeforePct)} / ${num(c.busyDuringPct)}` },
  ];
}

/**
 * Met when every repetition reached every edge and the p99 of the last edge stayed under the target;
 * `noun` names the repetitions (activations, invalidations).
 */
export function targetVerdict(o: { p99Ms: number; total: number; complete: number; targetMs: number; noun: string }): { met: boolean; text: string } {
  const incomplete = o.total - o.complete;
  const met = o.total > 0 && incomplete === 0 && o.p99Ms < o.targetMs;
  const why = incomplete > 0 ? `; ${incomplete} of ${o.total} ${o.noun} did not reach every edge` : o.total === 0 ? '; nothing measured' : '';
  return { met, text: `${met ? 'met' : 'NOT met'}: p99 ${Number.isNaN(o.p99Ms) ? '—' : o.p99Ms.toFixed(0)} ms${why}` };
}

/** The report's last lines: the target per transport at its N, every failed cell, and a warning when other work ran. */
export function reportEnd<C extends ReportedCell>(cells: readonly C[], li: string, target: { edges: number; ms: number; verdict: (c: C) => { text: string } | undefined }): string[] {
  const out: string[] = [];
  const verdicts = cells.flatMap((c) => {
    const v = c.edges === target.edges ? target.verdict(c) : undefined;
    return v === undefined ? [] : [`${li}target p99 < ${target.ms} ms at ${target.edges} edges, ${TRANSPORT_LABEL[c.transport]}: ${v.text}`];
  });
  if (verdicts.length > 0) out.push('', ...verdicts);
  for (const c of cells) if (c.error !== undefined) out.push('', `${cellLabel(c)} ${c.ok ? 'warning' : 'FAILED'}: ${c.error}`);
  if (cells.some((c) => (c.otherCpuPct ?? 0) > 25 || (c.busyBeforePct ?? 0) > 15)) {
    out.push('', 'warning: other work was using the CPU before or during a cell; its numbers include waiting for it.');
  }
  return out;
}
