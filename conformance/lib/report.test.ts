import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestSuite } from 'http-cache-tests/types';
import { parseBaseline } from './baseline.js';
import { DEVIATIONS_END, DEVIATIONS_START, extractDeviations, renderReport } from './report.js';
import { score } from './score.js';

const suites: TestSuite[] = [
  {
    id: 's',
    name: 'S',
    tests: [
      { id: 'ok', name: 'Passes', requests: [] },
      { id: 'bad', name: 'Has a | pipe', kind: 'required', requests: [] },
    ],
  },
];

function render(existing?: string): string {
  const s = score(suites, { ok: true, bad: ['Assertion', 'Response 2 comes from cache'] });
  return renderReport({
    date: new Date('2026-01-02T03:04:05Z'),
    target: 'candela',
    version: '0.1.0',
    suiteVersion: '0.4.5',
    score: s,
    rows: [{ name: 'candela', version: '0.1.0', source: 'this run', score: s }],
    suites,
    ...(existing !== undefined ? { existing } : {}),
  });
}

describe('results.md', () => {
  test('lists every non-passing test with kind and result, escaping table syntax', () => {
    const text = render();
    assert.match(text, /on 2026-01-02/);
    assert.match(text, /\| `bad` \| Has a \\\| pipe \| required \| ⛔️ fail \| Assertion: Response 2 comes from cache \|/);
    assert.doesNotMatch(text, /`ok`/);
  });

  test('keeps the hand-written deviations section across rewrites', () => {
    const handWritten = '- `bad`: we do this on purpose because of RFC 9111 §4.';
    const first = render().replace(/(deviations:start[^\n]*-->\n)[\s\S]*?(\n<!-- deviations:end)/, `$1${handWritten}$2`);
    assert.equal(extractDeviations(first), handWritten);
    const second = render(first);
    assert.equal(extractDeviations(second), handWritten);
    assert.equal(second.split(DEVIATIONS_START).length, 2);
    assert.equal(second.split(DEVIATIONS_END).length, 2);
  });

  test('starts with a placeholder when there is no earlier report', () => {
    assert.match(extractDeviations(undefined), /None recorded yet/);
    assert.match(extractDeviations('# no markers here'), /None recorded yet/);
  });
});

describe('baseline.json', () => {
  test('accepts the documented shape', () => {
    const b = parseBaseline('{"minimumPassed": 150, "requiredFailuresAllowed": [{"id": "x", "reason": "why"}]}');
    assert.deepEqual(b, { minimumPassed: 150, enforceRequiredFailures: false, requiredFailuresAllowed: [{ id: 'x', reason: 'why' }] });
  });

  test('rejects allowed failures without a reason, and nonsense minimums', () => {
    assert.throws(() => parseBaseline('{"minimumPassed": 1, "requiredFailuresAllowed": [{"id": "x"}]}'), /requiredFailuresAllowed\/0/);
    assert.throws(() => parseBaseline('{"minimumPassed": -1}'), /minimumPassed/);
  });
});
