import assert from 'node:assert/strict';
import { test } from 'node:test';
import { primaryAliasProblems } from './primary-alias-rule.js';
import { parsedDocument, property } from './test-documents.js';

const base = { version: 3, document: parsedDocument([property(['www.example.com', 'example.com']), property(['cdn.example.com'])]) };

function pointers(next: ReturnType<typeof parsedDocument>, prefix?: string): string[] {
  return primaryAliasProblems(base, next, prefix).map((p) => p.pointer);
}

test('domain §2 primary alias: keeping every primary alias first is fine, whatever else changes', () => {
  const next = parsedDocument([property(['cdn.example.com', 'static.example.com']), property(['www.example.com']), property(['new.example.com', 'example.com'])]);
  assert.deepEqual(pointers(next), [], 'secondary aliases move freely, properties reorder, new ones arrive');
});

test('domain §2 primary alias: removing a property altogether is allowed', () => {
  assert.deepEqual(pointers(parsedDocument([property(['cdn.example.com'])])), []);
  assert.deepEqual(pointers(parsedDocument([])), []);
});

test('domain §2 primary alias: demoting it to a secondary alias of its property is refused at its pointer', () => {
  const next = parsedDocument([property(['example.com', 'www.example.com']), property(['cdn.example.com'])]);
  const problems = primaryAliasProblems(base, next, '/document');
  assert.deepEqual(problems.map((p) => [p.pointer, p.code, p.params]), [['/document/properties/0/aliases/1', 'configuration.primaryAliasFixed', { alias: 'www.example.com', version: 3 }]]);
  assert.match(problems[0]!.message, /www\.example\.com.*version 3/);
});

test('domain §2 primary alias: moving it behind another primary alias is refused, each one reported', () => {
  const next = parsedDocument([property(['cdn.example.com', 'www.example.com']), property(['other.example.com', 'x.example.com', 'cdn2.example.com'])]);
  assert.deepEqual(pointers(next), ['/properties/0/aliases/1']);
  const both = parsedDocument([property(['new.example.com', 'cdn.example.com', 'www.example.com'])]);
  assert.deepEqual(pointers(both), ['/properties/0/aliases/1', '/properties/0/aliases/2']);
});

test('a secondary alias of the base version may become a primary alias', () => {
  assert.deepEqual(pointers(parsedDocument([property(['www.example.com']), property(['example.com'])])), []);
});
