// The canary split: FNV-1a as specified, the same client always in the same bucket, and the share of
// clients a slot gets close to its percentage.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canaryBucket, canarySuffix } from './canary.js';

/** Synthetic client addresses: 10 000 IPv4 and IPv6 addresses from documentation / private ranges. */
function addresses(count: number, family: 4 | 6): string[] {
  return Array.from({ length: count }, (_, i) =>
    family === 4 ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` : `2001:db8::${i.toString(16)}`,
  );
}

describe('canaryBucket', () => {
  it('is FNV-1a 32-bit of "address|key" modulo 100 (draft-eastlake-fnv test vectors)', () => {
    // FNV-1a("a") = 0xe40c292c, FNV-1a("foobar") = 0xbf9cf968: the address and the suffix hash as one text.
    assert.equal(canaryBucket('', new Uint8Array(Buffer.from('a'))), 0xe40c292c % 100);
    assert.equal(canaryBucket('foo', new Uint8Array(Buffer.from('bar'))), 0xbf9cf968 % 100);
    assert.equal(canaryBucket('foob', canarySuffix('r').subarray(0, 0)), canaryBucket('fo', new Uint8Array(Buffer.from('ob'))));
  });

  it('puts the same client in the same bucket every time, and keys slots independently', () => {
    const suffix = canarySuffix('cfg-1');
    for (const ip of ['192.0.2.7', '2001:db8::1', '10.1.2.3']) {
      const first = canaryBucket(ip, suffix);
      for (let i = 0; i < 5; i++) assert.equal(canaryBucket(ip, canarySuffix('cfg-1')), first);
    }
    const a = addresses(1000, 4).map((ip) => canaryBucket(ip, canarySuffix('cfg-1')));
    const b = addresses(1000, 4).map((ip) => canaryBucket(ip, canarySuffix('cfg-2')));
    assert.ok(a.filter((x, i) => x === b[i]).length < 50, 'two configurations split clients independently');
  });

  for (const family of [4, 6] as const) {
    it(`gives a slot its percentage of 10 000 IPv${family} clients within ±2 %`, () => {
      const ips = addresses(10_000, family);
      for (const key of ['cfg-1', 'www.example.com', '3f1c0e2a-9b7d-4c1e-8f00-1234567890ab']) {
        const suffix = canarySuffix(key);
        const buckets = ips.map((ip) => canaryBucket(ip, suffix));
        for (const percent of [1, 5, 10, 25, 50, 90, 99]) {
          const share = (buckets.filter((b) => b < percent).length / ips.length) * 100;
          assert.ok(Math.abs(share - percent) <= 2, `${key} at ${percent} %: ${share.toFixed(2)} %`);
        }
      }
    });
  }

  it('is monotone in the percentage: raising a canary keeps every client it already had', () => {
    const suffix = canarySuffix('cfg-1');
    const at = (p: number) => new Set(addresses(2000, 4).filter((ip) => canaryBucket(ip, suffix) < p));
    const ten = at(10);
    const twenty = at(20);
    for (const ip of ten) assert.ok(twenty.has(ip));
  });
});
