// Integration: behaviours the edge answers itself (domain.md §2, contract edge-access.ts) over real
// HTTP on loopback — IP restriction (allow / deny, addresses and CIDR blocks, IPv4 and IPv6) checked
// before the cache and the origin, generated responses, and both recorded in telemetry with the
// configuration version that served them. Client addresses vary through 127.x.y.z and ::1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EdgeConfigInput } from '@candela/contract';
import { TestOrigin, fixed } from '../test-support/test-origin.js';
import { startTestEdge } from '../test-support/test-edge.js';
import type { TestEdge } from '../test-support/test-edge.js';
import { cacheStatus, httpRequest } from '../test-support/http-client.js';

const source = (version: number) => ({ configurationId: 'cfg-answers', version });

describe('answers at the edge: IP restriction and generated responses', () => {
  const origin = new TestOrigin();
  let edge: TestEdge;
  const doc = (): EdgeConfigInput => ({
    version: 1,
    properties: [
      {
        id: 'allow.example',
        aliases: ['allow.example'],
        origin: { host: '127.0.0.1', port: origin.port },
        defaults: { ipRestriction: { mode: 'allow', cidrs: ['127.0.0.2', '127.0.1.0/24', '::1'] } },
        source: source(2),
      },
      {
        id: 'deny.example',
        aliases: ['deny.example'],
        origin: { host: '127.0.0.1', port: origin.port },
        defaults: {
          ipRestriction: {
            mode: 'deny',
            cidrs: ['127.0.0.3', '127.0.2.0/24', '::1/128'],
            denyResponse: { status: 451, headers: { 'Content-Type': 'text/plain', 'X-Why': 'blocked' }, body: 'not here' },
          },
        },
        rules: [
          { match: { op: '==', value: '/old' }, behaviours: { generatedResponse: { status: 301, headers: { location: 'https://deny.example/new' } } } },
          {
            match: { op: '*=', value: '/maintenance*' },
            behaviours: { generatedResponse: { status: 503, headers: { 'retry-after': '120', 'content-type': 'text/html' }, body: '<p>back soon</p>' } },
          },
        ],
        source: source(3),
      },
      {
        id: 'secure.example',
        aliases: ['secure.example'],
        origin: { host: '127.0.0.1', port: origin.port },
        clientProtocols: 'https',
        source: source(4),
      },
    ],
  });
  const get = (host: string, path: string, localAddress: string, method = 'GET') =>
    httpRequest(`${edge.url.replace('127.0.0.1', localAddress.includes(':') ? '[::1]' : '127.0.0.1')}${path}`, {
      method,
      headers: { host },
      localAddress,
    });

  before(async () => {
    await origin.start();
    origin.route('*', fixed(200, { 'cache-control': 'max-age=600', 'content-type': 'text/plain' }, 'from origin'));
    // Dual-stack listener: IPv4 clients arrive as ::ffff:127.x.y.z and must still match IPv4 rules.
    edge = await startTestEdge({ doc: doc(), listenHost: '[::]' });
  });
  after(async () => {
    await edge?.stop();
    await origin.stop();
  });

  test('allow list: listed addresses, CIDR members and IPv6 ::1 are served; anyone else gets 403 without reaching the origin', async () => {
    for (const client of ['127.0.0.2', '127.0.1.77', '::1']) {
      const r = await get('allow.example', '/a', client);
      assert.equal(r.status, 200, client);
      assert.equal(r.text, 'from origin');
    }
    const before = origin.count();
    const refused = await get('allow.example', '/a', '127.0.0.4');
    assert.equal(refused.status, 403);
    assert.match(refused.text, /Access denied/);
    assert.match(refused.text, /Acceso denegado/);
    assert.equal(refused.headers['cache-control'], 'no-store');
    assert.equal(origin.count(), before);
  });

  test('the restriction is checked before the cache: a stored object is not served to a refused client', async () => {
    const stored = await get('allow.example', '/cached', '127.0.0.2');
    assert.equal(stored.status, 200);
    assert.equal(cacheStatus(await get('allow.example', '/cached', '127.0.0.2')).hit, true);
    assert.equal((await get('allow.example', '/cached', '127.0.3.1')).status, 403);
  });

  test('deny list: listed addresses, CIDR members and ::1 get the configured deny response; others are served', async () => {
    for (const client of ['127.0.0.3', '127.0.2.200', '::1']) {
      const r = await get('deny.example', '/a', client);
      assert.equal(r.status, 451, client);
      assert.equal(r.text, 'not here');
      assert.equal(r.headers['x-why'], 'blocked');
      assert.equal(r.headers['content-length'], '8');
    }
    assert.equal((await get('deny.example', '/a', '127.0.0.9')).status, 200);
  });

  test('generated responses: exactly the configured status, fields and body, without the cache or the origin', async () => {
    const before = origin.count();
    const moved = await get('deny.example', '/old', '127.0.0.9');
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.location, 'https://deny.example/new');
    assert.equal(moved.text, '');
    const down = await get('deny.example', '/maintenance/today', '127.0.0.9');
    assert.equal(down.status, 503);
    assert.equal(down.headers['retry-after'], '120');
    assert.equal(down.text, '<p>back soon</p>');
    const head = await get('deny.example', '/maintenance', '127.0.0.9', 'HEAD');
    assert.equal(head.status, 503);
    assert.equal(head.headers['content-length'], String(Buffer.byteLength('<p>back soon</p>')));
    assert.equal(head.body.length, 0);
    const post = await get('deny.example', '/old', '127.0.0.9', 'POST');
    assert.equal(post.status, 301, 'every method gets the generated response');
    assert.equal(origin.count(), before);
    // The IP restriction comes first: a refused client gets the deny response, not the generated one.
    assert.equal((await get('deny.example', '/old', '127.0.0.3')).status, 451);
  });

  test('domain §2 client protocols, RFC 9110 §15.4.2 / §15.5.20: an HTTPS-only property redirects GET over HTTP and refuses POST with 421, without asking the origin', async () => {
    const before = origin.count();
    const redirected = await get('secure.example', '/img/a.jpg?v=2', '127.0.0.1');
    assert.equal(redirected.status, 301);
    assert.equal(redirected.headers['location'], 'https://secure.example/img/a.jpg?v=2');
    const refused = await get('secure.example', '/form', '127.0.0.1', 'POST');
    assert.equal(refused.status, 421);
    assert.match(refused.text, /not served over this protocol/);
    assert.equal(origin.count(), before);
  });

  test('telemetry: metrics count them as "generated", the access log names the configuration version', async () => {
    const metrics = await httpRequest(`${edge.adminUrl}/metrics`, { headers: { authorization: 'Bearer test-token' } });
    assert.match(metrics.text, /candela_edge_requests_total\{property="deny.example",outcome="generated",status_class="4xx"\} [1-9]/);
    assert.match(metrics.text, /candela_edge_requests_total\{property="deny.example",outcome="generated",status_class="5xx"\} [1-9]/);
    assert.match(metrics.text, /candela_edge_requests_total\{property="allow.example",outcome="generated",status_class="4xx"\} [1-9]/);
    await edge.stop({ keepData: true });
    const lines = (await readFile(join(edge.dataDir, 'access.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: number; property: string; configVersion: string | null; clientIp: string; uri: string });
    const refused = lines.find((l) => l.status === 403)!;
    assert.equal(refused.property, 'allow.example');
    assert.equal(refused.configVersion, 'cfg-answers@v2');
    assert.equal(refused.clientIp, '127.0.0.4', 'IPv4 clients of a dual-stack listener are logged as IPv4');
    assert.equal(lines.find((l) => l.status === 301 && l.property === 'deny.example')?.configVersion, 'cfg-answers@v3');
    assert.ok(lines.some((l) => l.clientIp === '::1'));
  });
});
