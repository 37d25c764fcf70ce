// Prints one last line, `N passed, N failed`, after vitest's own summary, so scripts and CI logs read the
// portal's result the same way as the node:test part. A file that fails to load, and an error thrown
// outside any test, each count as one failure: they would otherwise vanish from the count.
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export interface RunCounts {
  readonly passed: number;
  readonly failed: number;
}

export function countResults(modules: readonly TestModule[], unhandledErrors: readonly SerializedError[]): RunCounts {
  let passed = 0;
  let failed = unhandledErrors.length;
  for (const module of modules) {
    let failedInModule = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') passed += 1;
      else if (state === 'failed') failedInModule += 1;
    }
    const moduleFailed = module.state() === 'failed';
    failed += failedInModule > 0 ? failedInModule : moduleFailed ? 1 : 0;
  }
  return { passed, failed };
}

export class SummaryReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[], unhandledErrors: readonly SerializedError[]): void {
    const { passed, failed } = countResults(modules, unhandledErrors);
    console.log(`${passed} passed, ${failed} failed`);
  }
}
