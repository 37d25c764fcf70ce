// The caches the harness can put in front of the origin: Candela's edge (the one under test) and
// the calibration peers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNginx, startVarnish } from './peers.js';
import type { RunningCache } from './peers.js';
import { freePort, makeTempDir, spawnManaged, waitForHttp, waitForPort } from './processes.js';
import { repoRoot } from './suite.js';

export type { RunningCache } from './peers.js';

export const TARGETS = ['candela', 'nginx', 'varnish'] as const;
export type TargetName = (typeof TARGETS)[number];

export function isTargetName(value: string): value is TargetName {
  return (TARGETS as readonly string[]).includes(value);
}

/** Candela's version as the report shows it: the edge package version. */
function candelaVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'packages', 'edge', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The agreed command line of the edge (packages/cli `edge`), one worker, state in a temp dir. */
async function startCandela(originUrl: string, port: number): Promise<RunningCache> {
  const adminPort = await freePort();
  const dataDir = makeTempDir('candela-data');
  const args = [
    '--import',
    'tsx',
    join(repoRoot, 'packages', 'cli', 'src', 'main.ts'),
    'edge',
    '--origin',
    originUrl,
    '--listen',
    `127.0.0.1:${port}`,
    '--admin-listen',
    `127.0.0.1:${adminPort}`,
    '--data-dir',
    dataDir,
    '--workers',
    '1',
  ];
  const proc = spawnManaged('candela edge', process.execPath, args, { cwd: repoRoot });
  const baseUrl = `http://127.0.0.1:${port}`;
  // 20 s in all for the edge to come up, then any HTTP answer to GET / means it is serving.
  const deadline = Date.now() + 20_000;
  await waitForPort(port, proc, 20_000);
  await waitForHttp(`${baseUrl}/`, proc, Math.max(2000, deadline - Date.now()));
  return { name: 'candela', version: candelaVersion(), baseUrl, proc };
}

export async function startTarget(target: TargetName, originUrl: string, originPort: number): Promise<RunningCache> {
  const port = await freePort();
  switch (target) {
    case 'candela':
      return startCandela(originUrl, port);
    case 'nginx':
      return startNginx(originPort, port);
    case 'varnish':
      return startVarnish(originPort, port);
  }
}
