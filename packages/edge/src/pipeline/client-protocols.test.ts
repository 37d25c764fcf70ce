import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideClientProtocol } from './client-protocols.js';

const get = { scheme: 'http' as const, method: 'GET', host: 'www.example.com', path: '/a/b.jpg', query: 'v=1' };

test('domain §2 client protocols: both schemes, or the one allowed, are served', () => {
  assert.deepEqual(decideClientProtocol('both', get), { kind: 'serve' });
  assert.deepEqual(decideClientProtocol('http', get), { kind: 'serve' });
  assert.deepEqual(decideClientProtocol('https', { ...get, scheme: 'https' }), { kind: 'serve' });
});

test('RFC 9110 §15.4.2 an HTTPS-only property redirects GET and HEAD over HTTP to the same target, query kept', () => {
  assert.deepEqual(decideClientProtocol('https', get), { kind: 'redirect', location: 'https://www.example.com/a/b.jpg?v=1' });
  assert.deepEqual(decideClientProtocol('https', { ...get, method: 'HEAD', query: '' }), { kind: 'redirect', location: 'https://www.example.com/a/b.jpg' });
});

test('RFC 9110 §15.5.20 other methods over HTTP, and HTTPS to an HTTP-only property, are misdirected (421)', () => {
  assert.deepEqual(decideClientProtocol('https', { ...get, method: 'POST' }), { kind: 'misdirected' });
  assert.deepEqual(decideClientProtocol('http', { ...get, scheme: 'https' }), { kind: 'misdirected' });
  assert.deepEqual(decideClientProtocol('https', { ...get, host: '' }), { kind: 'misdirected' });
});
