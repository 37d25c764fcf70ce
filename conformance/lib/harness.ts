// One harness run: origin, cache in front of it, the suite's client against the cache, and
// everything stopped again whatever happens.
import type { RawResults } from 'http-cache-tests/types';
import { stopAll } from './processes.js';
import { runSuite, startOrigin, suiteVersion } from './suite.js';
import { startTarget } from './targets.js';
import type { TargetName } from './targets.js';

export interface HarnessOptions {
  target: TargetName;
  testId?: string;
  /** Deadline for the suite run itself (the caches' start-up has its own). */
  timeoutMs?: number;
  /** Output of the suite runner (the request/response dump of a single test). */
  onOutput?: (text: string) => void;
  log?: (line: string) => void;
}

export interface HarnessRun {
  target: TargetName;
  version: string;
  suiteVersion: string;
  testId?: string;
  startedAt: string;
  durationMs: number;
  complete: boolean;
  results: RawResults;
}

export async function runHarness(options: HarnessOptions): Promise<HarnessRun> {
  const log = options.log ?? ((): void => undefined);
  const startedAt = new Date();
  try {
    const origin = await startOrigin();
    log(`origin listening on ${origin.url}`);
    const cache = await startTarget(options.target, origin.url, origin.port);
    log(`${cache.name} ${cache.version} listening on ${cache.baseUrl}`);
    const run = await runSuite(cache.baseUrl, {
      timeoutMs: options.timeoutMs ?? 240_000,
      ...(options.testId !== undefined ? { testId: options.testId } : {}),
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    });
    log(`suite finished in ${(run.durationMs / 1000).toFixed(1)} s${run.complete ? '' : ' (cut off: incomplete)'}`);
    return {
      target: options.target,
      version: cache.version,
      suiteVersion: suiteVersion(),
      ...(options.testId !== undefined ? { testId: options.testId } : {}),
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      complete: run.complete,
      results: run.results,
    };
  } finally {
    await stopAll();
  }
}
