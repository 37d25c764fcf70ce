import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendCacheStatus, formatCacheStatus } from './cache-status.js';

describe('cache-status (RFC 9211 §2)', () => {
  test('RFC 9211 §2.1 §2.5 a hit with its remaining ttl', () => {
    assert.equal(formatCacheStatus({ cache: 'Candela', hit: true, ttlS: 120 }), 'Candela; hit; ttl=120');
  });

  test('RFC 9211 §2.2 §2.3 §2.6 a forwarded, stored response', () => {
    assert.equal(
      formatCacheStatus({ cache: 'Candela', fwd: 'uri-miss', fwdStatus: 200, stored: true }),
      'Candela; fwd=uri-miss; fwd-status=200; stored',
    );
  });

  test('RFC 9211 §2.5 ttl is an integer and negative when stale', () => {
    assert.equal(formatCacheStatus({ cache: 'Candela', hit: true, ttlS: -0.4 }), 'Candela; hit; ttl=-1');
    assert.equal(formatCacheStatus({ cache: 'Candela', hit: true, ttlS: 59.9 }), 'Candela; hit; ttl=59');
  });

  test('RFC 9211 §2 false booleans are omitted; all parameters in order', () => {
    assert.equal(
      formatCacheStatus({
        cache: 'Candela',
        hit: false,
        fwd: 'stale',
        fwdStatus: 304,
        ttlS: 10,
        stored: false,
        collapsed: true,
        key: 'prop /a?b',
        detail: 'revalidated',
      }),
      'Candela; fwd=stale; fwd-status=304; ttl=10; collapsed; key="prop /a?b"; detail=revalidated',
    );
  });

  test('RFC 9211 §2.8 detail is a token when possible, else an escaped sf-string', () => {
    assert.equal(formatCacheStatus({ cache: 'C', detail: 'say "no"' }), 'C; detail="say \\"no\\""');
    assert.equal(formatCacheStatus({ cache: 'edge 1', detail: 'x' }), '"edge 1"; detail=x');
  });

  test('RFC 9211 §2 members are appended, nearest the client last', () => {
    assert.equal(appendCacheStatus('Origin; hit', 'Candela; fwd=miss'), 'Origin; hit, Candela; fwd=miss');
    assert.equal(appendCacheStatus(undefined, 'Candela; hit'), 'Candela; hit');
    assert.equal(appendCacheStatus('  ', 'Candela; hit'), 'Candela; hit');
  });
});
