import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildOpenApiDocument, OPENAPI_FILE } from './openapi-document.js';

test('house rule 9: the committed openapi.json matches the code (run `npm run openapi` after changing a route)', async () => {
  const generated = await buildOpenApiDocument();
  const committed = readFileSync(OPENAPI_FILE, 'utf8');
  assert.equal(committed, generated);
});

test('the OpenAPI document describes every /api/v1 route with the error envelope', async () => {
  const doc = JSON.parse(await buildOpenApiDocument()) as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.paths['/api/v1/auth/sign-in']?.['post'], 'sign-in is documented');
  assert.ok(doc.paths['/api/v1/access-groups/{id}/children']?.['post']?.responses['400'], 'errors are documented');
});
