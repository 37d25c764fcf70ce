// Process and temp-dir bookkeeping for the benchmark. Every process is started in its own process
// group so that stopping it also stops what it forked (nginx workers, the Varnish child, cluster
// workers), and everything is remembered so an interrupted run can still clean up synchronously.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Proc {
  name: string;
  pid: number;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<string>;
  hasExited(): boolean;
  /** The last few KiB of stdout+stderr, for error messages. */
  output(): string;
}

const procs = new Set<Proc>();
const tempDirs = new Set<string>();
const OUTPUT_KEEP = 16 * 1024;

export function startProcess(name: string, cmd: string, args: string[], cwd?: string): Proc {
  const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let done = false;
  const keep = (d: Buffer): void => {
    out = (out + d.toString()).slice(-OUTPUT_KEEP);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<string>((resolve) => {
    child.on('error', (err) => {
      done = true;
      out += `\n${err.message}`;
      resolve('spawn-error');
    });
    child.on('exit', (code, signal) => {
      done = true;
      resolve(signal ?? String(code));
    });
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${cmd}`);
  const proc: Proc = { name, pid: child.pid, child, exited, hasExited: () => done, output: () => out };
  procs.add(proc);
  return proc;
}

function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the whole group is already gone
  }
}

/** SIGTERM the process group, SIGKILL whatever is left after graceMs. */
export async function stopProcess(proc: Proc, graceMs = 5000): Promise<void> {
  signalGroup(proc.pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
  await Promise.race([proc.exited, timedOut]);
  clearTimeout(timer);
  // The leader may exit before its children; never leave a straggler holding a port or a core.
  signalGroup(proc.pid, 'SIGKILL');
  await proc.exited;
  procs.delete(proc);
}

export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  // nginx workers and Varnish's jailed child run as unprivileged users when we are root.
  chmodSync(dir, 0o755);
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Synchronous last-resort cleanup for signal handlers, where awaiting is not an option. */
export function killAllSync(extraPids: Iterable<number> = []): void {
  for (const proc of procs) signalGroup(proc.pid, 'SIGKILL');
  for (const pid of extraPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  procs.clear();
  for (const dir of [...tempDirs]) removeTempDir(dir);
}

/** Asks the kernel for a free loopback port. Racy in theory; nothing else here grabs ports. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/** Waits until `port` accepts connections, failing fast (with its output) if `proc` dies first. */
export async function waitForPort(port: number, proc: Proc, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.hasExited()) throw new Error(`${proc.name} exited before listening:\n${proc.output()}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${proc.name} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms:\n${proc.output()}`);
}

/** Waits for a stdout line matching `pattern` (how the origin announces its port). */
export function waitForLine(proc: Proc, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`${proc.name}: no ${String(pattern)} in ${timeoutMs} ms`)), timeoutMs);
    const onData = (d: Buffer): void => {
      buf += d.toString();
      const m = pattern.exec(buf);
      if (m) {
        clearTimeout(timer);
        proc.child.stdout?.off('data', onData);
        resolve(m);
      }
    };
    proc.child.stdout?.on('data', onData);
    void proc.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${proc.name} exited (${code}):\n${proc.output()}`));
    });
  });
}

/** The pid and all its descendants, via /proc/<pid>/task/<tid>/children. */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const p = out[i];
    if (p === undefined) continue;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue; // exited meanwhile
    }
    for (const tid of tasks) {
      try {
        const kids = readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim();
        if (kids) out.push(...kids.split(/\s+/).map(Number));
      } catch {
        // thread exited meanwhile
      }
    }
  }
  return out;
}

function kbField(path: string, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(path, 'utf8'));
    return m?.[1] === undefined ? 0 : Number(m[1]) * 1024;
  } catch {
    return 0;
  }
}

export interface TreeMemory {
  pids: number[];
  /** Sum of VmRSS: counts shared pages (nginx's cache zone, forked workers) once per process. */
  rssBytes: number;
  /** Sum of Pss: shared pages split between their sharers, so it does not double count. */
  pssBytes: number;
}

export function treeMemory(pid: number): TreeMemory {
  const pids = processTree(pid);
  let rssBytes = 0;
  let pssBytes = 0;
  for (const p of pids) {
    rssBytes += kbField(`/proc/${p}/status`, 'VmRSS');
    pssBytes += kbField(`/proc/${p}/smaps_rollup`, 'Pss');
  }
  return { pids, rssBytes, pssBytes };
}

function cpuTimes(): { busy: number; total: number } {
  const fields = (/^cpu\s+(.+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1] ?? '').split(/\s+/).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/**
 * How busy the whole machine is over `ms` while the benchmark itself is idle: other work on the
 * same 2 cores (a build, a test run) skews every number, so the results record it.
 */
export async function machineBusyPercent(ms = 1000): Promise<number> {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTimes();
  return b.total === a.total ? 0 : (100 * (b.busy - a.busy)) / (b.total - a.total);
}
