// The benchmark's child processes (the control plane, the edge hosts): each in its own process group,
// output to a log file, an IPC channel for its messages; stopped with SIGTERM, then SIGKILL, whatever
// happens. Same pattern as bench/api/child.ts, for any script and message type.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface Child<M extends { type: string }> {
  readonly pid: number;
  readonly logFile: string;
  /** Calls `listener` with every message the child sends from now on. */
  onMessage(listener: (message: M) => void): void;
  /** The first message of this type (rejects when the child exits first or the time runs out). */
  first<T extends M['type']>(type: T, timeoutMs: number): Promise<Extract<M, { type: T }>>;
  stop(graceMs?: number): Promise<void>;
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

/** For signal handlers and the watchdog: SIGKILL every child still running. */
export function killChildrenSync(): void {
  for (const child of running) killGroup(child, 'SIGKILL');
  running.clear();
}

export function startChild<M extends { type: string }>(input: { script: string; args: string[]; env: NodeJS.ProcessEnv; cwd: string; logFile: string }): Child<M> {
  const logFd = openSync(input.logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', input.script, ...input.args], {
    cwd: input.cwd,
    env: input.env,
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
    logFile: input.logFile,
    onMessage: (listener) => void listeners.push(listener),
    first: <T extends M['type']>(type: T, timeoutMs: number) =>
      new Promise<Extract<M, { type: T }>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${input.script} sent no ${type} within ${timeoutMs} ms (log: ${input.logFile})`)), timeoutMs);
        listeners.push((message) => {
          if (message.type === type) {
            clearTimeout(timer);
            resolve(message as Extract<M, { type: T }>);
          } else if (message.type === 'failed') {
            clearTimeout(timer);
            reject(new Error(`${input.script} failed: ${(message as { error?: string }).error ?? '?'} (log: ${input.logFile})`));
          }
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`${input.script} exited (${child.exitCode ?? child.signalCode ?? '?'}) (log: ${input.logFile})`));
        });
      }),
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
