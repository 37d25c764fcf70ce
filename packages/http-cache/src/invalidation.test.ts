import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { invalidationTargets, isUnsafeMethod } from './invalidation.js';
import type { HeaderMap } from './types.js';

const target = new URL('https://cdn.example/a/b?x=1#frag');
const hrefs = (method: string, status: number, res: HeaderMap = {}) =>
  invalidationTargets({ method, status, requestUrl: target, res }).map((u) => u.href);

describe('invalidation (RFC 9111 §4.4)', () => {
  test('RFC 9110 §9.2.1 safe methods are GET, HEAD, OPTIONS and TRACE; unknown ones are unsafe', () => {
    for (const m of ['GET', 'HEAD', 'OPTIONS', 'TRACE']) assert.equal(isUnsafeMethod(m), false, m);
    for (const m of ['POST', 'PUT', 'DELETE', 'PATCH', 'M-SEARCH', 'get']) assert.equal(isUnsafeMethod(m), true, m);
  });

  test('RFC 9111 §4.4 a non-error response to an unsafe method invalidates the target URI', () => {
    assert.deepEqual(hrefs('POST', 200), ['https://cdn.example/a/b?x=1']);
    assert.deepEqual(hrefs('M-SEARCH', 302), ['https://cdn.example/a/b?x=1']);
  });

  test('RFC 9111 §4.4 error responses and safe methods invalidate nothing', () => {
    assert.deepEqual(hrefs('POST', 500), []);
    assert.deepEqual(hrefs('DELETE', 404), []);
    assert.deepEqual(hrefs('GET', 200), []);
  });

  test('RFC 9111 §4.4 Location and Content-Location are resolved against the target', () => {
    const res = { location: '../c', 'content-location': '/d#x' };
    assert.deepEqual(hrefs('PUT', 201, res), ['https://cdn.example/a/b?x=1', 'https://cdn.example/c', 'https://cdn.example/d']);
  });

  test('RFC 9111 §4.4 cross-origin Location and Content-Location are ignored', () => {
    const res = {
      location: 'https://other.example/c',
      'content-location': 'http://cdn.example/d',
    };
    assert.deepEqual(hrefs('POST', 200, res), ['https://cdn.example/a/b?x=1']);
    assert.deepEqual(hrefs('POST', 200, { location: 'https://cdn.example:8443/c' }), ['https://cdn.example/a/b?x=1']);
  });

  test('RFC 9111 §4.4 duplicates and unusable references are dropped', () => {
    assert.deepEqual(hrefs('POST', 200, { location: '/a/b?x=1', 'content-location': 'http://[bad' }), ['https://cdn.example/a/b?x=1']);
    assert.deepEqual(hrefs('POST', 200, { location: ['/one', '/two'] }), ['https://cdn.example/a/b?x=1']);
  });
});
