// Starts bench/api/server.ts as a child process (its own process group, logs to a file, an IPC channel for
// the ready message and CPU snapshots) and stops it again, whatever happens.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedShape, SeededUser } from './seed.js';
import type { ServerMessage, ServerSnapshot } from './server.js';

export interface ServerOptions {
  repoRoot: string;
  dataDir: string;
  /** Undefined: the SQLite file in dataDir. */
  databaseUrl: string | undefined;
  logLevel: string;
  shape: SeedShape;
  startTimeoutMs: number;
  /** Write a V8 CPU profile of the control plane to this directory when it exits (node --cpu-prof). */
  cpuProfileDir?: string | undefined;
}

export interface RunningServer {
  pid: number;
  url: string;
  dialect: string;
  users: SeededUser[];
  seedMs: number;
  logFile: string;
  snapshot(): Promise<ServerSnapshot>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** For signal handlers: SIGKILL every server still running (they are in their own process groups). */
export function killServersSync(): void {
  for (const child of running) killGroup(child, 'SIGKILL');
  running.clear();
}

async function stopChild(child: ChildProcess, exited: Promise<void>, graceMs = 10_000): Promise<void> {
  killGroup(child, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  killGroup(child, 'SIGKILL');
  await exited;
  running.delete(child);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logFile = join(options.dataDir, 'control-plane.log');
  const logFd = openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CANDELA_DATA_DIR: options.dataDir,
    CANDELA_HOST: '127.0.0.1',
    CANDELA_PORT: '0',
    CANDELA_LOG_LEVEL: options.logLevel,
  };
  delete env.CANDELA_DATABASE_URL;
  delete env.CANDELA_DATABASE_URL_FILE;
  if (options.databaseUrl !== undefined) env.CANDELA_DATABASE_URL = options.databaseUrl;
  const profile = options.cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir];
  const args = [
    ...profile,
    '--import',
    'tsx',
    join(options.repoRoot, 'bench', 'api', 'server.ts'),
    '--customers',
    String(options.shape.customers),
    '--services',
    String(options.shape.servicesPerCustomer),
    '--users',
    String(options.shape.usersPerCustomer),
  ];
  const child = spawn(process.execPath, args, { cwd: options.repoRoot, env, detached: true, stdio: ['ignore', logFd, logFd, 'ipc'] });
  closeSync(logFd);
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const snapshots: ((s: ServerSnapshot) => void)[] = [];
  const ready = new Promise<Extract<ServerMessage, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the control plane did not start within ${options.startTimeoutMs} ms (log: ${logFile})`)), options.startTimeoutMs);
    child.on('message', (raw: unknown) => {
      const message = raw as ServerMessage;
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`the control plane failed to start: ${message.error}`));
      } else if (message.type === 'snapshot') {
        snapshots.shift()?.(message);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the control plane exited (${child.exitCode ?? child.signalCode ?? '?'}) before it was ready (log: ${logFile})`));
    });
  });
  let info: Extract<ServerMessage, { type: 'ready' }>;
  try {
    info = await ready;
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
  return {
    pid: child.pid ?? 0,
    url: info.url,
    dialect: info.dialect,
    users: info.users,
    seedMs: info.seedMs,
    logFile,
    snapshot: () =>
      new Promise<ServerSnapshot>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the control plane did not answer a snapshot request')), 10_000);
        snapshots.push((s) => {
          clearTimeout(timer);
          resolve(s);
        });
        child.send({ type: 'snapshot' });
      }),
    stop: () => stopChild(child, exited),
  };
}
