// A benchmark run always ends, and always cleans up: Ctrl-C, SIGTERM or a watchdog (--max-minutes) stop
// every child process, let the runner write what it measured so far, and exit. A run that throws
// stops every child as well, so nothing keeps ports, databases or data dirs behind it.
import { killChildrenSync } from './children.js';

export interface RunGuard {
  /** The run finished: the watchdog is no longer needed. */
  clear(): void;
}

/**
 * On SIGINT/SIGTERM (exit 130) or after `maxMs` (exit 1): says why and `stopping`, kills every child,
 * runs `abort(why)` (write the partial results, drop what the run created) and exits.
 */
export function guardRun(o: { maxMs: number; limit: string; stopping: string; abort: (why: string) => Promise<unknown> | void }): RunGuard {
  let fired = false;
  const fire = (why: string, code: number): void => {
    if (fired) return;
    fired = true;
    process.stderr.write(`\n${why}: ${o.stopping}\n`);
    killChildrenSync();
    void Promise.resolve()
      .then(() => o.abort(why))
      .catch((error: unknown) => process.stderr.write(`cleanup failed: ${String(error)}\n`))
      .finally(() => process.exit(code));
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => fire(sig, 130));
  const watchdog = setTimeout(() => fire(`the run passed ${o.limit}`, 1), o.maxMs);
  watchdog.unref();
  return { clear: () => clearTimeout(watchdog) };
}

/** Runs a runner's main and exits with its status; a throw is printed, every child killed, status 1. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      killChildrenSync();
      process.exit(1);
    },
  );
}
