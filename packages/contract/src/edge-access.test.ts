import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrSchema, generatedResponseSchema, ipRestrictionSchema, isCidrOrAddress } from './edge-access.js';
import { validate } from './problems.js';

function check(rows: readonly (readonly [text: string, expected: boolean])[]): void {
  for (const [text, expected] of rows) assert.equal(isCidrOrAddress(text), expected, JSON.stringify(text));
}

test('IPv4 addresses: four decimal octets, each at most 255, no leading zeros', () => {
  check([
    ['192.0.2.7', true],
    ['0.0.0.0', true],
    ['255.255.255.255', true],
    ['256.1.1.1', false],
    ['1.2.3', false],
    ['1.2.3.4.5', false],
    ['01.2.3.4', false],
    ['1.2.3.-4', false],
    ['1.2.3.4 ', false],
    ['', false],
    ['localhost', false],
  ]);
});

test('IPv4 CIDR blocks: prefix length 0 to 32', () => {
  check([
    ['192.0.2.0/24', true],
    ['0.0.0.0/0', true],
    ['192.0.2.7/32', true],
    ['192.0.2.0/33', false],
    ['192.0.2.0/', false],
    ['192.0.2.0/-1', false],
    ['192.0.2.0/8/8', false],
    ['192.0.2.0/ 8', false],
    ['192.0.2.0/1000', false],
    ['/24', false],
  ]);
});

test('RFC 4291 §2.2 IPv6 text forms: eight groups, or one "::" run of zeros', () => {
  check([
    ['2001:db8:0:0:1:0:0:1', true],
    ['2001:DB8::1', true],
    ['::', true],
    ['::1', true],
    ['1::', true],
    ['fe80::', true],
    ['1:2:3:4:5:6:7::', true],
    ['1:2:3:4:5:6:7:8', true],
    ['1:2:3:4:5:6:7:8:9', false],
    ['1:2:3:4:5:6:7', false],
    ['1:2:3:4:5:6:7:8::', false],
    ['1::2::3', false],
    [':::', false],
    [':1', false],
    ['1:', false],
    ['12345::', false],
    ['g::1', false],
    ['fe80::1%eth0', false],
  ]);
});

test('RFC 4291 §2.2 form 3: an embedded dotted IPv4 address as the last 32 bits', () => {
  check([
    ['::ffff:192.0.2.1', true],
    ['::192.0.2.1', true],
    ['64:ff9b::192.0.2.33', true],
    ['1:2:3:4:5:6:192.0.2.1', true],
    ['1:2:3:4:5:6:7:192.0.2.1', false],
    ['::ffff:192.0.2.256', false],
    ['::192.0.2.1:1', false],
    ['::ffff:192.0.2', false],
  ]);
});

test('IPv6 CIDR blocks: prefix length 0 to 128, also after an embedded IPv4 address', () => {
  check([
    ['2001:db8::/32', true],
    ['::/0', true],
    ['::1/128', true],
    ['64:ff9b::192.0.2.0/120', true],
    ['2001:db8::/129', false],
    ['2001:db8::/', false],
    ['2001:db8::/x', false],
  ]);
});

test('cidrSchema reports a bad entry with the catalogued hint at its pointer', () => {
  const result = validate(ipRestrictionSchema, { mode: 'deny', cidrs: ['192.0.2.0/24', '192.0.2.0/33', '::/0'] });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.problems.map((p) => [p.pointer, p.code]), [['/cidrs/1', 'cidr.format']]);
  assert.equal(cidrSchema.safeParse('x'.repeat(65)).success, false, 'longer than any address is refused before parsing');
});

test('generated responses: status 200 to 599, headers and body default to empty', () => {
  assert.deepEqual(generatedResponseSchema.parse({ status: 302, headers: { Location: 'https://example.com/' } }), { status: 302, headers: { Location: 'https://example.com/' }, body: '' });
  assert.deepEqual(generatedResponseSchema.parse({ status: 404 }), { status: 404, headers: {}, body: '' });
  assert.equal(generatedResponseSchema.safeParse({ status: 199 }).success, false);
  assert.equal(generatedResponseSchema.safeParse({ status: 600 }).success, false);
  assert.equal(generatedResponseSchema.safeParse({ status: 200, headers: { 'bad name': 'x' } }).success, false);
  assert.equal(generatedResponseSchema.safeParse({ status: 200, extra: true }).success, false, 'strict: unknown fields are refused');
});
