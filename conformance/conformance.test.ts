// Runs the HTTP cache test suite against Candela's edge and holds it to conformance/baseline.json,
// so that a change which makes the edge less conformant fails CI. It starts real processes on
// loopback (the suite's origin and the edge) and stops them whatever happens; if the edge cannot
// start, the test fails rather than skips, since a broken edge is exactly what CI must catch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readBaseline } from './lib/baseline.js';
import { runHarness } from './lib/harness.js';
import { installExitHandlers } from './lib/processes.js';
import { score } from './lib/score.js';
import { loadSuites } from './lib/suite.js';

installExitHandlers();

test('the edge scores at least the baseline on the HTTP cache test suite', { timeout: 180_000 }, async (t) => {
  const baseline = readBaseline();
  const run = await runHarness({ target: 'candela', timeoutMs: 120_000, log: (line) => t.diagnostic(line) });
  assert.ok(run.complete, 'the suite run was cut off by its deadline: the edge hangs or is far too slow');

  const result = score(loadSuites(), run.results);
  t.diagnostic(
    `passed ${result.passed} (baseline ${baseline.minimumPassed}), required failures ${result.requiredFailures.length}, ` +
      `optional passes ${result.optionalPasses}`,
  );
  for (const failure of result.requiredFailures) t.diagnostic(`required ⛔️ ${failure.id}: ${failure.detail ?? ''}`);

  assert.ok(
    result.passed >= baseline.minimumPassed,
    `conformance regressed: ${result.passed} tests pass, the baseline is ${baseline.minimumPassed} ` +
      '(run `npm run conformance` for the list)',
  );
  if (baseline.enforceRequiredFailures) {
    const allowed = new Set(baseline.requiredFailuresAllowed.map((a) => a.id));
    const unexpected = result.requiredFailures.filter((f) => !allowed.has(f.id)).map((f) => `${f.id}: ${f.detail ?? ''}`);
    assert.deepEqual(unexpected, [], 'required tests fail that baseline.json does not allow');
  }
});
