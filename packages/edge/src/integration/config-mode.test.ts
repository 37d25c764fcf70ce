// Integration: the configuration document — aliases, unknown hosts, rules and behaviours, web root,
// Host override, backup origin, reload keeping the last good document — and request limits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EdgeConfigInput } from '@candela/contract';
import { TestOrigin, fixed } from '../test-support/test-origin.js';
import { startTestEdge } from '../test-support/test-edge.js';
import type { TestEdge } from '../test-support/test-edge.js';
import { cacheStatus, httpRequest } from '../test-support/http-client.js';

describe('configuration document', () => {
  const origin = new TestOrigin();
  const backup = new TestOrigin();
  let edge: TestEdge;
  let dir: string;
  let configPath: string;
  const doc = (ttl: string): EdgeConfigInput => ({
    version: ttl === '1h' ? 1 : 2,
    properties: [
      {
        id: 'www.example.com',
        aliases: ['www.example.com', 'example.com'],
        origin: { host: '127.0.0.1', port: origin.port, webRoot: '/site', hostHeader: 'origin.example.net' },
        defaults: { responseHeaders: { set: { 'x-served-by': 'candela' }, remove: ['x-internal'] } },
        rules: [
          { match: { op: '*=', value: '/static/*' }, behaviours: { cacheControl: { internal: { policy: 'ttl', ttl } } } },
          { match: { op: '%*', value: '/search*' }, behaviours: { queryString: 'ignore', cacheControl: { internal: { policy: 'ttl', ttl: '5m' } } } },
          {
            match: { op: '==', value: '/api' },
            behaviours: { cacheControl: { internal: { policy: 'no-store' }, external: { value: 'private, no-store', force: true } } },
          },
        ],
      },
      {
        id: 'failover.example.com',
        aliases: ['failover.example.com'],
        origin: { host: '127.0.0.1', port: 9, connectTimeoutMs: 500 },
        backupOrigin: { host: '127.0.0.1', port: backup.port },
      },
    ],
  });
  const get = (path: string, host = 'www.example.com', headers: Record<string, string> = {}) =>
    httpRequest(`${edge.url}${path}`, { headers: { host, ...headers } });

  before(async () => {
    await origin.start();
    await backup.start();
    dir = await mkdtemp(join(tmpdir(), 'candela-config-'));
    configPath = join(dir, 'edge.json');
    await writeFile(configPath, JSON.stringify(doc('1h')));
    edge = await startTestEdge({ configPath, doc: doc('1h') });
  });
  after(async () => {
    await edge.stop();
    await origin.stop();
    await backup.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('domain §2 an unknown alias gets 404 and never reaches an origin', async () => {
    const r = await get('/', 'unknown.example');
    assert.equal(r.status, 404);
    assert.equal(origin.count(), 0);
  });

  test('domain §2 every alias serves the property; web root and Host override reach the origin', async () => {
    origin.route('/site/static/app.js', fixed(200, { 'x-internal': 'secret' }, 'js'));
    const a = await get('/static/app.js');
    const b = await get('/static/app.js', 'example.com');
    assert.equal(a.text, 'js');
    assert.equal(b.text, 'js');
    assert.equal(cacheStatus(b).hit, true);
    assert.equal(origin.count('/site/static/app.js'), 1);
    assert.equal(origin.hits[0]?.headers.host, 'origin.example.net');
    assert.equal(a.headers['x-served-by'], 'candela');
    assert.equal(a.headers['x-internal'], undefined);
  });

  test('domain §2 TTL policy caches a response without cache headers; first matching rule wins', async () => {
    origin.route('/site/search', fixed(200, {}, 'results'));
    await get('/search?q=a');
    const r = await get('/search?q=b');
    assert.equal(cacheStatus(r).hit, true, 'query ignored in the cache key');
    assert.equal(origin.count('/site/search'), 1);
    // %* is case-insensitive: /SEARCH also falls under the rule, so even its 404 is kept for the TTL.
    await get('/SEARCH?q=c');
    const upper = await get('/SEARCH?q=d');
    assert.equal(upper.status, 404);
    assert.equal(cacheStatus(upper).hit, true);
  });

  test('domain §2 no-store policy with a forced external Cache-Control', async () => {
    origin.route('/site/api', fixed(200, { 'cache-control': 'public, max-age=600' }, 'api'));
    const r1 = await get('/api');
    await get('/api');
    assert.equal(r1.headers['cache-control'], 'private, no-store');
    assert.equal(origin.count('/site/api'), 2);
  });

  test('domain §2 the backup origin answers when the primary cannot be reached', async () => {
    backup.route('/page', fixed(200, { 'cache-control': 'max-age=60' }, 'from backup'));
    const r = await get('/page', 'failover.example.com');
    assert.equal(r.status, 200);
    assert.equal(r.text, 'from backup');
  });

  test('reload: an invalid document is refused with JSON pointers and the previous one stays in force', async () => {
    await writeFile(configPath, JSON.stringify({ version: 9, properties: [{ id: 'x', aliases: ['Bad Host'], origin: {} }] }));
    const refused = await edge.edge.reload();
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      const pointers = refused.problems.map((p) => p.pointer);
      assert.ok(pointers.includes('/properties/0/aliases/0'), pointers.join());
      assert.ok(pointers.includes('/properties/0/origin/host'), pointers.join());
    }
    assert.equal(edge.edge.node.config.version, 1);
    const still = await get('/static/app.js');
    assert.equal(still.status, 200);
    await writeFile(configPath, JSON.stringify(doc('2h')));
    const applied = await edge.edge.reload();
    assert.deepEqual(applied, { ok: true, version: 2 });
  });

  test('431 for too many request header fields', async () => {
    const headers: Record<string, string> = { host: 'www.example.com' };
    for (let i = 0; i < 150; i++) headers[`x-h${i}`] = 'v';
    const r = await httpRequest(`${edge.url}/static/app.js`, { headers });
    assert.equal(r.status, 431);
  });

  test('431 for a request head larger than the limit', async () => {
    const r = await httpRequest(`${edge.url}/static/app.js`, { headers: { host: 'www.example.com', 'x-big': 'a'.repeat(20_000) } });
    assert.equal(r.status, 431);
  });
});
