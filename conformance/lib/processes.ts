// Starting, watching and always stopping the processes the harness runs (origin, cache, runner).
// Every child gets its own process group so that whatever it forks (nginx workers, the varnish
// cache child, edge workers) is stopped with it, and nothing outlives the harness.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOG_LIMIT = 64 * 1024;

export interface Managed {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or null when killed by a signal) once the process has exited. */
  readonly exited: Promise<number | null>;
  /** The last LOG_LIMIT characters of stdout and stderr, for error messages. */
  log(): string;
  isRunning(): boolean;
}

const live = new Set<Managed>();
const tempDirs = new Set<string>();

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called with each chunk of output (e.g. to forward a test dump to the console). */
  onOutput?: (text: string) => void;
}

export function spawnManaged(name: string, command: string, args: string[], options: SpawnOptions = {}): Managed {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true, // own process group, see the header comment
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let running = true;
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-LOG_LIMIT);
    options.onOutput?.(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (err) => {
      output += `\n[spawn error] ${err.message}`;
      running = false;
      resolve(-1);
    });
    child.on('exit', (code) => {
      running = false;
      resolve(code);
    });
  });
  const managed: Managed = { name, child, exited, log: () => output, isRunning: () => running };
  live.add(managed);
  void exited.then(() => live.delete(managed));
  return managed;
}

function signalGroup(proc: Managed, signal: NodeJS.Signals): void {
  const pid = proc.child.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the whole group is already gone.
  }
}

/** SIGTERM the process group, then SIGKILL whatever is left after graceMs. */
export async function stopProcess(proc: Managed, graceMs = 5000): Promise<void> {
  if (proc.isRunning()) {
    signalGroup(proc, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([proc.exited, timeout]);
    clearTimeout(timer);
  }
  // Group members can outlive the leader (e.g. a worker mid-request); make sure they go too.
  signalGroup(proc, 'SIGKILL');
  await proc.exited;
  live.delete(proc);
}

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `candela-conformance-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => stopProcess(p)));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

let handlersInstalled = false;
let interruptedBy: NodeJS.Signals | undefined;

/** The signal that is stopping the harness, if any: results gathered since are not trustworthy. */
export function interrupted(): NodeJS.Signals | undefined {
  return interruptedBy;
}

/** Makes sure children die with us: on normal exit, on Ctrl-C and on SIGTERM. */
export function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    // Only synchronous work is possible here.
    for (const proc of live) signalGroup(proc, 'SIGKILL');
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interruptedBy = signal;
      process.stderr.write(`\n${signal}: stopping the processes the harness started…\n`);
      void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}

/** A loopback port nobody listens on right now (the OS picks it; tiny race until the child binds). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

function tryConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function describeExit(proc: Managed): string {
  return `${proc.name} exited before it was ready. Its output:\n${proc.log().slice(-4000) || '(none)'}`;
}

/** Waits until 127.0.0.1:port accepts connections; fails early if the process dies. */
export async function waitForPort(port: number, proc: Managed, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!proc.isRunning()) throw new Error(describeExit(proc));
    if (await tryConnect(port)) return;
    await sleep(100);
  }
  throw new Error(
    `${proc.name} did not accept connections on 127.0.0.1:${port} within ${timeoutMs / 1000} s. ` +
      `Its output:\n${proc.log().slice(-4000) || '(none)'}`,
  );
}

/** Waits until a GET of url gets any HTTP answer at all (any status counts). */
export async function waitForHttp(url: string, proc: Managed, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (!proc.isRunning()) throw new Error(describeExit(proc));
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await sleep(200);
  }
  throw new Error(`${proc.name} gave no HTTP answer to GET ${url} within ${timeoutMs / 1000} s (${lastError})`);
}
