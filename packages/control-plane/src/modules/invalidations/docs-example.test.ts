// docs/api.md shows a request body in "Content invalidation"; this keeps it true: it must pass the very
// schema the API validates with, and every pattern must compile and match what the text says it does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compilePurgePattern, createInvalidationBodySchema, validate } from '@candela/contract';
import { patternProblems } from './request-rules.js';

const API_DOC = new URL('../../../../../docs/api.md', import.meta.url);
const MARKER = '<!-- invalidation-example:';

function exampleBody(): unknown {
  const text = readFileSync(API_DOC, 'utf8');
  const start = text.indexOf('```json\n', text.indexOf(MARKER));
  assert.ok(text.includes(MARKER) && start > 0, 'docs/api.md has the marked example');
  return JSON.parse(text.slice(start + '```json\n'.length, text.indexOf('\n```', start)));
}

test('docs/api.md: the example invalidation request is valid, with patterns that compile', () => {
  const result = validate(createInvalidationBodySchema, exampleBody());
  assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.problems));
  const body = result.value;
  assert.deepEqual(patternProblems(body.paths ?? [], body.ignoreCase), []);
  const compiled = (source: string) => {
    const c = compilePurgePattern(source, { ignoreCase: body.ignoreCase });
    assert.ok(c.ok, source);
    return c.pattern;
  };
  const [news, thumbs, css] = (body.paths ?? []).map(compiled);
  assert.ok(news!.matches('/news/2026/11/a.html', '') && news!.matches('/news/a', 'page=2'));
  // A digit, then one to three characters other than '/'.
  assert.ok(thumbs!.matches('/IMG/Thumb-42.jpg', '') && thumbs!.matches('/img/thumb-1234.jpg', '') && !thumbs!.matches('/img/thumb-12345.jpg', '') && !thumbs!.matches('/img/thumb-x1.jpg', ''));
  assert.ok(css!.matches('/css/site.css', 'v=3') && !css!.matches('/css/site.css', ''));
});
