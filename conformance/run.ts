// HTTP cache conformance harness: runs the http-cache-tests suite (cache-tests.fyi) against
// Candela's edge, or against nginx / Varnish to calibrate, and scores it like the published caches.
// Usage: node --import tsx conformance/run.ts [--target candela|nginx|varnish] [--id test-id]
//        [--json out.json] [--write-report] [--timeout seconds]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runHarness } from './lib/harness.js';
import { installExitHandlers, interrupted } from './lib/processes.js';
import { localRows, outDir, publishedRows, textTable } from './lib/published.js';
import type { ScoredRow } from './lib/published.js';
import { renderReport } from './lib/report.js';
import { classify, nonPassing, OUTCOMES, score, SYMBOL } from './lib/score.js';
import { loadSuites, repoRoot } from './lib/suite.js';
import { isTargetName, TARGETS } from './lib/targets.js';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'candela' },
    id: { type: 'string' },
    json: { type: 'string' },
    'write-report': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '240' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'usage: node --import tsx conformance/run.ts [--target candela|nginx|varnish] [--id test-id]\n' +
      '       [--json out.json] [--write-report] [--timeout seconds]\n',
  );
  process.exit(0);
}
const target = values.target;
if (!isTargetName(target)) {
  process.stderr.write(`unknown --target ${target}; one of ${TARGETS.join(', ')}\n`);
  process.exit(2);
}
if (values['write-report'] && (target !== 'candela' || values.id !== undefined)) {
  process.stderr.write('--write-report describes a full run of candela; use it with --target candela and no --id\n');
  process.exit(2);
}
const timeoutSeconds = Number(values.timeout);
if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
  process.stderr.write(`--timeout must be a positive number of seconds\n`);
  process.exit(2);
}

installExitHandlers();
const suites = loadSuites();
const log = (line: string): void => void process.stderr.write(`[conformance] ${line}\n`);

const run = await runHarness({
  target,
  ...(values.id !== undefined ? { testId: values.id } : {}),
  timeoutMs: timeoutSeconds * 1000,
  log,
  // A single test's request/response dump is the point of --id; a full run prints nothing useful.
  ...(values.id !== undefined ? { onOutput: (text: string) => void process.stdout.write(text) } : {}),
}).catch((err: unknown) => {
  process.stderr.write(`[conformance] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(interrupted() === undefined ? 1 : 130);
});

mkdirSync(outDir, { recursive: true });
const base = values.id === undefined ? target : `${target}.${values.id}`;
// Raw results in the suite's own format (as `npm run cli` prints them), plus what produced them.
writeFileSync(join(outDir, `${base}.json`), JSON.stringify(run.results, null, 2) + '\n');
writeFileSync(join(outDir, `${base}.meta.json`), JSON.stringify(run, null, 2) + '\n');

if (values.id !== undefined) {
  // Its dependencies were not run, so judge the test on its own, as the suite's cli.mjs does.
  const single = classify(suites, run.results, false).find((t) => t.id === values.id);
  if (single !== undefined) {
    process.stdout.write(`\n${SYMBOL[single.outcome]} ${single.outcome} (${single.kind}) ${single.id}: ${single.name}\n`);
    if (single.detail !== undefined) process.stdout.write(`   ${single.detail}\n`);
  }
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(run, null, 2) + '\n');
  process.exit(0);
}

const ours = score(suites, run.results);
const rows: ScoredRow[] = [
  { name: target, version: run.version, source: 'this run', score: ours },
  ...localRows(suites, target),
  ...publishedRows(suites),
];

const out = process.stdout;
out.write(`\n${target} ${run.version} — http-cache-tests ${run.suiteVersion}${run.complete ? '' : ' — INCOMPLETE RUN'}\n`);
out.write(
  `passed (dependency-aware ✅): ${ours.passed}   required failures: ${ours.requiredFailures.length}   ` +
    `required inconclusive: ${ours.requiredInconclusive.length}   optional passes: ${ours.optionalPasses}\n`,
);
out.write(OUTCOMES.map((o) => `${SYMBOL[o]} ${o} ${ours.counts[o]}`).join('  ') + '\n\n');
for (const t of ours.requiredFailures) out.write(`  ⛔️ ${t.id}: ${t.detail ?? ''}\n`);
for (const t of ours.requiredInconclusive) out.write(`  ${SYMBOL[t.outcome]} ${t.id}: ${t.outcome} ${t.detail ?? ''}\n`);
out.write(`\n${textTable(rows)}\n`);
for (const row of rows) {
  if (row.score.unknownIds.length > 0) {
    out.write(`(${row.name}: ${row.score.unknownIds.length} result ids not in this suite version were ignored)\n`);
  }
}

if (values.json !== undefined) {
  const summary = {
    ...run,
    score: { ...ours, tests: undefined, nonPassing: nonPassing(ours) },
    table: rows.map((r) => ({ name: r.name, version: r.version, source: r.source, passed: r.score.passed })),
  };
  writeFileSync(values.json, JSON.stringify(summary, null, 2) + '\n');
}

if (values['write-report'] && !run.complete) {
  log('not rewriting results.md: the run was cut off by --timeout, so its numbers are not comparable');
} else if (values['write-report']) {
  const reportFile = join(repoRoot, 'conformance', 'results.md');
  const existing = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : undefined;
  const report = renderReport({
    date: new Date(),
    target,
    version: run.version,
    suiteVersion: run.suiteVersion,
    score: ours,
    rows,
    suites,
    ...(existing !== undefined ? { existing } : {}),
  });
  writeFileSync(reportFile, report);
  log(`wrote ${reportFile}`);
}
// A cut-off run still prints what it measured, but must not look like a normal result to scripts.
if (!run.complete) process.exitCode = 1;
