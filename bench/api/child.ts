// Starts bench/api/server.ts as a child process (bench/shared/children.ts: its own process group, logs to
// a file, an IPC channel for the ready message and CPU snapshots) and stops it again, whatever happens.
import { join } from 'node:path';
import { startChild } from '../shared/children.js';
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

export async function startServer(options: ServerOptions): Promise<RunningServer> {
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
  const child = startChild<ServerMessage>({
    script: join(options.repoRoot, 'bench', 'api', 'server.ts'),
    args: ['--customers', String(options.shape.customers), '--services', String(options.shape.servicesPerCustomer), '--users', String(options.shape.usersPerCustomer)],
    nodeArgs: options.cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir],
    env,
    cwd: options.repoRoot,
    logFile: join(options.dataDir, 'control-plane.log'),
  });
  // Snapshot answers come back in request order: one resolver each, oldest first.
  const snapshots: ((s: ServerSnapshot) => void)[] = [];
  child.onMessage((message) => {
    if (message.type === 'snapshot') snapshots.shift()?.(message);
  });
  let info: Extract<ServerMessage, { type: 'ready' }>;
  try {
    info = await child.first('ready', options.startTimeoutMs);
  } catch (error) {
    await child.stop();
    throw new Error(`the control plane did not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return {
    pid: child.pid,
    url: info.url,
    dialect: info.dialect,
    users: info.users,
    seedMs: info.seedMs,
    logFile: child.logFile,
    snapshot: () =>
      new Promise<ServerSnapshot>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the control plane did not answer a snapshot request')), 10_000);
        snapshots.push((s) => {
          clearTimeout(timer);
          resolve(s);
        });
        child.send({ type: 'snapshot' });
      }),
    stop: () => child.stop(),
  };
}
