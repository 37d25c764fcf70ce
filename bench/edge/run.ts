// Edge macro benchmark: Candela's edge vs nginx vs Varnish in front of one local origin.
//
//   node --import tsx bench/edge/run.ts [--duration 10s] [--connections 64] [--big-connections 8]
//        [--threads 2] [--warmup 3s|0] [--only candela,nginx,varnish] [--markdown]
//        [--wait-idle 60] [--candela-arg=--some-flag ...]
//
// --wait-idle: before each peer, wait up to this many seconds for other work on the machine to stop
// (the busy % seen is reported either way). --candela-arg: one extra `candela edge` flag per use,
// written with `=` because its value starts with dashes.
//
// Each peer is started alone, measured, and stopped before the next one starts, so the 2 cores are
// never shared between peers. Raw results go to bench/out/edge-<timestamp>.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineInfo } from '../shared/machine.js';
import { measurePeer } from './measure.js';
import type { MeasureOptions, PeerResult } from './measure.js';
import { PEER_NAMES } from './peers.js';
import type { PeerName } from './peers.js';
import { killAllSync, startProcess, stopProcess, waitForLine } from './proc.js';
import { renderReport } from './table.js';
import type { MachineInfo } from './table.js';
import { activeWrk } from './wrk.js';

const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

function usage(message: string): never {
  process.stderr.write(`${message}\nsee the header of bench/edge/run.ts for usage\n`);
  process.exit(2);
}

function parseOptions(): { measure: Omit<MeasureOptions, 'originUrl'>; only: PeerName[]; markdown: boolean; candelaArgs: string[] } {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10s' },
      connections: { type: 'string', default: '64' },
      'big-connections': { type: 'string', default: '8' },
      threads: { type: 'string', default: '2' },
      warmup: { type: 'string', default: '3s' },
      only: { type: 'string', default: PEER_NAMES.join(',') },
      markdown: { type: 'boolean', default: false },
      'candela-arg': { type: 'string', multiple: true, default: [] },
      'wait-idle': { type: 'string', default: '60' },
    },
  });
  const wrkTime = /^\d+[smh]?$/;
  if (!wrkTime.test(values.duration)) usage(`--duration must look like 10s, 1m (got ${values.duration})`);
  if (values.warmup !== '0' && !wrkTime.test(values.warmup)) usage(`--warmup must look like 3s or 0`);
  const int = (name: string, v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) usage(`--${name} must be a positive integer (got ${v})`);
    return n;
  };
  const only = values.only.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of only) if (!(PEER_NAMES as readonly string[]).includes(name)) usage(`--only: unknown peer ${name}`);
  return {
    measure: {
      duration: values.duration,
      connections: int('connections', values.connections),
      bigConnections: int('big-connections', values['big-connections']),
      threads: int('threads', values.threads),
      warmup: values.warmup === '0' ? null : values.warmup,
      coldRequests: 100,
      waitIdleS: values['wait-idle'] === '0' ? 0 : int('wait-idle', values['wait-idle']),
    },
    // Keep the canonical column order whatever order --only lists them in.
    only: PEER_NAMES.filter((p) => only.includes(p)),
    markdown: values.markdown,
    candelaArgs: values['candela-arg'],
  };
}

function versionOf(cmd: string, args: string[], pattern: RegExp): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  const m = pattern.exec(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  return m?.[1] ?? 'missing';
}

function machineAndVersions(only: PeerName[]): MachineInfo {
  const { node, ...machine } = machineInfo();
  const versions: Record<string, string> = { node, wrk: versionOf('wrk', ['-v'], /wrk (\S+)/) };
  if (only.includes('nginx')) versions.nginx = versionOf('nginx', ['-v'], /nginx\/(\S+)/);
  if (only.includes('varnish')) versions.varnish = versionOf('varnishd', ['-V'], /varnish-(\S+)/);
  return { ...machine, versions };
}

function requireTools(only: PeerName[]): void {
  const tools: [string, string[]][] = [['wrk', ['-v']]];
  if (only.includes('nginx')) tools.push(['nginx', ['-v']]);
  if (only.includes('varnish')) tools.push(['varnishd', ['-V']]);
  const missing = tools.filter(([cmd, args]) => spawnSync(cmd, args).error !== undefined).map(([cmd]) => cmd);
  if (missing.length > 0) usage(`missing: ${missing.join(', ')} — run bash bench/install.sh`);
}

async function main(): Promise<number> {
  const opts = parseOptions();
  requireTools(opts.only);
  // Ctrl-C (or a CI timeout) must not leave a cache server holding a port and a core.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      process.stderr.write(`\n${sig}: stopping every process the benchmark started\n`);
      killAllSync(activeWrk);
      process.exit(130);
    });
  }
  const machine = machineAndVersions(opts.only);
  const origin = startProcess('origin', process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', 'edge', 'origin.ts')], repoRoot);
  const results: PeerResult[] = [];
  try {
    const m = await waitForLine(origin, /\{"port":(\d+)\}/);
    const originUrl = `http://127.0.0.1:${m[1] ?? ''}`;
    process.stderr.write(`[origin] ${originUrl} (pid ${origin.pid})\n`);
    const measure: MeasureOptions = { ...opts.measure, originUrl };
    const ctx = { repoRoot, originPort: Number(m[1]), candelaArgs: opts.candelaArgs };
    for (const name of opts.only) results.push(await measurePeer(name, ctx, measure));
  } finally {
    await stopProcess(origin);
  }

  const report = renderReport(results, machine, {
    markdown: opts.markdown,
    connections: opts.measure.connections,
    bigConnections: opts.measure.bigConnections,
    duration: opts.measure.duration,
  });
  process.stdout.write(`\n${report}\n`);
  const outDir = join(repoRoot, 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `edge-${machine.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ machine, options: opts, results }, null, 2)}\n`);
  process.stderr.write(`\nraw results: ${file}\n`);
  return results.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    killAllSync(activeWrk);
    process.exit(1);
  },
);
