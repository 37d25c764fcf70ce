import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HOP_BY_HOP, storedHeaders, stripHopByHop, withheldFields } from './hop-by-hop.js';

describe('hop-by-hop (RFC 9110 §7.6.1, RFC 9111 §3.1)', () => {
  test('RFC 9110 §7.6.1 connection-specific fields are removed', () => {
    const h = {
      connection: 'keep-alive',
      'keep-alive': 'timeout=5',
      'proxy-connection': 'keep-alive',
      te: 'trailers',
      trailer: 'x',
      'transfer-encoding': 'chunked',
      upgrade: 'h2c',
      'content-type': 'text/plain',
    };
    assert.deepEqual(stripHopByHop(h), { 'content-type': 'text/plain' });
  });

  test('RFC 9110 §7.6.1 fields named in Connection are removed too', () => {
    const h = { connection: ['close, X-A', 'x-b'], 'x-a': '1', 'x-b': '2', 'x-c': '3' };
    assert.deepEqual(stripHopByHop(h), { 'x-c': '3' });
  });

  test('RFC 9110 §7.6.1 stripping returns a new object', () => {
    const h = { te: 'trailers', a: '1' };
    const out = stripHopByHop(h);
    assert.notEqual(out, h);
    assert.deepEqual(h, { te: 'trailers', a: '1' });
  });

  test('RFC 9111 §3.1 proxy authentication fields are never stored', () => {
    for (const name of ['proxy-authenticate', 'proxy-authentication-info', 'proxy-authorization']) {
      assert.ok(HOP_BY_HOP.has(name), name);
      assert.deepEqual(storedHeaders({ [name]: 'x', a: '1' }), { a: '1' });
    }
  });

  test('RFC 9111 §3.1 unknown and end-to-end fields are stored', () => {
    const res = { 'x-test-header': 'A', 'content-foo': 'B', 'set-cookie': ['a=b'], 'cdn-cache-control': 'max-age=5' };
    assert.deepEqual(storedHeaders(res), res);
  });

  test('RFC 9111 §5.2.2.4 fields named by a qualified no-cache are not stored', () => {
    const res = { 'cache-control': 'no-cache="Set-Cookie, x-a", max-age=60', 'set-cookie': ['s=1'], 'x-a': '1', 'x-b': '2' };
    assert.deepEqual(storedHeaders(res), { 'cache-control': 'no-cache="Set-Cookie, x-a", max-age=60', 'x-b': '2' });
  });

  test('RFC 9111 §5.2.2.7 fields named by a qualified private are not stored, in either field', () => {
    assert.deepEqual([...withheldFields({ 'cache-control': 'private="x-p"', 'cdn-cache-control': 'no-cache="x-q"' })], ['x-p', 'x-q']);
    assert.equal(withheldFields({ 'cache-control': 'no-cache, private' }).size, 0);
  });
});
