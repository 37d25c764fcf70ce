// IP restrictions compiled to node:net BlockLists: addresses and CIDR blocks, IPv4 and IPv6, allow and
// deny, and IPv4 clients seen through a dual-stack listener.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileIpRestriction, prepareResponse } from './compile-access.js';

describe('compileIpRestriction', () => {
  const cidrs = ['192.0.2.7', '198.51.100.0/24', '2001:db8::1', '2001:db8:ab::/48', '::ffff:203.0.113.9'];

  it('allow: only listed addresses and blocks are served', () => {
    const r = compileIpRestriction({ mode: 'allow', cidrs });
    for (const ip of ['192.0.2.7', '198.51.100.0', '198.51.100.255', '2001:db8::1', '2001:db8:ab:ffff::9', '203.0.113.9']) {
      assert.equal(r.allows(ip), true, ip);
    }
    for (const ip of ['192.0.2.8', '198.51.101.1', '2001:db8::2', '2001:db8:ac::1', '', 'not-an-ip']) assert.equal(r.allows(ip), false, ip);
  });

  it('deny: listed addresses and blocks are refused, everyone else served', () => {
    const r = compileIpRestriction({ mode: 'deny', cidrs });
    assert.equal(r.allows('198.51.100.20'), false);
    assert.equal(r.allows('2001:db8:ab::20'), false);
    assert.equal(r.allows('192.0.2.1'), true);
    assert.equal(r.allows('::1'), true);
  });

  it('an IPv4 block also covers the IPv4-mapped IPv6 form of its addresses', () => {
    const r = compileIpRestriction({ mode: 'allow', cidrs: ['127.0.0.0/8'] });
    assert.equal(r.allows('::ffff:127.0.0.1'), true);
  });

  it('prepares the deny response once: lower-case field names, encoded body', () => {
    const r = compileIpRestriction({ mode: 'deny', cidrs: [], denyResponse: { status: 451, headers: { 'X-Why': 'legal' }, body: 'señal' } });
    assert.deepEqual(r.denyResponse, { status: 451, headers: [['x-why', 'legal']], body: Buffer.from('señal') });
    assert.equal(prepareResponse({ status: 204, headers: {}, body: '' }).body.length, 0);
  });
});
