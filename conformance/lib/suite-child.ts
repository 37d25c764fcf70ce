// Child process that runs the suite's own client (client/runner.mjs with node-fetch, as the
// suite's cli.mjs does). It is a separate process because the runner keeps its results in
// module-level state, and because a cache that never answers can only be cut off by killing us.
// Usage: node --import tsx suite-child.ts <base-url> <results.json> [test-id]
import { writeFileSync } from 'node:fs';
import fetch from 'node-fetch';
import { getResults, runTests } from 'http-cache-tests/client/runner.mjs';
import type { TestSuite } from 'http-cache-tests/types';
import { loadSuites } from './suite.js';

// No test makes the origin wait, so a request still unanswered after this long is a hung cache;
// failing that one test (FetchError) beats losing the whole run to the overall deadline.
const REQUEST_TIMEOUT_MS = 15_000;

const [baseUrl, outFile, testId] = process.argv.slice(2);
if (baseUrl === undefined || outFile === undefined) {
  process.stderr.write('usage: suite-child.ts <base-url> <results.json> [test-id]\n');
  process.exit(2);
}

function select(suites: TestSuite[], id: string | undefined): TestSuite[] {
  if (id === undefined) return suites;
  for (const suite of suites) {
    const test = suite.tests.find((t) => t.id === id);
    if (test !== undefined) {
      test.dump = true; // the suite prints every request and response of a single test
      return [{ ...suite, tests: [test] }];
    }
  }
  process.stderr.write(`unknown test id: ${id}\n`);
  process.exit(2);
}

const save = (): void => writeFileSync(outFile, JSON.stringify(getResults(), null, 2));

// Cut off by the parent's deadline: keep what was measured so far.
process.once('SIGTERM', () => {
  save();
  process.exit(3);
});

const timedFetch = (url: string, init?: object): Promise<unknown> => fetch(url, { ...init, timeout: REQUEST_TIMEOUT_MS });

await runTests(select(loadSuites(), testId), timedFetch, false, baseUrl);
save();
