// How every benchmark prints its tables: aligned text for a terminal, or Markdown for docs/benchmarks.md
// (first column left, the numbers right), and how it writes the numbers in them.
import type { LatencySummary } from './latency.js';

export function render(table: readonly (readonly string[])[], markdown: boolean): string {
  const header = table[0] ?? [];
  if (markdown) {
    const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
    return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...table.slice(1).map(line)].join('\n');
  }
  const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  return table.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}

/** A number with fixed decimals, a dash for nothing. */
export const num = (v: number | null | undefined, digits = 0): string => (v === undefined || v === null || Number.isNaN(v) ? '—' : v.toFixed(digits));

/** Milliseconds: one decimal below 100 ms, whole above. */
export const ms = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(Math.abs(v) >= 100 ? 0 : 1));

/** `p50 / p99 / max` in ms, a dash for no samples. */
export const trio = (s: LatencySummary | undefined): string => (s === undefined || s.count === 0 ? '—' : `${ms(s.p50Ms)} / ${ms(s.p99Ms)} / ${ms(s.maxMs)}`);
