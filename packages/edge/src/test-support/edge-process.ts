// Runs the real `candela edge` command as a child process, for tests of what only a whole process shows:
// cluster mode, signals (SIGHUP reload, SIGTERM drain), worker replacement and files written at exit.
// The child gets its own process group so a test can signal the whole group the way a service manager
// does, and so cleanup can reach workers even when the primary is gone.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpRequest } from './http-client.js';
import type { TestResponse } from './http-client.js';
import { acceptedConnections, childPids, commandLine, holdsListener } from './proc.js';
import { openConnection } from './raw-http.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const cliMain = join(repoRoot, 'packages/cli/src/main.ts');
export const ADMIN_TOKEN = 'test-token';

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface EdgeProcessOptions {
  /** The caller's environment, passed in because only config readers and tests touch process.env. */
  readonly env: NodeJS.ProcessEnv;
  readonly workers: number;
  readonly origin?: string;
  readonly configPath?: string;
  /** Feed mode: follow this control plane (the enrolment token goes in extraEnv). */
  readonly controlPlane?: string;
  /** Extra CANDELA_EDGE_* settings for the child. */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** Reuse a data directory (it is then not removed by dispose()). */
  readonly dataDir?: string;
  readonly startTimeoutMs?: number;
  /** The HTTP listener's port (default: a free one). */
  readonly httpPort?: number;
}

/** A free loopback port: bound to port 0, read back, released (the child binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true; throws with `what` when `timeoutMs` passes first. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Children still running when the test process exits are killed, so a failed test leaks nothing. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) killGroup(c, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

export class EdgeProcess {
  #output = '';
  readonly exited: Promise<ExitStatus>;
  #exit: ExitStatus | undefined;

  constructor(
    readonly child: ChildProcess,
    readonly httpPort: number,
    readonly adminPort: number,
    readonly dataDir: string,
    private readonly ownsDataDir: boolean,
  ) {
    live.add(child);
    const collect = (chunk: Buffer) => (this.#output += chunk.toString('utf8'));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get adminUrl(): string {
    return `http://127.0.0.1:${this.adminPort}`;
  }

  /** Everything the child printed so far (stdout and stderr interleaved). */
  get output(): string {
    return this.#output;
  }

  get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  admin(method: string, path: string, body?: unknown): Promise<TestResponse> {
    return httpRequest(`${this.adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** Waits until the output printed after character `since` matches `pattern`. */
  async waitForOutput(pattern: RegExp, since = 0, timeoutMs = 10_000): Promise<void> {
    await waitUntil(`output ${String(pattern)}; got:\n${this.#output}`, () => pattern.test(this.#output.slice(since)), timeoutMs);
  }

  /**
   * The cluster workers: children running the CLI. Other children come and go (tsx starts an esbuild
   * service process when it has to compile a file it has not cached).
   */
  async workerPids(): Promise<number[]> {
    const children = await childPids(this.pid);
    const commands = await Promise.all(children.map(commandLine));
    return children.filter((_, i) => commands[i]!.includes(cliMain));
  }

  /**
   * Waits until `count` workers each hold the listening socket. The admin listener answers before every
   * worker has started, so a test that must reach all workers waits for this.
   */
  async waitForWorkers(count: number, timeoutMs = 15_000): Promise<number[]> {
    let pids: number[] = [];
    await waitUntil(`${count} listening workers`, async () => {
      pids = await this.workerPids();
      if (pids.length !== count) return false;
      const holding = await Promise.all(pids.map((p) => holdsListener(p, this.httpPort)));
      return holding.every(Boolean);
    }, timeoutMs);
    return pids;
  }

  /**
   * Returns `count` open connections of which every worker has accepted at least one (the kernel may
   * hand a burst of connections all to one worker, so extra ones are opened until each has some and the
   * surplus is closed before any request is sent). Also returns how many each worker holds.
   */
  async connectAcrossWorkers(count: number): Promise<{ sockets: Socket[]; perWorker: number[] }> {
    const pids = await this.workerPids();
    const opened = await Promise.all(Array.from({ length: count }, () => openConnection(this.httpPort)));
    const owner = new Map<Socket, number>();
    const settle = async () => {
      const accepted = await acceptedConnections(pids, this.httpPort);
      for (const s of opened) {
        for (const [pid, peers] of accepted) if (peers.has(s.localPort ?? -1)) owner.set(s, pid);
      }
      return opened.every((s) => owner.has(s));
    };
    await waitUntil(`${opened.length} accepted connections`, settle);
    while (pids.some((p) => ![...owner.values()].includes(p))) {
      if (opened.length > count + 200) throw new Error(`workers ${pids.join(', ')} did not all accept connections`);
      opened.push(await openConnection(this.httpPort));
      await waitUntil('the extra connection to be accepted', settle);
    }
    // One connection per worker first, then the rest in the order they were opened.
    const firsts = pids.map((p) => opened.find((s) => owner.get(s) === p)!);
    const sockets = [...firsts, ...opened.filter((s) => !firsts.includes(s))].slice(0, count);
    for (const s of opened) if (!sockets.includes(s)) s.destroy();
    return { sockets, perWorker: pids.map((p) => sockets.filter((s) => owner.get(s) === p).length) };
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Signals every process of the edge's group (primary and workers), as a service manager would. */
  signalGroup(signal: NodeJS.Signals): void {
    killGroup(this.child, signal);
  }

  /** SIGTERM, then SIGKILL to the whole group if it has not exited within `deadlineMs`. */
  async stop(deadlineMs = 15_000): Promise<ExitStatus> {
    if (!this.hasExited) this.signal('SIGTERM');
    const timer = setTimeout(() => killGroup(this.child, 'SIGKILL'), deadlineMs);
    const status = await this.exited;
    clearTimeout(timer);
    // Workers exit when their primary goes; a straggler (primary killed) is taken down with the group.
    killGroup(this.child, 'SIGKILL');
    return status;
  }

  /** Stops the edge and removes the data directory it was given by startEdgeProcess. */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.ownsDataDir) await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** Starts `candela edge` and resolves once /healthz answers 200 and every worker holds the listener. */
export async function startEdgeProcess(o: EdgeProcessOptions): Promise<EdgeProcess> {
  const dataDir = o.dataDir ?? (await mkdtemp(join(tmpdir(), 'candela-edge-proc-')));
  const [httpPort, adminPort] = [o.httpPort ?? (await freePort()), await freePort()];
  const args = [
    '--import',
    'tsx',
    cliMain,
    'edge',
    ...(o.controlPlane ? ['--control-plane', o.controlPlane] : o.configPath ? ['--config', o.configPath] : ['--origin', o.origin ?? 'http://127.0.0.1:9']),
    '--listen',
    `127.0.0.1:${httpPort}`,
    '--admin-listen',
    `127.0.0.1:${adminPort}`,
    '--data-dir',
    dataDir,
    '--workers',
    String(o.workers),
    '--memory-mb',
    '64',
    '--disk-mb',
    '256',
    '--edge-id',
    'test-edge',
  ];
  // NODE_TEST_CONTEXT would make a node:test-aware child report to this runner; the edge is not a test.
  const { NODE_TEST_CONTEXT: _ignored, ...parentEnv } = o.env;
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...parentEnv, CANDELA_EDGE_ADMIN_TOKEN: ADMIN_TOKEN, ...o.extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const edge = new EdgeProcess(child, httpPort, adminPort, dataDir, o.dataDir === undefined);
  try {
    await waitUntil(
      'the admin /healthz',
      async () => {
        if (edge.hasExited) throw new Error(`the edge exited during start-up:\n${edge.output}`);
        const r = await httpRequest(`${edge.adminUrl}/healthz`).catch(() => undefined);
        return r?.status === 200;
      },
      o.startTimeoutMs ?? 20_000,
    );
    if (o.workers > 1) await edge.waitForWorkers(o.workers);
    else await waitUntil('the HTTP listener', () => holdsListener(edge.pid, httpPort));
  } catch (err) {
    await edge.dispose();
    throw err;
  }
  return edge;
}
