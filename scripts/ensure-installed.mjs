// Installs the project's npm dependencies when they are missing or older than package-lock.json,
// so `npm start` and `npm test` work as the first command on a fresh clone. Node built-ins only:
// this runs before anything else is installed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lockFile = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.candela-installed');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major !== 20 || minor < 19) {
  console.error(`Candela needs Node.js >=20.19 <21; this is ${process.versions.node}.`);
  process.exit(1);
}

const lockHash = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
const installedHash = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : '';
if (installedHash !== lockHash) {
  console.log('Installing dependencies (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  writeFileSync(marker, lockHash + '\n');
}

// `--browser`: the end-to-end tests drive the OS Chromium (Debian package `chromium`; stack.md: never a
// downloaded browser). Installed here so `npm test` alone prepares a fresh machine.
if (process.argv.includes('--browser') && !existsSync('/usr/bin/chromium')) {
  console.log('Installing Chromium for the end-to-end tests (apt)…');
  execFileSync('bash', [join(root, 'scripts/install-os-packages.sh'), 'chromium'], { cwd: root, stdio: 'inherit' });
}
