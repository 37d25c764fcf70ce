// Integration: geo restrictions (domain.md §2) with a real IP-to-country table, signed URLs (domain.md §4)
// in both dialects, and rules matching a string list, over real HTTP on loopback. Client addresses vary
// through 127.x.y.z; the table places 127.0.0.0/24 in Mexico and 127.0.1.0/24 in Argentina.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { edgeConfigSchema, tokenAuthSchema } from '@candela/contract';
import type { EdgeConfigInput } from '@candela/contract';
import { signTokenQuery } from '../config/token-auth.js';
import { TestOrigin, fixed } from '../test-support/test-origin.js';
import { startTestEdge } from '../test-support/test-edge.js';
import type { TestEdge } from '../test-support/test-edge.js';
import { cacheStatus, httpRequest } from '../test-support/http-client.js';

const GEO_CSV = '127.0.0.0,127.0.0.255,MX\n127.0.1.0,127.0.1.255,AR\n';
const candelaToken = tokenAuthSchema.parse({ secrets: [{ generation: 2, secret: 'edge-test-secret' }] });
const legacyToken = tokenAuthSchema.parse({
  dialect: 'legacy',
  secrets: [{ generation: 0, secret: "There's no place like home!" }],
  failure: { action: 'redirect', location: 'https://www.example.com/expired' },
});
// The edge's real clock: stored responses carry the origin's real Date, so a shifted clock would age them.
const NOW_S = Math.floor(Date.now() / 1000);

describe('answers at the edge: geo restriction, signed URLs, string lists', () => {
  const origin = new TestOrigin();
  let edge: TestEdge;
  let dir: string;
  const doc = (): EdgeConfigInput => ({
    version: 1,
    properties: [
      {
        id: 'geo.example',
        aliases: ['geo.example'],
        origin: { host: '127.0.0.1', port: origin.port },
        defaults: { geoRestriction: { mode: 'allow', countries: ['MX', 'CO'], ipExceptions: ['127.0.1.9'] } },
        rules: [
          {
            match: { op: '*=', value: '/blocked/*' },
            behaviours: {
              geoRestriction: { mode: 'deny', countries: ['MX'], denyResponse: { status: 451, headers: { 'content-type': 'text/plain' }, body: 'not in your country' } },
            },
          },
        ],
      },
      {
        id: 'signed.example',
        aliases: ['signed.example'],
        origin: { host: '127.0.0.1', port: origin.port },
        // First match wins: legacy paths take the legacy dialect; everything but the public files is signed.
        rules: [
          { match: { op: '*=', values: ['/legacy/*', '/old/*'] }, behaviours: { tokenAuth: legacyToken } },
          { match: { op: '%=', values: ['/Public.txt', '/robots.txt'], negate: true }, behaviours: { tokenAuth: candelaToken } },
        ],
      },
    ],
  });
  const get = (host: string, path: string, localAddress = '127.0.0.1') =>
    httpRequest(`${edge.url}${path}`, { headers: { host }, localAddress });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candela-geo-'));
    await writeFile(join(dir, 'geo.csv'), GEO_CSV);
    await origin.start();
    origin.route('*', fixed(200, { 'cache-control': 'max-age=600', 'content-type': 'text/plain' }, 'from origin'));
    edgeConfigSchema.parse(doc());
    edge = await startTestEdge({ doc: doc(), geoDb: join(dir, 'geo.csv') });
  });
  after(async () => {
    await edge?.stop();
    await origin.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('domain §2 geo allow-list: clients in listed countries are served; others get 403 without reaching the origin', async () => {
    assert.equal((await get('geo.example', '/a', '127.0.0.7')).status, 200);
    const before = origin.count();
    const refused = await get('geo.example', '/a', '127.0.1.7');
    assert.equal(refused.status, 403);
    assert.match(refused.headers['cache-status'] as string, /geo-restricted/);
    // 127.0.2.x is in no country of the table: an allow-list refuses it.
    assert.equal((await get('geo.example', '/a', '127.0.2.1')).status, 403);
    assert.equal(origin.count(), before);
  });

  test('domain §2 geo IP exceptions are served wherever the table places them', async () => {
    assert.equal((await get('geo.example', '/a', '127.0.1.9')).status, 200);
  });

  test('domain §2 geo deny-list on a rule, with its deny response; other countries served', async () => {
    const refused = await get('geo.example', '/blocked/x', '127.0.0.7');
    assert.equal(refused.status, 451);
    assert.equal(refused.text, 'not in your country');
    assert.equal((await get('geo.example', '/blocked/x', '127.0.2.1')).status, 200);
  });

  test('domain §4 candela token: a signed URL is served, and the token reaches neither the origin nor the cache key', async () => {
    const path = '/video/a.mp4';
    const first = signTokenQuery(candelaToken, { path, query: 'lang=es', notAfterS: NOW_S + 60 });
    const r1 = await get('signed.example', `${path}?${first}`);
    assert.equal(r1.status, 200);
    assert.equal(origin.hits.at(-1)!.url, `${path}?lang=es`);
    // A second token for the same object (another client, later expiry) is a hit on the same entry.
    const second = signTokenQuery(candelaToken, { path, query: 'lang=es', notAfterS: NOW_S + 120, notBeforeS: NOW_S - 5 });
    const r2 = await get('signed.example', `${path}?${second}`);
    assert.equal(r2.status, 200);
    assert.equal(cacheStatus(r2).hit, true);
  });

  test('domain §4 candela token: missing, tampered and expired tokens get 403 with the reason, without the cache or origin', async () => {
    const path = '/video/a.mp4';
    const before = origin.count();
    const missing = await get('signed.example', path);
    assert.equal(missing.status, 403);
    assert.match(missing.headers['cache-status'] as string, /token-missing/);
    const tampered = signTokenQuery(candelaToken, { path, query: 'lang=es', notAfterS: NOW_S + 60 }).replace('lang=es', 'lang=en');
    assert.match((await get('signed.example', `${path}?${tampered}`)).headers['cache-status'] as string, /token-invalid/);
    const expired = signTokenQuery(candelaToken, { path, query: '', notAfterS: NOW_S - 1 });
    const r = await get('signed.example', `${path}?${expired}`);
    assert.equal(r.status, 403);
    assert.match(r.headers['cache-status'] as string, /token-expired/);
    assert.equal(origin.count(), before);
  });

  test('domain §4 legacy token on a string-list rule: the handbook vector is served; a bad one is redirected', async () => {
    const path = '/legacy/path/to/resource';
    const query = signTokenQuery(legacyToken, { path, query: 'sessionid=12345', notBeforeS: 1, notAfterS: 9_000_000_000 });
    const ok = await get('signed.example', `${path}?${query}`);
    assert.equal(ok.status, 200);
    assert.equal(origin.hits.at(-1)!.url, `${path}?sessionid=12345`);
    const bad = await get('signed.example', `/old/x?stime=1&etime=9000000000&encoded=0${'0'.repeat(20)}`);
    assert.equal(bad.status, 302);
    assert.equal(bad.headers.location, 'https://www.example.com/expired');
  });

  test('domain §2 negated string list with %=: the listed values, in any case, are the ones not asked for a token', async () => {
    assert.equal((await get('signed.example', '/PUBLIC.TXT')).status, 200);
    assert.equal((await get('signed.example', '/robots.txt')).status, 200);
    assert.equal((await get('signed.example', '/private.txt')).status, 403);
  });
});
