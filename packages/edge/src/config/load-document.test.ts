// The edge speaks English on its command line and admin listener: the contract's hints are catalogue keys
// (localised by the control plane's API), and here they must still read as sentences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from './load-document.js';

test('a refused document is explained in readable English, never by message keys', () => {
  const result = parseDocument({
    properties: [
      { id: 'a', aliases: ['www.example.com'], scid: 'lower', origin: { host: 'o.example', webRoot: 'no-slash' }, defaults: { cacheControl: { internal: { policy: 'ttl', ttl: '10s' } } } },
      { id: 'b', aliases: ['other.example.com', 'Upper.Example'], origin: { host: 'o.example' } },
    ],
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  const messages = Object.fromEntries(result.problems.map((p) => [p.pointer, p.message]));
  assert.deepEqual(messages, {
    '/properties/0/scid': 'expected 9 upper-case letters or digits',
    '/properties/0/origin/webRoot': 'expected a path starting with "/"',
    '/properties/0/defaults/cacheControl/internal/ttl': 'the minimum TTL is 30s',
    '/properties/1/aliases/1': 'expected a lower-case hostname (letters, digits, hyphens and dots)',
  });
});

test('a duplicate alias names the alias and where it is already served', () => {
  const result = parseDocument({
    properties: [
      { id: 'a', aliases: ['www.example.com'], origin: { host: 'o.example' } },
      { id: 'b', aliases: ['www.example.com'], origin: { host: 'o.example' } },
    ],
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.problems.map((p) => [p.pointer, p.message]), [['/properties/1/aliases/0', 'alias "www.example.com" is already served by properties/0']]);
});
