// Where a benchmark's raw results go: bench/out/<bench>-<start time>.json (bench/out is git-ignored), so
// a number in docs/benchmarks.md can be traced back to every sample behind it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Writes `payload` as JSON and says where on stderr; returns the file. `date` is the run's ISO start time. */
export function writeRawResults(bench: string, date: string, payload: unknown): string {
  const outDir = join(repoRoot, 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${bench}-${date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  process.stderr.write(`\nraw results: ${file}\n`);
  return file;
}
