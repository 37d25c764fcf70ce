import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configurationDocumentSchema } from '@candela/contract';
import type { ConfigurationDocument, ConfigurationDocumentInput } from '@candela/contract';
import { diffDocuments } from './document-diff.js';
import { parsedDocument, property } from './test-documents.js';

function parse(input: ConfigurationDocumentInput): ConfigurationDocument {
  return configurationDocumentSchema.parse(input);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

test('equal documents have no changes', () => {
  const doc = parsedDocument([property(['a.example.com']), property(['b.example.com'])]);
  assert.deepEqual(diffDocuments(doc, clone(doc)), []);
});

test('a changed scalar is one replace at its pointer, with before and after', () => {
  const from = parsedDocument([property(['a.example.com'], '10m')]);
  const to = parsedDocument([property(['a.example.com'], '1h')]);
  assert.deepEqual(diffDocuments(from, to), [{ pointer: '/properties/0/defaults/cacheControl/internal/ttl', op: 'replace', before: '10m', after: '1h' }]);
});

test('object keys: add for a key only in to, remove for a key only in from', () => {
  const from = parsedDocument();
  const to = clone(from);
  to.properties[0]!.defaults.queryString = 'ignore';
  delete to.properties[0]!.defaults.cacheControl;
  assert.deepEqual(diffDocuments(from, to), [
    { pointer: '/properties/0/defaults/queryString', op: 'add', after: 'ignore' },
    { pointer: '/properties/0/defaults/cacheControl', op: 'remove', before: { internal: { policy: 'ttl', ttl: '10m' } } },
  ]);
});

test('definitions: a changed definition shows once, at its name; keys with "/" or "~" are escaped (RFC 6901 §3)', () => {
  const from = parsedDocument();
  const to = clone(from);
  to.definitions.headers['security']!.set['X-Frame-Options'] = 'SAMEORIGIN';
  to.definitions.headers['a/b~c'] = { set: {}, remove: ['Server'] };
  assert.deepEqual(diffDocuments(from, to), [
    { pointer: '/definitions/headers/security/set/X-Frame-Options', op: 'replace', before: 'DENY', after: 'SAMEORIGIN' },
    { pointer: '/definitions/headers/a~1b~0c', op: 'add', after: { set: {}, remove: ['Server'] } },
  ]);
});

test('properties are matched by primary alias: inserting one at the top is one add, not a change to every later one', () => {
  const a = property(['a.example.com']);
  const b = property(['b.example.com']);
  const from = parse({ properties: [a, b] });
  const to = parse({ properties: [property(['new.example.com']), a, { ...b, aliases: ['b.example.com', 'b2.example.com'] }] });
  const [added, ...rest] = diffDocuments(from, to);
  assert.deepEqual(added, { pointer: '/properties/0', op: 'add', after: to.properties[0] });
  // The matched property's change is pointed at by its index in the `to` document.
  assert.deepEqual(rest, [{ pointer: '/properties/2/aliases/1', op: 'add', after: 'b2.example.com' }]);
});

test('properties: a removed property is a remove at its index in from, after the changes in to order', () => {
  const from = parse({ properties: [property(['a.example.com']), property(['b.example.com']), property(['c.example.com'], '1m')] });
  const to = parse({ properties: [property(['c.example.com'], '2m'), property(['a.example.com'])] });
  assert.deepEqual(diffDocuments(from, to), [
    { pointer: '/properties/0/defaults/cacheControl/internal/ttl', op: 'replace', before: '1m', after: '2m' },
    { pointer: '/properties/1', op: 'remove', before: from.properties[1] },
  ]);
});

test('properties: reordering alone changes nothing', () => {
  const from = parse({ properties: [property(['a.example.com']), property(['b.example.com'])] });
  const to = parse({ properties: [property(['b.example.com']), property(['a.example.com'])] });
  assert.deepEqual(diffDocuments(from, to), []);
});

test('other arrays are compared by index: rules keep their order because the first match wins', () => {
  const rule = (value: string) => ({ match: { op: '==' as const, value }, behaviours: { queryString: 'ignore' as const } });
  const from = parse({ properties: [{ ...property(['a.example.com']), rules: [rule('/x'), rule('/y')] }] });
  const to = parse({ properties: [{ ...property(['a.example.com']), rules: [rule('/y'), rule('/x'), rule('/z')] }] });
  assert.deepEqual(diffDocuments(from, to), [
    { pointer: '/properties/0/rules/0/match/value', op: 'replace', before: '/x', after: '/y' },
    { pointer: '/properties/0/rules/1/match/value', op: 'replace', before: '/y', after: '/x' },
    { pointer: '/properties/0/rules/2', op: 'add', after: to.properties[0]!.rules[2] },
  ]);
  assert.deepEqual(diffDocuments(to, from).at(-1), { pointer: '/properties/0/rules/2', op: 'remove', before: to.properties[0]!.rules[2] });
});

test('a literal replaced by a reference is a change of keys; a value whose type changed is one replace', () => {
  const from = parsedDocument();
  const to = clone(from);
  to.properties[0]!.defaults.responseHeaders = { definition: 'security' };
  from.properties[0]!.defaults.responseHeaders = { set: { A: 'b' }, remove: [] };
  const byRef = diffDocuments(from, to);
  assert.deepEqual(byRef.map((c) => [c.pointer, c.op]), [
    ['/properties/0/defaults/responseHeaders/definition', 'add'],
    ['/properties/0/defaults/responseHeaders/set', 'remove'],
    ['/properties/0/defaults/responseHeaders/remove', 'remove'],
  ]);
  const odd = clone(from) as unknown as { properties: unknown };
  odd.properties = 'none';
  assert.deepEqual(diffDocuments(from, odd as ConfigurationDocument), [{ pointer: '/properties', op: 'replace', before: from.properties, after: 'none' }]);
});

test('the diff is pure: neither document is changed', () => {
  const from = parsedDocument([property(['a.example.com'])]);
  const to = parsedDocument([property(['b.example.com'])]);
  const copies = [clone(from), clone(to)];
  diffDocuments(from, to);
  assert.deepEqual([from, to], copies);
});
