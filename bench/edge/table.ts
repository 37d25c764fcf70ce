// Renders the side-by-side comparison and the targets, as aligned text or Markdown.
import type { PeerName } from './peers.js';
import type { PeerResult } from './measure.js';
import type { ObjectSize } from './origin.js';
import type { MachineInfo as SharedMachineInfo } from '../shared/machine.js';
import { machineLine } from '../shared/machine.js';
import { num, render } from '../shared/table.js';

/** The machine, and the version of node, wrk and each peer (node is among the versions here). */
export interface MachineInfo extends Omit<SharedMachineInfo, 'node'> {
  versions: Record<string, string>;
}

export interface TableOptions {
  markdown: boolean;
  connections: number;
  bigConnections: number;
  duration: string;
}

const MiB = 2 ** 20;

type Getter = (r: PeerResult) => number | null | undefined;

const reqs =
  (size: ObjectSize): Getter =>
  (r) =>
    r.load[size]?.requestsPerSec;
const p99 =
  (size: ObjectSize): Getter =>
  (r) =>
    r.load[size]?.latency.p99Ms;

function errorCount(r: PeerResult): number | undefined {
  const runs = Object.values(r.load);
  if (runs.length === 0) return undefined;
  return runs.reduce((n, w) => n + w.non2xx3xx + w.errors.connect + w.errors.read + w.errors.write + w.errors.timeout, 0);
}

const ROWS: { label: string; get: Getter; digits: number; size?: ObjectSize }[] = [
  { label: '1 KiB hit req/s', get: reqs('1k'), digits: 0, size: '1k' },
  { label: '1 KiB hit p99 ms', get: p99('1k'), digits: 2, size: '1k' },
  { label: '100 KiB hit req/s', get: reqs('100k'), digits: 0, size: '100k' },
  { label: '100 KiB hit p99 ms', get: p99('100k'), digits: 2, size: '100k' },
  { label: '10 MiB hit MiB/s', get: (r) => (r.load['10m'] ? r.load['10m'].transferBytesPerSec / MiB : undefined), digits: 0, size: '10m' },
  { label: 'origin fetches, 100 cold', get: (r) => r.cold?.originFetches, digits: 0 },
  { label: 'origin fetches during hit load', get: (r) => r.originFetchesDuringLoad, digits: 0 },
  { label: 'wrk errors + non-2xx', get: errorCount, digits: 0 },
  { label: 'RSS MiB (process tree)', get: (r) => (r.memory ? r.memory.rssBytes / MiB : undefined), digits: 1 },
  { label: 'PSS MiB (process tree)', get: (r) => (r.memory ? r.memory.pssBytes / MiB : undefined), digits: 1 },
  { label: 'machine busy % before start', get: (r) => r.busyBeforePct, digits: 0 },
];

interface Target {
  label: string;
  value: number | null;
  unit: string;
  goal: string;
  pass: (v: number) => boolean;
}

function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b;
}

function targets(by: Partial<Record<PeerName, PeerResult>>, opts: TableOptions): Target[] {
  const c = by.candela;
  const mbps = (r: PeerResult | undefined): number | undefined => r?.load['10m']?.transferBytesPerSec;
  return [
    { label: '1 KiB hit req/s, candela/nginx', value: ratio(c?.load['1k']?.requestsPerSec, by.nginx?.load['1k']?.requestsPerSec), unit: '×', goal: '≥ 1.00×', pass: (v) => v >= 1 },
    { label: '1 KiB hit req/s, candela/varnish', value: ratio(c?.load['1k']?.requestsPerSec, by.varnish?.load['1k']?.requestsPerSec), unit: '×', goal: '≥ 1.00×', pass: (v) => v >= 1 },
    { label: `candela 1 KiB hit p99 (${opts.connections} conns)`, value: c?.load['1k']?.latency.p99Ms ?? null, unit: ' ms', goal: '≤ 2 ms at 64', pass: (v) => v <= 2 },
    { label: `candela 100 KiB hit p99 (${opts.connections} conns)`, value: c?.load['100k']?.latency.p99Ms ?? null, unit: ' ms', goal: '≤ 2 ms at 64', pass: (v) => v <= 2 },
    { label: '10 MiB MiB/s, candela/nginx', value: ratio(mbps(c), mbps(by.nginx)), unit: '×', goal: '≥ 0.90×', pass: (v) => v >= 0.9 },
    { label: 'candela origin fetches, 100 cold', value: c?.cold?.originFetches ?? null, unit: '', goal: '= 1', pass: (v) => v === 1 },
  ];
}

/** First line of a failure plus its first `…Error: …` line: full process output lives in the JSON. */
function summarise(error: string): string {
  const lines = error.split('\n').map((l) => l.trim()).filter(Boolean);
  const first = lines[0] ?? '';
  const cause = lines.find((l, i) => i > 0 && /^\w*Error\b/.test(l));
  return cause === undefined ? first : `${first} ${cause}`;
}

export function renderReport(results: PeerResult[], machine: MachineInfo, opts: TableOptions): string {
  const by: Partial<Record<PeerName, PeerResult>> = {};
  for (const r of results) by[r.name] = r;
  const out: string[] = [];
  const h = (title: string): string => (opts.markdown ? `### ${title}` : `== ${title} ==`);

  out.push(h('Edge macro benchmark'));
  // Markdown would run these lines together into one paragraph; a list keeps them apart.
  const li = opts.markdown ? '- ' : '';
  out.push(
    `${li}${machineLine(machine)}`,
    li + Object.entries(machine.versions).map(([k, v]) => `${k} ${v}`).join(' · '),
    `${li}wrk: ${opts.duration} per run, ${opts.connections} connections (10 MiB: ${opts.bigConnections}); each peer measured alone.`,
    '',
  );

  const rows: string[][] = [['', ...results.map((r) => r.name)]];
  let unverified = false;
  for (const row of ROWS) {
    rows.push([
      row.label,
      ...results.map((r) => {
        const miss = row.size !== undefined && r.hitChecks.some((c) => c.path === `/obj/${row.size}/1` && !c.hit);
        unverified ||= miss;
        return num(row.get(r), row.digits) + (miss ? '*' : '');
      }),
    ]);
  }
  out.push(render(rows, opts.markdown));
  if (unverified) out.push('', '* the warm-up check did not see a cache hit for this object (see the JSON hitChecks).');
  for (const r of results) if (!r.ok) out.push('', `${r.name} FAILED: ${summarise(r.error ?? '')}`);

  out.push('', h('Targets'));
  const trows: string[][] = [['target', 'measured', 'goal', 'result']];
  for (const t of targets(by, opts)) {
    const value = t.value === null ? 'n/a' : `${t.value.toFixed(t.unit === '' ? 0 : 2)}${t.unit}`;
    trows.push([t.label, value, t.goal, t.value === null ? '—' : t.pass(t.value) ? 'pass' : 'FAIL']);
  }
  out.push(render(trows, opts.markdown));
  if (results.some((r) => (r.busyBeforePct ?? 0) > 10)) {
    out.push('', 'warning: other work was using the CPU before a peer started; its numbers are not comparable.');
  }
  if (opts.connections !== 64) out.push('', `note: the p99 target is defined at 64 connections; this run used ${opts.connections}.`);
  return out.join('\n');
}
