// Starts the whole platform the way a new user does (`candela start`, built bundle, fresh data directory,
// free loopback ports) and records the URLs and the demo passwords it prints.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OUT_DIR, PLATFORM_FILE } from './platform.js';
import type { Platform } from './platform.js';

const root = fileURLToPath(new URL('..', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'candela-e2e-'));
  const [edgePort, stagingPort, portalPort, originPort, adminPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const ports = ['--port', edgePort, '--staging-port', stagingPort, '--portal-port', portalPort, '--origin-port', originPort].map(String);
  const child = spawn(process.execPath, [join(root, 'dist/candela.mjs'), 'start', '--data-dir', dataDir, ...ports], {
    cwd: root,
    env: { ...process.env, CANDELA_EDGE_ADMIN_LISTEN: `127.0.0.1:${adminPort}` },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Stop / Detener')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`candela start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const accounts: Record<string, string> = {};
  for (const match of output.matchAll(/^\s+(\S+@\S+)\s+(\S+)\s{3}/gm)) accounts[match[1] ?? ''] = match[2] ?? '';
  const mailDir = /Mail \/ Correo:\s+(\S+)/.exec(output)?.[1] ?? join(dataDir, 'mail');
  const demoScid = /SCID ([A-Z0-9]{9})/.exec(output)?.[1] ?? '';
  const state: Platform = {
    pid: child.pid ?? 0,
    dataDir,
    portalUrl: `http://127.0.0.1:${portalPort}`,
    edgeUrl: `http://127.0.0.1:${edgePort}`,
    stagingUrl: `http://127.0.0.1:${stagingPort}`,
    originPort,
    mailDir,
    demoScid,
    accounts,
  };
  writeFileSync(PLATFORM_FILE, JSON.stringify(state, null, 2));
  child.unref();
}
