// Hit detection decides whether a peer's numbers are trusted as cache hits, so each peer's header
// dialect is pinned here, misses included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candelaHit, nginxHit, varnishHit } from './peers.js';

test('nginx: X-Cache-Status from $upstream_cache_status', () => {
  assert.equal(nginxHit({ 'x-cache-status': 'HIT' }), true);
  assert.equal(nginxHit({ 'x-cache-status': 'MISS' }), false);
  assert.equal(nginxHit({ 'x-cache-status': 'UPDATING' }), false);
  assert.equal(nginxHit({}), false);
});

test('varnish: two ids in X-Varnish, or a positive Age', () => {
  assert.equal(varnishHit({ 'x-varnish': '32770 3' }), true);
  assert.equal(varnishHit({ 'x-varnish': '32770', age: '0' }), false);
  assert.equal(varnishHit({ 'x-varnish': '32772', age: '5' }), true);
});

test('candela: an RFC 9211 Cache-Status entry carrying the hit parameter', () => {
  assert.equal(candelaHit({ 'cache-status': 'Candela; hit; ttl=3599' }), true);
  assert.equal(candelaHit({ 'cache-status': 'Candela; hit' }), true);
  assert.equal(candelaHit({ 'cache-status': 'Origin; fwd=miss, Candela; hit' }), true);
  assert.equal(candelaHit({ 'cache-status': 'Candela; fwd=uri-miss; stored' }), false);
  assert.equal(candelaHit({ 'cache-status': 'Candela; fwd=stale; fwd-status=200' }), false);
  assert.equal(candelaHit({}), false);
});
