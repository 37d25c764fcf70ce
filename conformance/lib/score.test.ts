import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RawResults, TestSuite } from 'http-cache-tests/types';
import { classify, nonPassing, score } from './score.js';

// A miniature suite shaped like the real one: a "check" gate that other tests depend on (as
// freshness-none gates most freshness tests), a chain of dependencies, and every kind.
const suites: TestSuite[] = [
  {
    id: 'one',
    name: 'One',
    tests: [
      { id: 'gate', name: 'Gate check', kind: 'check', requests: [] },
      { id: 'opt', name: 'Optimal behind the gate', kind: 'optimal', depends_on: ['gate'], requests: [] },
      { id: 'req', name: 'Required behind the gate', kind: 'required', depends_on: ['gate'], requests: [] },
      { id: 'chained', name: 'Required behind req', depends_on: ['req'], requests: [] },
    ],
  },
  {
    id: 'two',
    name: 'Two',
    tests: [
      { id: 'plain', name: 'No kind means required', requests: [] },
      { id: 'setup', name: 'Setup trouble', kind: 'required', requests: [] },
      { id: 'browser', name: 'Browsers only', kind: 'optimal', browser_only: true, requests: [] },
    ],
  },
];

const outcomes = (results: RawResults, honor = true): Record<string, string> =>
  Object.fromEntries(classify(suites, results, honor).map((t) => [t.id, t.outcome]));

const fail = (message: string): [string, string] => ['Assertion', message];

describe('score', () => {
  test('with the gate passing, tests are judged on their own results', () => {
    const results: RawResults = { gate: true, opt: true, req: fail('came from cache'), chained: true, plain: true, setup: true };
    assert.deepEqual(outcomes(results), {
      gate: 'yes',
      opt: 'pass',
      req: 'fail',
      chained: 'dependency_fail', // its dependency failed
      plain: 'pass',
      setup: 'pass',
      browser: 'untested',
    });
    const s = score(suites, results);
    assert.equal(s.passed, 3); // opt, plain, setup: a "yes" check is not a ✅
    assert.equal(s.optionalPasses, 1);
    assert.equal(s.checksYes, 1);
    assert.deepEqual(s.requiredFailures.map((t) => t.id), ['req']);
    assert.equal(s.requiredFailures[0]?.detail, 'Assertion: came from cache');
  });

  test('a failed dependency turns failures and passes alike into "dependency failed"', () => {
    const results: RawResults = { gate: fail('reused'), opt: true, req: fail('x'), chained: fail('y'), plain: true, setup: true };
    const o = outcomes(results);
    assert.equal(o.gate, 'no');
    assert.equal(o.opt, 'dependency_fail'); // raw pass, but not counted
    assert.equal(o.req, 'dependency_fail'); // raw failure, but not counted as a failure
    assert.equal(o.chained, 'dependency_fail'); // transitively
    const s = score(suites, results);
    assert.equal(s.passed, 2);
    assert.deepEqual(s.requiredFailures, []);
    assert.deepEqual(s.requiredInconclusive.map((t) => t.id).sort(), ['chained', 'req']);
    assert.equal(s.counts.dependency_fail, 3);
  });

  test('a dependency that was not run counts as failed', () => {
    assert.equal(outcomes({ opt: true }).opt, 'dependency_fail');
  });

  test('without the dependency rule (single-test runs) raw results decide', () => {
    const o = outcomes({ gate: fail('reused'), opt: true, req: fail('x') }, false);
    assert.equal(o.opt, 'pass');
    assert.equal(o.req, 'fail');
  });

  test('a test without a kind is required', () => {
    const s = score(suites, { plain: fail('wrong status') });
    assert.equal(s.tests.find((t) => t.id === 'plain')?.kind, 'required');
    assert.deepEqual(s.requiredFailures.map((t) => t.id), ['plain']);
  });

  test('setup failures and retries are inconclusive, not failures', () => {
    const s = score(suites, { setup: ['Setup', 'PUT config resulted in 405'], plain: ['Setup', 'retry'] });
    assert.equal(outcomes({ setup: ['Setup', 'x'] }).setup, 'setup_fail');
    assert.equal(outcomes({ plain: ['Setup', 'retry'] }).plain, 'retry');
    assert.deepEqual(s.requiredFailures, []);
    assert.deepEqual(s.requiredInconclusive.map((t) => t.id).sort(), ['plain', 'setup']);
  });

  test('result ids the suite does not define are reported, not scored', () => {
    const s = score(suites, { plain: true, 'gone-test': true });
    assert.deepEqual(s.unknownIds, ['gone-test']);
    assert.equal(s.passed, 1);
  });

  test('the non-passing list leaves out passes, "yes" checks and browser-only tests', () => {
    const s = score(suites, { gate: true, opt: fail('not cached'), req: true, chained: true, plain: true });
    assert.deepEqual(nonPassing(s).map((t) => `${t.id}:${t.outcome}`), ['opt:optional_fail', 'setup:untested']);
  });
});
