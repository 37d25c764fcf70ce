// Integration: invalidation on the admin listener (domain.md §3): exact URL, wildcard path, tag and
// whole property; Normal (soft) costs the origin a 304, Force (hard) a full refetch; only objects
// stored before the request are touched.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestOrigin } from '../test-support/test-origin.js';
import type { Responder } from '../test-support/test-origin.js';
import { startTestEdge } from '../test-support/test-edge.js';
import type { TestEdge } from '../test-support/test-edge.js';
import { cacheStatus, httpRequest } from '../test-support/http-client.js';

/** An origin resource with an ETag that answers conditional requests with 304. */
function validating(tags = ''): Responder {
  return (req, res) => {
    const headers: Record<string, string> = { 'cache-control': 'max-age=3600', etag: '"e1"' };
    if (tags) headers['surrogate-key'] = tags;
    if (req.headers['if-none-match'] === '"e1"') {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, headers);
    res.end('content');
  };
}

describe('invalidation', () => {
  const origin = new TestOrigin();
  let edge: TestEdge;
  let clock = Date.now();
  const now = () => clock;
  const purge = (body: unknown, token = 'test-token') =>
    httpRequest(`${edge.adminUrl}/invalidate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const matched = (r: { text: string }) => (JSON.parse(r.text) as { matched: number }).matched;
  const statuses = (path: string) => origin.hits.filter((h) => h.url.split('?')[0] === path);

  before(async () => {
    await origin.start();
    edge = await startTestEdge({ origin: origin.url, now });
  });
  after(async () => {
    await edge.stop();
    await origin.stop();
  });

  test('domain §3 Normal (soft) purge: the next request revalidates and the origin answers 304', async () => {
    origin.route('/soft.jpg', validating());
    await httpRequest(`${edge.url}/soft.jpg`);
    clock += 1;
    const r = await purge({ type: 'url', urls: ['http://any.example/soft.jpg'], mode: 'soft' });
    assert.equal(r.status, 200);
    assert.equal(matched(r), 1);
    const after = await httpRequest(`${edge.url}/soft.jpg`);
    assert.equal(after.text, 'content');
    assert.equal(cacheStatus(after)['fwd-status'], '304');
    assert.equal(statuses('/soft.jpg').at(-1)?.headers['if-none-match'], '"e1"');
    assert.equal(origin.count('/soft.jpg'), 2);
  });

  test('domain §3 Force (hard) purge: the next request refetches unconditionally', async () => {
    origin.route('/hard.jpg', validating());
    await httpRequest(`${edge.url}/hard.jpg`);
    clock += 1;
    const r = await purge({ type: 'url', urls: ['http://any.example/hard.jpg'], mode: 'hard' });
    assert.equal(matched(r), 1);
    const after = await httpRequest(`${edge.url}/hard.jpg`);
    assert.equal(after.status, 200);
    assert.equal(statuses('/hard.jpg').at(-1)?.headers['if-none-match'], undefined);
    assert.equal(origin.count('/hard.jpg'), 2);
  });

  test('domain §3 wildcard path purge matches every query variant, only objects stored before it', async () => {
    origin.route('*', validating());
    await httpRequest(`${edge.url}/img/a.png`);
    await httpRequest(`${edge.url}/img/b.png?w=100`);
    await httpRequest(`${edge.url}/img/sub/c.png`);
    await httpRequest(`${edge.url}/img/a.gif`);
    clock += 1;
    const r = await purge({ type: 'path', property: 'default', patterns: ['/img/*.png'], mode: 'hard' });
    assert.equal(matched(r), 3);
    const before = origin.count();
    await httpRequest(`${edge.url}/img/a.gif`);
    assert.equal(origin.count(), before, 'a.gif did not match and stays cached');
    await httpRequest(`${edge.url}/img/sub/c.png`);
    assert.equal(origin.count(), before + 1);
  });

  test('domain §3 an invalid wildcard pattern is refused with its position', async () => {
    const r = await purge({ type: 'path', property: 'default', patterns: ['/ok/*', '/img/[a-'], mode: 'hard' });
    assert.equal(r.status, 400);
    const body = JSON.parse(r.text) as { error: { code: string; details: Array<{ pointer: string; message: string }> } };
    assert.equal(body.error.code, 'INVALID_PATTERN');
    assert.equal(body.error.details[0]?.pointer, '/patterns/1');
    assert.match(body.error.details[0]?.message ?? '', /position/);
  });

  test('domain §3 cache tag purge removes every object carrying the tag', async () => {
    origin.route('/t1', validating('news sports'));
    origin.route('/t2', validating('news'));
    origin.route('/t3', validating('weather'));
    for (const p of ['/t1', '/t2', '/t3']) await httpRequest(`${edge.url}${p}`);
    clock += 1;
    const r = await purge({ type: 'tag', tags: ['news'], mode: 'hard' });
    assert.equal(matched(r), 2);
    for (const p of ['/t1', '/t2', '/t3']) await httpRequest(`${edge.url}${p}`);
    assert.equal(origin.count('/t1'), 2);
    assert.equal(origin.count('/t2'), 2);
    assert.equal(origin.count('/t3'), 1);
  });

  test('whole-property purge and objects stored after the purge instant are untouched', async () => {
    origin.route('/p1', validating());
    await httpRequest(`${edge.url}/p1`);
    clock += 1;
    const r = await purge({ type: 'property', property: 'default', mode: 'hard' });
    assert.ok(matched(r) >= 1);
    await httpRequest(`${edge.url}/p1`);
    const again = await purge({ type: 'tag', tags: ['nothing-has-this'], mode: 'hard' });
    assert.equal(matched(again), 0);
    const hit = await httpRequest(`${edge.url}/p1`);
    assert.equal(cacheStatus(hit).hit, true);
  });

  test('the admin listener requires the bearer token and validates bodies with JSON pointers', async () => {
    const denied = await purge({ type: 'property', property: 'default' }, 'wrong');
    assert.equal(denied.status, 401);
    const bad = await purge({ type: 'tag', tags: [] });
    assert.equal(bad.status, 400);
    const body = JSON.parse(bad.text) as { error: { code: string; details: Array<{ pointer: string }> } };
    assert.equal(body.error.code, 'VALIDATION_FAILED');
    assert.equal(body.error.details[0]?.pointer, '/tags');
    const unknown = await purge({ type: 'property', property: 'nope.example' });
    assert.equal(unknown.status, 404);
  });

  test('metrics are served on the admin listener', async () => {
    const m = await httpRequest(`${edge.adminUrl}/metrics`, { headers: { authorization: 'Bearer test-token' } });
    assert.equal(m.status, 200);
    assert.match(m.text, /candela_edge_requests_total\{[^}]*property="default"/);
    assert.match(m.text, /candela_edge_cache_tier_bytes\{tier="disk"\}/);
    assert.match(m.text, /candela_edge_origin_latency_seconds_bucket/);
  });
});
