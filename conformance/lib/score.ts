// Pure scoring of a result set, using the suite's own classification (lib/display.mjs
// determineTestResult), which already applies the dependency rule: a test whose `depends_on`
// test did not pass (✅ or "yes") is ⚪️ "dependency failed", not a failure.
import { determineTestResult } from 'http-cache-tests/lib/display.mjs';
import type { RawResults, TestKind, TestSuite } from 'http-cache-tests/types';

export type Outcome =
  | 'pass'
  | 'fail'
  | 'optional_fail'
  | 'yes'
  | 'no'
  | 'setup_fail'
  | 'harness_fail'
  | 'dependency_fail'
  | 'retry'
  | 'untested';

export const OUTCOMES: readonly Outcome[] = [
  'pass',
  'fail',
  'optional_fail',
  'yes',
  'no',
  'setup_fail',
  'harness_fail',
  'dependency_fail',
  'retry',
  'untested',
];

/** display.mjs returns [glyph, colour, text symbol]; the text symbol names the classification. */
const BY_SYMBOL: Record<string, Outcome> = {
  '✅': 'pass',
  '⛔️': 'fail',
  '⚠️': 'optional_fail',
  Y: 'yes',
  N: 'no',
  '🔹': 'setup_fail',
  '⁉️': 'harness_fail',
  '⚪️': 'dependency_fail',
  '↻': 'retry',
  '-': 'untested',
};

export const SYMBOL: Record<Outcome, string> = Object.fromEntries(
  Object.entries(BY_SYMBOL).map(([symbol, outcome]) => [outcome, symbol]),
) as Record<Outcome, string>;

export interface Classified {
  id: string;
  name: string;
  /** The suite treats a test without `kind` as required (display.mjs), and so do we. */
  kind: TestKind;
  outcome: Outcome;
  /** The runner's failure message, when there is one. */
  detail?: string;
  /** Tests a proxy cannot run (browser_only); they are untested for every proxy. */
  browserOnly: boolean;
}

export interface Score {
  /** The headline "dependency-aware count": tests classified ✅ (required or optimal). */
  passed: number;
  requiredPassed: number;
  /** Required tests classified ⛔️ (a failure the suite attributes to the cache). */
  requiredFailures: Classified[];
  /** Required tests neither ✅ nor ⛔️ that were run: setup/harness failure, retry, dependency. */
  requiredInconclusive: Classified[];
  optionalPasses: number;
  checksYes: number;
  counts: Record<Outcome, number>;
  /** Every test the result set classifies, in suite order. */
  tests: Classified[];
  /** Result ids the current suite no longer defines (older published result files). */
  unknownIds: string[];
}

export function classify(suites: TestSuite[], results: RawResults, honorDependencies = true): Classified[] {
  const classified: Classified[] = [];
  for (const suite of suites) {
    for (const test of suite.tests) {
      const symbol = determineTestResult(suites, test.id, results, honorDependencies)[2];
      const outcome = BY_SYMBOL[symbol];
      if (outcome === undefined) throw new Error(`unrecognised result symbol ${symbol} for ${test.id}`);
      const raw = results[test.id];
      const entry: Classified = {
        id: test.id,
        name: test.name,
        kind: test.kind ?? 'required',
        outcome,
        browserOnly: test.browser_only === true,
      };
      if (Array.isArray(raw)) entry.detail = `${raw[0]}: ${raw[1]}`;
      classified.push(entry);
    }
  }
  return classified;
}

export function score(suites: TestSuite[], results: RawResults, honorDependencies = true): Score {
  const tests = classify(suites, results, honorDependencies);
  const known = new Set(tests.map((t) => t.id));
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const t of tests) counts[t.outcome] += 1;
  const required = tests.filter((t) => t.kind === 'required');
  const inconclusive: Outcome[] = ['setup_fail', 'harness_fail', 'retry', 'dependency_fail'];
  return {
    passed: counts.pass,
    requiredPassed: required.filter((t) => t.outcome === 'pass').length,
    requiredFailures: required.filter((t) => t.outcome === 'fail'),
    requiredInconclusive: required.filter((t) => inconclusive.includes(t.outcome)),
    optionalPasses: tests.filter((t) => t.kind === 'optimal' && t.outcome === 'pass').length,
    checksYes: counts.yes,
    counts,
    tests,
    unknownIds: Object.keys(results).filter((id) => !known.has(id)),
  };
}

/** Tests worth listing in a report: everything not ✅/"yes", except those no proxy can run. */
export function nonPassing(s: Score): Classified[] {
  return s.tests.filter((t) => t.outcome !== 'pass' && t.outcome !== 'yes' && !t.browserOnly);
}
