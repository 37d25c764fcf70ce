// A benchmark's child processes (control planes, edge hosts): each in its own process group, its output
// to a log file, an IPC channel for its messages; stopped with SIGTERM, then SIGKILL, whatever happens.
// Every bench that runs something in another process (so it does not share the runner's event loop)
// starts it through here, for any script and message type.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface Child<M extends { type: string }> {
  readonly pid: number;
  readonly logFile: string;
  /** Calls `listener` with every message the child sends from now on. */
  onMessage(listener: (message: M) => void): void;
  /** The first message of this type (rejects when the child sends `failed`, exits first, or the time runs out). */
  first<T extends M['type']>(type: T, timeoutMs: number): Promise<Extract<M, { type: T }>>;
  /** Sends a message over the IPC channel (ignored once the child is gone). */
  send(message: unknown): void;
  stop(graceMs?: number): Promise<void>;
}

export interface ChildSpec {
  /** The TypeScript entry point, run with `node [nodeArgs] --import tsx script args`. */
  script: string;
  args: string[];
  /** Node's own flags, before the script (e.g. --cpu-prof, --max-old-space-size). */
  nodeArgs?: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  logFile: string;
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

/** For signal handlers and watchdogs: SIGKILL every child still running (each in its own process group). */
export function killChildrenSync(): void {
  for (const child of running) killGroup(child, 'SIGKILL');
  running.clear();
}

export function startChild<M extends { type: string }>(spec: ChildSpec): Child<M> {
  const logFd = openSync(spec.logFile, 'a');
  const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), '--import', 'tsx', spec.script, ...spec.args], {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ['ignore', logFd, logFd, 'ipc'],
  });
  closeSync(logFd);
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const listeners: ((message: M) => void)[] = [];
  child.on('message', (raw: unknown) => {
    for (const listener of listeners) listener(raw as M);
  });
  return {
    pid: child.pid ?? 0,
    logFile: spec.logFile,
    onMessage: (listener) => void listeners.push(listener),
    first: <T extends M['type']>(type: T, timeoutMs: number) =>
      new Promise<Extract<M, { type: T }>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${spec.script} sent no ${type} within ${timeoutMs} ms (log: ${spec.logFile})`)), timeoutMs);
        listeners.push((message) => {
          if (message.type === type) {
            clearTimeout(timer);
            resolve(message as Extract<M, { type: T }>);
          } else if (message.type === 'failed') {
            clearTimeout(timer);
            reject(new Error(`${spec.script} failed: ${(message as { error?: string }).error ?? '?'} (log: ${spec.logFile})`));
          }
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`${spec.script} exited (${child.exitCode ?? child.signalCode ?? '?'}) (log: ${spec.logFile})`));
        });
      }),
    send: (message) => {
      if (child.connected) child.send(message as object);
    },
    stop: async (graceMs = 10_000) => {
      killGroup(child, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      killGroup(child, 'SIGKILL');
      await exited;
      running.delete(child);
    },
  };
}
