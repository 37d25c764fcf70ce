// The invalidation benchmark's report: a side-by-side table (edges × transport: p50, p99, max of the time
// until the last edge had applied the invalidation), a detail table per cell, the target check, and the
// issue's anchors beside the measured p99; as aligned text or Markdown.
import type { CellCpu } from '../shared/fleet.js';
import type { FeedCellResult } from '../shared/feed-bench.js';
import { cellLabel, cpuRows, reportEnd, transportTable } from '../shared/feed-report.js';
import type { LatencySummary } from '../shared/latency.js';
import type { MachineInfo } from '../shared/machine.js';
import { machineLine } from '../shared/machine.js';
import { ms, num, render, trio } from '../shared/table.js';
import { ANCHORS, TARGET_EDGES, TARGET_P99_MS, targetVerdict } from './stats.js';
import type { CellSummary } from './stats.js';

/** The least and most of what the edges' tiers held, over the fill and every refill (so at every t0). */
export interface StoredRange {
  memoryMin: number;
  memoryMax: number;
  diskMin: number;
  diskMax: number;
}

export interface CellResult extends FeedCellResult, Partial<CellCpu> {
  summary?: CellSummary;
  /** How many processes the edges were spread over. */
  edgeProcesses?: number;
  /** Per edge: filling its store (one fetch, then the rest through the store API). */
  fillMs?: LatencySummary;
  stored?: StoredRange;
  /** The largest edge-host process after its fill, MiB. */
  hostRssMaxMiB?: number;
  /**
   * Edge-host CPU from each request until the API said complete and every edge had swept, per edge and
   * invalidation: what one edge spends on one (receiving, putting it in force, acking, sweeping, acking
   * the counts, and the heartbeats meanwhile), whatever it waited for.
   */
  edgeCpuMsPerInvalidation?: number;
}

export interface RunInfo extends MachineInfo {
  invalidations: number;
  warmup: number;
  objects: number;
  pattern: string;
  /** Objects the pattern matches per edge (objects.ts), what every edge must report. */
  expectedMatched: number;
  tiers: string;
  edgesPerProcess: number;
  completePollMs: number;
  /** Each host ran a full GC after each refill (options.ts refillGc). */
  refillGc: boolean;
  gapMs: number;
  logLevel: string;
  natsUrl: string;
}

/** Edges × transport; each transport gets p50, p99 and max (ms) of "the last edge has applied it". */
export function mainTable(cells: readonly CellResult[]): string[][] {
  return transportTable(cells, (s) => ({ latency: s.allApplied, total: s.invalidations, complete: s.complete }));
}

type Row = { label: string; cell: (c: CellResult) => string };

function detailRows(info: RunInfo): Row[] {
  const s = (f: (x: CellSummary) => string) => (c: CellResult) => (c.summary === undefined ? '—' : f(c.summary));
  const range = (a: number, b: number): string => (a === b ? String(a) : `${a}–${b}`);
  return [
    { label: 'invalidations measured (all edges applied / total)', cell: s((x) => `${x.complete} / ${x.invalidations}`) },
    { label: 'last edge applied (in force): p50 / p99 / max ms', cell: s((x) => trio(x.allApplied)) },
    { label: '… Normal (soft) only', cell: s((x) => trio(x.allAppliedNormal)) },
    { label: '… Force (hard) only', cell: s((x) => trio(x.allAppliedForce)) },
    { label: 'each edge applied (in force): p50 / p99 / max ms', cell: s((x) => trio(x.eachApplied)) },
    { label: 'each edge began applying: p50 / p99 / max ms', cell: s((x) => trio(x.eachStarted)) },
    { label: "each edge's own apply (plan, in force): p50 / p99 / max ms", cell: s((x) => trio(x.applyDuration)) },
    { label: `API says complete (polled every ${info.completePollMs} ms): p50 / p99 / max ms`, cell: s((x) => trio(x.completeApi)) },
    { label: 'last edge swept (every matched entry marked/removed, counted): p50 / p99 / max ms', cell: s((x) => trio(x.allSwept)) },
    { label: "each edge's sweep, in force to swept (its turn + scan + mark/remove): p50 / p99 / max ms", cell: s((x) => trio(x.sweepDuration)) },
    { label: 'API objects matched = every edge\'s count (polled): p50 / p99 / max ms', cell: s((x) => trio(x.countedApi)) },
    { label: 'invalidation API call: p50 / p99 / max ms', cell: s((x) => trio(x.apiCall)) },
    { label: `objects matched per edge (expected ${info.expectedMatched})`, cell: s((x) => (Number.isNaN(x.matchedMin) ? '—' : `${range(x.matchedMin, x.matchedMax)}${x.matchedOff > 0 ? ` (${x.matchedOff} off)` : ''}`)) },
    { label: 'API objects matched = edges × expected', cell: s((x) => `${x.apiMatchedRight} / ${x.invalidations}`) },
    { label: 'HTTP check on every edge (matched object not a hit, other object a hit)', cell: s((x) => `${x.checkedAll} / ${x.invalidations}`) },
    { label: 'refused by an edge / throttled (429)', cell: s((x) => `${x.refused} / ${x.throttled}`) },
    { label: 'objects stored per edge at t0: memory tier / disk tier', cell: (c) => (c.stored === undefined ? '—' : `${range(c.stored.memoryMin, c.stored.memoryMax)} / ${range(c.stored.diskMin, c.stored.diskMax)}`) },
    { label: 'filling one edge: p50 / max ms', cell: (c) => (c.fillMs === undefined ? '—' : `${ms(c.fillMs.p50Ms)} / ${ms(c.fillMs.maxMs)}`) },
    { label: 'edge CPU per edge and invalidation, ms', cell: (c) => num(c.edgeCpuMsPerInvalidation, 1) },
    { label: 'edge processes; largest one\'s RSS MiB', cell: (c) => `${num(c.edgeProcesses)}; ${num(c.hostRssMaxMiB)}` },
    ...cpuRows(),
  ];
}

export function detailTable(cells: readonly CellResult[], info: RunInfo): string[][] {
  const table: string[][] = [['', ...cells.map(cellLabel)]];
  for (const row of detailRows(info)) table.push([row.label, ...cells.map(row.cell)]);
  return table;
}

/** The measured p99 at the target's N (else the largest N run) beside the target and the issue's anchors. */
export function anchorTable(cells: readonly CellResult[]): string[][] | undefined {
  const measured = cells.filter((c) => c.summary !== undefined && c.summary.invalidations > 0);
  if (measured.length === 0) return undefined;
  const n = measured.some((c) => c.edges === TARGET_EDGES) ? TARGET_EDGES : Math.max(...measured.map((c) => c.edges));
  const at = measured.filter((c) => c.edges === n);
  const table: string[][] = [['', ...at.map(cellLabel)]];
  table.push(['measured p99 until every edge applied it', ...at.map((c) => `${ms(c.summary?.allApplied.p99Ms)} ms`)]);
  table.push([
    `target (issue 5, at ${TARGET_EDGES} edges)`,
    ...at.map((c) => (c.edges === TARGET_EDGES && c.summary !== undefined ? `< ${TARGET_P99_MS / 1000} s: ${targetVerdict(c.summary).met ? 'met' : 'NOT met'}` : `< ${TARGET_P99_MS / 1000} s (not at ${TARGET_EDGES} edges)`)),
  ]);
  for (const a of ANCHORS) table.push([`${a.who} (the issue's anchor, not measured)`, ...at.map(() => a.figure)]);
  return table;
}

export function renderReport(cells: readonly CellResult[], info: RunInfo, markdown: boolean): string {
  const li = markdown ? '- ' : '';
  const share = info.objects > 0 ? ((100 * info.expectedMatched) / info.objects).toFixed(info.expectedMatched * 100 < info.objects ? 2 : 0) : '0';
  const out: string[] = [
    `${li}${machineLine(info)} · node ${info.node}`,
    `${li}${info.invalidations} invalidations per cell (after ${info.warmup} unreported), Normal and Force in turn, ${info.gapMs} ms apart; path pattern \`${info.pattern}\` over ${info.objects} stored objects per edge (${info.tiers} tier${info.tiers === 'both' ? 's' : ''}), ${info.expectedMatched} of them matched (${share} %); ${info.refillGc ? 'each host collected its garbage (full GC) after each refill, outside the measured time' : 'no GC forced after the refills'}; up to ${info.edgesPerProcess} edge${info.edgesPerProcess === 1 ? '' : 's'} per process besides the control plane's; control plane log level ${info.logLevel}; NATS ${info.natsUrl}`,
    `${li}time from the invalidation API call returning until the last of N edges has applied it: put it in force, after which it serves nothing the invalidation covers (timed in the edge's process; the sweep that marks or removes the entries and counts them follows, below)`,
    '',
    render(mainTable(cells), markdown),
    '',
    render(detailTable(cells, info), markdown),
  ];
  const anchors = anchorTable(cells);
  if (anchors !== undefined) out.push('', render(anchors, markdown));
  out.push(...reportEnd(cells, li, { edges: TARGET_EDGES, ms: TARGET_P99_MS, verdict: (c) => (c.summary === undefined ? undefined : targetVerdict(c.summary)) }));
  return out.join('\n');
}
