// docs/api.md shows a complete configuration document; this keeps it true: it must pass the very schema
// the API validates with, and compile for the edge.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compileConfiguration, configurationDocumentSchema, edgeConfigSchema, validate } from '@candela/contract';

const API_DOC = new URL('../../../../../docs/api.md', import.meta.url);
const MARKER = '<!-- configuration-example:';

function exampleDocument(): unknown {
  const text = readFileSync(API_DOC, 'utf8');
  const start = text.indexOf('```json\n', text.indexOf(MARKER));
  assert.ok(text.includes(MARKER) && start > 0, 'docs/api.md has the marked example');
  const body = text.slice(start + '```json\n'.length, text.indexOf('\n```', start));
  return JSON.parse(body);
}

test('docs/api.md: the example configuration document is valid and uses every kind of definition', () => {
  const result = validate(configurationDocumentSchema, exampleDocument());
  assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.problems));
  const { definitions } = result.value;
  for (const [kind, table] of Object.entries(definitions)) assert.ok(Object.keys(table).length > 0, `${kind} is shown`);
});

test('docs/api.md: the example compiles to a valid edge document', () => {
  const doc = configurationDocumentSchema.parse(exampleDocument());
  const properties = compileConfiguration(doc, { scid: 'DEMO00001', configurationId: 'cfg_example', version: 1 });
  assert.equal(edgeConfigSchema.safeParse({ properties }).success, true);
  assert.ok(!JSON.stringify(properties).includes('"definition"'));
});
