// The edge's IP-to-country table (geo restrictions, domain.md §2): range boundaries for IPv4 and IPv6,
// quoted and extra columns, unassigned space, and a clear error naming a bad line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeoDatabaseError, loadGeoDatabase, parseGeoDatabase } from './geo-database.js';

const CSV = `# first,last,country
198.51.100.0,198.51.100.255,MX
"203.0.113.0","203.0.113.127","ar","Argentina"
203.0.113.128,203.0.113.255,ZZ
192.0.2.0,192.0.2.63,BR
2001:db8::,2001:db8:0:ffff:ffff:ffff:ffff:ffff,CL
2001:db8:1::,2001:db8:1::ff,ES
`;

describe('geo database', () => {
  const db = parseGeoDatabase(CSV);

  it('finds the country of IPv4 addresses, range ends included, in any line order', () => {
    assert.equal(db.countryOf('198.51.100.0'), 'MX');
    assert.equal(db.countryOf('198.51.100.255'), 'MX');
    assert.equal(db.countryOf('192.0.2.63'), 'BR');
    assert.equal(db.countryOf('203.0.113.5'), 'AR');
    for (const ip of ['198.51.101.0', '192.0.2.64', '10.0.0.1', '0.0.0.0', '255.255.255.255']) assert.equal(db.countryOf(ip), undefined, ip);
  });

  it('skips unassigned space (ZZ) instead of giving it a country', () => {
    assert.equal(db.countryOf('203.0.113.200'), undefined);
    assert.equal(db.ranges, 5);
  });

  it('finds IPv6 addresses in any text form', () => {
    assert.equal(db.countryOf('2001:db8::1'), 'CL');
    assert.equal(db.countryOf('2001:0db8:0000:ffff::'), 'CL');
    assert.equal(db.countryOf('2001:db8:1::ff'), 'ES');
    assert.equal(db.countryOf('2001:db8:1::100'), undefined);
    assert.equal(db.countryOf('::1'), undefined);
    assert.equal(db.countryOf('not-an-address'), undefined);
  });

  it('names the file and line of a malformed range', () => {
    assert.throws(() => parseGeoDatabase('192.0.2.0,192.0.2.9,MX\n192.0.2.10,oops,MX\n', 'geo.csv'), (err: Error) => {
      assert.ok(err instanceof GeoDatabaseError);
      assert.match(err.message, /^geo\.csv:2: /);
      return true;
    });
    assert.throws(() => parseGeoDatabase('192.0.2.9,192.0.2.0,MX\n'), /last address comes before the first/);
    assert.throws(() => parseGeoDatabase('192.0.2.0,2001:db8::,MX\n'), /two IPv4 or two IPv6/);
  });

  it('loads from a file and reports an unreadable path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'geo-'));
    try {
      writeFileSync(join(dir, 'geo.csv'), CSV);
      assert.equal(loadGeoDatabase(join(dir, 'geo.csv')).countryOf('192.0.2.1'), 'BR');
      assert.throws(() => loadGeoDatabase(join(dir, 'missing.csv')), GeoDatabaseError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
