// Runs every *.test.ts file with node:test through tsx. Node 20's test runner neither globs nor
// discovers .ts files, so the list is built here. Usage: node scripts/run-tests.mjs [path-filter…]
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const skipDirs = new Set(['node_modules', '.git', '.data', 'out']);

function collect(dir, found) {
  for (const name of readdirSync(dir)) {
    if (skipDirs.has(name)) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) collect(full, found);
    else if (name.endsWith('.test.ts')) found.push(relative(root, full));
  }
  return found;
}

const filters = process.argv.slice(2);
const files = ['packages', 'conformance', 'bench', 'scripts']
  .flatMap((d) => collect(join(root, d), []))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
