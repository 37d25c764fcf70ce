// Integration: the snapshot's slots over real HTTP on loopback (issue 4) — a production candidate
// (canary) serving its share of clients, the same client always on the same version; and the staging
// listener, the only one that serves staging versions, with cache entries of its own.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EdgeConfigInput } from '@candela/contract';
import { canaryBucket, canarySuffix } from '../config/canary.js';
import { TestOrigin } from '../test-support/test-origin.js';
import { startTestEdge } from '../test-support/test-edge.js';
import type { TestEdge } from '../test-support/test-edge.js';
import { httpRequest } from '../test-support/http-client.js';

const version = (v: number) => ({ responseHeaders: { set: { 'x-version': `v${v}` }, remove: [] } });

describe('canary and staging slots', () => {
  const origin = new TestOrigin();
  let edge: TestEdge;
  const doc = (): EdgeConfigInput => ({
    version: 7,
    properties: [
      { id: 'www.example.com', aliases: ['www.example.com'], origin: { host: '127.0.0.1', port: origin.port }, defaults: version(3), source: { configurationId: 'cfg-1', version: 3 } },
      { id: 'prod-only.example.com', aliases: ['prod-only.example.com'], origin: { host: '127.0.0.1', port: origin.port }, source: { configurationId: 'cfg-2', version: 1 } },
    ],
    candidates: [
      {
        key: 'cfg-1',
        percent: 40,
        properties: [{ id: 'www.example.com', aliases: ['www.example.com'], origin: { host: '127.0.0.1', port: origin.port }, defaults: version(4), source: { configurationId: 'cfg-1', version: 4 } }],
      },
    ],
    staging: [
      {
        id: 'www.example.com',
        aliases: ['www.example.com', 'staging-only.example.com'],
        origin: { host: '127.0.0.1', port: origin.port, webRoot: '/staging' },
        defaults: version(5),
        source: { configurationId: 'cfg-1', version: 5 },
      },
    ],
  });
  const clients = Array.from({ length: 40 }, (_, i) => `127.0.${i % 4}.${10 + i}`);
  const expected = (ip: string) => (canaryBucket(ip, canarySuffix('cfg-1')) < 40 ? 'v4' : 'v3');

  before(async () => {
    await origin.start();
    origin.route('*', (req, res) => {
      res.writeHead(200, { 'cache-control': 'max-age=600', 'content-type': 'text/plain' });
      res.end(`origin ${req.url}`);
    });
    edge = await startTestEdge({ doc: doc(), staging: true });
  });
  after(async () => {
    await edge?.stop();
    await origin.stop();
  });

  test('each client gets the version its canary bucket says, and the same one on every request', async () => {
    const seen = new Set<string>();
    for (const ip of clients) {
      for (let i = 0; i < 2; i++) {
        const r = await httpRequest(`${edge.url}/page`, { headers: { host: 'www.example.com' }, localAddress: ip });
        assert.equal(r.status, 200);
        assert.equal(r.headers['x-version'], expected(ip), `${ip}, request ${i + 1}`);
        seen.add(String(r.headers['x-version']));
      }
    }
    assert.deepEqual([...seen].sort(), ['v3', 'v4'], 'both versions served to some of the 40 clients');
  });

  test('the staging listener serves staging versions; the production listeners never do', async () => {
    const staged = await httpRequest(`${edge.stagingUrl!}/page`, { headers: { host: 'www.example.com' } });
    assert.equal(staged.headers['x-version'], 'v5');
    assert.equal(staged.text, 'origin /staging/page');
    assert.equal((await httpRequest(`${edge.stagingUrl!}/x`, { headers: { host: 'staging-only.example.com' } })).status, 200);
    const prod = await httpRequest(`${edge.url}/x`, { headers: { host: 'staging-only.example.com' } });
    assert.equal(prod.status, 404, 'a staging-only alias is unknown on production');
    const fallback = await httpRequest(`${edge.stagingUrl!}/y`, { headers: { host: 'prod-only.example.com' } });
    assert.equal(fallback.status, 200, 'staging falls back to production');
    assert.equal(fallback.text, 'origin /y');
  });

  test('staging keeps its own cache entries: what staging fetched never reaches production', async () => {
    const before = origin.count('/isolated');
    const staged = await httpRequest(`${edge.stagingUrl!}/isolated`, { headers: { host: 'www.example.com' } });
    assert.equal(staged.text, 'origin /staging/isolated');
    const prod = await httpRequest(`${edge.url}/isolated`, { headers: { host: 'www.example.com' }, localAddress: clients[0] });
    assert.equal(prod.text, 'origin /isolated');
    assert.equal(origin.count('/isolated'), before + 1, 'production fetched its own copy');
  });

  test('the access log says which configuration version served each request', async () => {
    await edge.stop({ keepData: true });
    const lines = (await readFile(join(edge.dataDir, 'access.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { clientIp: string; host: string; configVersion: string | null; property: string; uri: string });
    for (const ip of clients) {
      const mine = lines.filter((l) => l.clientIp === ip && l.uri === '/page');
      assert.ok(mine.length >= 2);
      for (const l of mine) assert.equal(l.configVersion, `cfg-1@${expected(ip)}`);
    }
    const staged = lines.find((l) => l.uri === '/page' && l.configVersion === 'cfg-1@v5');
    assert.equal(staged?.property, 'staging/www.example.com');
  });
});
