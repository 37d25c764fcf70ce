// The http-cache-tests suite as the harness uses it: its test definitions, its origin server and
// its client runner (the latter two as child processes).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import coreSuites from 'http-cache-tests/tests/index.mjs';
import surrogateSuite from 'http-cache-tests/tests/surrogate-control.mjs';
import type { RawResults, TestSuite } from 'http-cache-tests/types';
import { freePort, interrupted, makeTempDir, spawnManaged, stopProcess, waitForPort } from './processes.js';
import type { Managed } from './processes.js';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
const require = createRequire(import.meta.url);
export const suiteDir = dirname(require.resolve('http-cache-tests/package.json'));

/** Every suite the CLI runs: cli.mjs appends surrogate-control to the core list, so do we. */
export function loadSuites(): TestSuite[] {
  return [...coreSuites, surrogateSuite];
}

export function suiteVersion(): string {
  const pkg = JSON.parse(readFileSync(join(suiteDir, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

export interface Origin {
  port: number;
  url: string;
  proc: Managed;
}

/**
 * Starts the suite's origin server. It reads its settings the way `npm run server` passes them
 * (npm_config_* variables) and writes a pid file, which we point into a temp dir.
 */
export async function startOrigin(): Promise<Origin> {
  const port = await freePort();
  const dir = makeTempDir('origin');
  const proc = spawnManaged(
    'origin (http-cache-tests server)',
    process.execPath,
    ['--import', 'tsx', '--import', join(here, 'origin-loopback.ts'), join(suiteDir, 'server', 'server.mjs')],
    {
      cwd: suiteDir,
      env: {
        ...process.env,
        npm_config_protocol: 'http',
        npm_config_port: String(port),
        npm_config_pidfile: join(dir, 'server.pid'),
      },
    },
  );
  await waitForPort(port, proc, 10_000);
  return { port, url: `http://127.0.0.1:${port}`, proc };
}

export interface SuiteRun {
  results: RawResults;
  /** False when the run was cut off by the deadline; the missing tests count as untested. */
  complete: boolean;
  durationMs: number;
}

export interface SuiteRunOptions {
  /** Run only this test, with the suite's request/response dump. */
  testId?: string;
  timeoutMs: number;
  onOutput?: (text: string) => void;
}

/**
 * Runs the suite's client against baseUrl in a child process (see suite-child.ts for why a child).
 * baseUrl must not end in '/': the client appends '/test/…' and a '//' path would be read by the
 * origin as a host name.
 */
export async function runSuite(baseUrl: string, options: SuiteRunOptions): Promise<SuiteRun> {
  const dir = makeTempDir('runner');
  const outFile = join(dir, 'results.json');
  const args = ['--import', 'tsx', join(here, 'suite-child.ts'), baseUrl.replace(/\/+$/, ''), outFile];
  if (options.testId !== undefined) args.push(options.testId);
  const started = Date.now();
  const proc = spawnManaged('suite runner', process.execPath, args, {
    cwd: repoRoot,
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  const outcome = await Promise.race([proc.exited, deadline]);
  clearTimeout(timer);
  // On SIGTERM the child writes the results it has so far before exiting.
  if (outcome === 'timeout') await stopProcess(proc, 5000);
  const signal = interrupted();
  if (signal !== undefined) throw new Error(`interrupted by ${signal}`);
  if (!existsSync(outFile)) {
    throw new Error(`the suite runner produced no results (exit ${String(outcome)}). Output:\n${proc.log().slice(-4000)}`);
  }
  const results = JSON.parse(readFileSync(outFile, 'utf8')) as RawResults;
  return { results, complete: outcome === 0, durationMs: Date.now() - started };
}
