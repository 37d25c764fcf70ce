// Runs the end-to-end tests (e2e/): builds the `candela` bundle and the portal, then Playwright drives
// the OS Chromium against a platform started by e2e/global-setup.ts. Screenshots and traces land in
// e2e/out (test artefacts).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

const built = run([join(root, 'scripts/build.mjs')]);
if (built !== 0) process.exit(built);
process.exit(run([join(root, 'node_modules/@playwright/test/cli.js'), 'test', '-c', join(root, 'e2e/playwright.config.ts'), ...process.argv.slice(2)]));
