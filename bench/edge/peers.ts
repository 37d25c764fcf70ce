// The three systems under test. Each is started as its own process (group) with its own config in a
// fresh temp dir, measured alone, then stopped, so no two of them ever share the machine's cores.
import type { IncomingHttpHeaders } from 'node:http';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { candelaHit } from '../shared/cache-status.js';
import { freePort, makeTempDir, removeTempDir, startProcess, stopProcess, waitForPort } from './proc.js';
import type { Proc } from './proc.js';

export { candelaHit };

export const PEER_NAMES = ['candela', 'nginx', 'varnish'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

/**
 * Hook for the lead: flags appended to the agreed `candela edge` command line on every run (e.g. a
 * worker count or store size once the CLI grows them). One-off additions can also be passed as
 * `--candela-arg=<flag>` to run.ts.
 */
export const CANDELA_EXTRA_ARGS: readonly string[] = [];

export interface PeerContext {
  repoRoot: string;
  originPort: number;
  /** Extra `candela edge` flags from the command line, after CANDELA_EXTRA_ARGS. */
  candelaArgs: readonly string[];
}

export interface RunningPeer {
  name: PeerName;
  baseUrl: string;
  /** Root of the peer's process tree (master / manager / primary), for the memory reading. */
  pid: number;
  /** The exact command line, recorded in the results. */
  command: string[];
  /** Whether a response was served from the peer's cache, judged from its own headers. */
  isHit(headers: IncomingHttpHeaders): boolean;
  stop(): Promise<void>;
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
}

/** nginx: X-Cache-Status is $upstream_cache_status, added by our config. */
export function nginxHit(headers: IncomingHttpHeaders): boolean {
  return header(headers, 'x-cache-status').toUpperCase() === 'HIT';
}

/** Varnish: X-Varnish carries the request id and, on a hit, the id of the request that stored it. */
export function varnishHit(headers: IncomingHttpHeaders): boolean {
  return header(headers, 'x-varnish').trim().split(/\s+/).length >= 2 || Number(header(headers, 'age')) > 0;
}


async function render(repoRoot: string, template: string, slots: Record<string, string>): Promise<string> {
  let text = await readFile(join(repoRoot, 'bench', 'peers', template), 'utf8');
  for (const [key, value] of Object.entries(slots)) text = text.replaceAll(`{{${key}}}`, value);
  const left = /\{\{\w+\}\}/.exec(text);
  if (left) throw new Error(`${template}: unfilled slot ${left[0]}`);
  return text;
}

/** Starts the process, waits for its port, and wraps it; on any failure nothing is left behind. */
async function launch(
  name: PeerName,
  dir: string,
  port: number,
  command: string[],
  isHit: (h: IncomingHttpHeaders) => boolean,
  cwd?: string,
  logFile?: string,
): Promise<RunningPeer> {
  const [cmd, ...args] = command;
  if (cmd === undefined) throw new Error(`${name}: empty command`);
  let proc: Proc | undefined;
  const stop = async (): Promise<void> => {
    if (proc) await stopProcess(proc);
    removeTempDir(dir);
  };
  try {
    proc = startProcess(name, cmd, args, cwd);
    await waitForPort(port, proc, name === 'candela' ? 60_000 : 30_000);
  } catch (err) {
    const log = logFile && existsSync(logFile) ? `\n${await readFile(logFile, 'utf8')}` : '';
    await stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}${log}`, { cause: err });
  }
  return { name, baseUrl: `http://127.0.0.1:${port}`, pid: proc.pid, command, isHit, stop };
}

async function startNginx(ctx: PeerContext): Promise<RunningPeer> {
  const dir = await makeTempDir('bench-nginx-');
  const port = await freePort();
  const conf = await render(ctx.repoRoot, 'nginx.conf.template', {
    DIR: dir,
    PORT: String(port),
    ORIGIN_PORT: String(ctx.originPort),
    // As root, workers would default to `nobody`; keep them as the invoking user so the cache dir
    // created under our temp dir stays writable. Unprivileged runs must not set `user` at all.
    USER_DIRECTIVE: process.getuid?.() === 0 ? 'user root;' : '',
  });
  const confPath = join(dir, 'nginx.conf');
  await writeFile(confPath, conf);
  const errLog = join(dir, 'error.log');
  return launch('nginx', dir, port, ['nginx', '-p', `${dir}/`, '-c', confPath, '-e', errLog], nginxHit, undefined, errLog);
}

async function startVarnish(ctx: PeerContext): Promise<RunningPeer> {
  const dir = await makeTempDir('bench-varnish-');
  const port = await freePort();
  const vcl = await render(ctx.repoRoot, 'varnish.vcl.template', { ORIGIN_PORT: String(ctx.originPort) });
  const vclPath = join(dir, 'default.vcl');
  await writeFile(vclPath, vcl, { mode: 0o644 });
  const command = [
    'varnishd',
    '-F',
    '-a',
    `127.0.0.1:${port}`,
    '-T',
    '127.0.0.1:0',
    '-f',
    vclPath,
    '-s',
    'malloc,256m',
    '-n',
    join(dir, 'work'),
  ];
  return launch('varnish', dir, port, command, varnishHit);
}

async function startCandela(ctx: PeerContext): Promise<RunningPeer> {
  // The production build (what `npm start` runs): no TypeScript loader in the edge processes.
  execFileSync(process.execPath, [join(ctx.repoRoot, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const main = join(ctx.repoRoot, 'dist', 'candela.mjs');
  if (!existsSync(main)) throw new Error(`candela: ${main} was not built`);
  const dir = await makeTempDir('bench-candela-');
  const port = await freePort();
  const adminPort = await freePort();
  const command = [
    process.execPath,
    main,
    'edge',
    '--origin',
    `http://127.0.0.1:${ctx.originPort}`,
    '--listen',
    `127.0.0.1:${port}`,
    '--admin-listen',
    `127.0.0.1:${adminPort}`,
    '--data-dir',
    dir,
    ...CANDELA_EXTRA_ARGS,
    ...ctx.candelaArgs,
  ];
  return launch('candela', dir, port, command, candelaHit, ctx.repoRoot);
}

export function startPeer(name: PeerName, ctx: PeerContext): Promise<RunningPeer> {
  switch (name) {
    case 'candela':
      return startCandela(ctx);
    case 'nginx':
      return startNginx(ctx);
    case 'varnish':
      return startVarnish(ctx);
  }
}
