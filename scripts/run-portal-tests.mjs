// Runs the Media portal's tests (vitest + jsdom, packages/portal-web/src/**/*.spec.ts(x)) and exits with
// vitest's status. Its last line is `N passed, N failed` (the portal's summary reporter). The portal's
// tests are *.spec.* so that run-tests.mjs, which gives every *.test.ts to node:test, never picks them up.
// Usage: node scripts/run-portal-tests.mjs [vitest filters…]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const portal = join(root, 'packages/portal-web');
const vitest = join(root, 'node_modules/vitest/vitest.mjs');

// cwd is the portal: vitest.config.ts lives there and Vite takes its root from the working directory.
const result = spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], { cwd: portal, stdio: 'inherit' });
if (result.error !== undefined) console.error(result.error.message);
process.exit(result.status ?? 1);
