// The suite's published results (cache-tests.fyi, shipped in the package's results/ directory),
// scored exactly like our own runs so the comparison table is like for like.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import publishedIndex from 'http-cache-tests/results/index.mjs';
import type { RawResults, TestSuite } from 'http-cache-tests/types';
import { score } from './score.js';
import type { Score } from './score.js';
import { repoRoot, suiteDir } from './suite.js';
import { TARGETS } from './targets.js';

export interface ScoredRow {
  name: string;
  version: string;
  /** Where the results come from: 'this run', 'local run' or the published type (rev-proxy, cdn…). */
  source: string;
  score: Score;
}

export function publishedRows(suites: TestSuite[]): ScoredRow[] {
  return publishedIndex.map((entry) => {
    const results = JSON.parse(readFileSync(join(suiteDir, 'results', entry.file), 'utf8')) as RawResults;
    return { name: entry.name, version: entry.version, source: `published ${entry.type}`, score: score(suites, results) };
  });
}

export interface SavedRun {
  target: string;
  version: string;
  complete: boolean;
  testId?: string;
  results: RawResults;
}

export const outDir = join(repoRoot, 'conformance', 'out');

/** Earlier complete full runs of other targets on this machine (conformance/out/<target>.meta.json). */
export function localRows(suites: TestSuite[], exclude: string): ScoredRow[] {
  const rows: ScoredRow[] = [];
  for (const target of TARGETS) {
    if (target === exclude) continue;
    const file = join(outDir, `${target}.meta.json`);
    if (!existsSync(file)) continue;
    const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedRun;
    if (!saved.complete || saved.testId !== undefined) continue;
    rows.push({ name: saved.target, version: saved.version, source: 'local run', score: score(suites, saved.results) });
  }
  return rows;
}

// Plain words rather than the suite's symbols: emoji widths break terminal alignment.
const COLUMNS = ['cache', 'version', 'source', 'passed', 'required fail', 'optional pass', 'required pass', 'check yes', 'dependency fail'];

function cells(row: ScoredRow): string[] {
  const s = row.score;
  return [
    row.name,
    row.version,
    row.source,
    String(s.passed),
    String(s.requiredFailures.length),
    String(s.optionalPasses),
    String(s.requiredPassed),
    String(s.checksYes),
    String(s.counts.dependency_fail),
  ];
}

export function markdownTable(rows: ScoredRow[]): string {
  const escape = (text: string): string => text.replaceAll('|', '\\|');
  const lines = [`| ${COLUMNS.join(' | ')} |`, `|${COLUMNS.map((_, i) => (i < 3 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of rows) lines.push(`| ${cells(row).map(escape).join(' | ')} |`);
  return lines.join('\n');
}

export function textTable(rows: ScoredRow[]): string {
  const all = [COLUMNS, ...rows.map(cells)];
  const width = COLUMNS.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)));
  return all
    .map((r) =>
      r
        .map((cell, i) => {
          const pad = ' '.repeat((width[i] ?? 0) - [...cell].length);
          return i < 3 ? cell + pad : pad + cell;
        })
        .join('  '),
    )
    .join('\n');
}
