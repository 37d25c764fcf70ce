// Integration: a real origin and a real edge on loopback ports; assertions on what the client gets
// and on the origin's request counter.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestOrigin, fixed } from '../test-support/test-origin.js';
import { startTestEdge } from '../test-support/test-edge.js';
import type { TestEdge } from '../test-support/test-edge.js';
import { cacheStatus, httpRequest } from '../test-support/http-client.js';

describe('edge caching against a real origin', () => {
  const origin = new TestOrigin();
  let edge: TestEdge;
  // Starts at real time: origin Date headers are real, and apparent age (§4.2.3) compares them with it.
  let clock = Date.now();
  const now = () => clock;
  const httpDate = (ms: number) => new Date(ms).toUTCString();

  before(async () => {
    await origin.start();
    edge = await startTestEdge({ origin: origin.url, now });
  });
  after(async () => {
    await edge.stop();
    await origin.stop();
  });

  test('RFC 9111 §4.2 a fresh response is served from cache: one origin fetch, Age and Cache-Status hit', async () => {
    origin.route('/fresh', fixed(200, { 'cache-control': 'max-age=100', date: httpDate(clock), 'content-type': 'text/plain' }, 'hello'));
    const first = await httpRequest(`${edge.url}/fresh`);
    assert.equal(first.status, 200);
    assert.equal(first.text, 'hello');
    assert.equal(cacheStatus(first).fwd, 'uri-miss');
    assert.equal(cacheStatus(first).stored, true);
    clock += 10_000;
    const second = await httpRequest(`${edge.url}/fresh`);
    assert.equal(second.text, 'hello');
    assert.equal(cacheStatus(second).hit, true);
    assert.equal(second.headers.age, '10');
    assert.equal(cacheStatus(second).ttl, '90');
    assert.equal(origin.count('/fresh'), 1);
  });

  test('RFC 9111 §4.2.3 / §5.1 the Age sent grows from the origin\'s Age; RFC 9211 §2 upstream Cache-Status members are kept first', async () => {
    origin.route('/aged', fixed(200, { 'cache-control': 'max-age=600', age: '30', date: httpDate(clock), 'cache-status': 'OriginShield; hit' }, 'a'));
    const first = await httpRequest(`${edge.url}/aged`);
    assert.match(String(first.headers['cache-status']), /^OriginShield; hit, Candela; fwd=uri-miss/);
    clock += 10_000;
    const hit = await httpRequest(`${edge.url}/aged`);
    assert.equal(hit.headers.age, '40');
    assert.match(String(hit.headers['cache-status']), /^OriginShield; hit, Candela; hit; ttl=560$/);
  });

  test('RFC 9111 §4.2 a stale response is fetched again', async () => {
    origin.route('/short', fixed(200, { 'cache-control': 'max-age=5' }, 'v'));
    await httpRequest(`${edge.url}/short`);
    clock += 6_000;
    const again = await httpRequest(`${edge.url}/short`);
    assert.equal(again.status, 200);
    assert.equal(origin.count('/short'), 2);
  });

  test('RFC 9111 §3 no-store and private responses are not stored', async () => {
    origin.route('/nostore', fixed(200, { 'cache-control': 'no-store' }, 'x'));
    origin.route('/private', fixed(200, { 'cache-control': 'private, max-age=100' }, 'x'));
    for (let i = 0; i < 2; i++) {
      await httpRequest(`${edge.url}/nostore`);
      await httpRequest(`${edge.url}/private`);
    }
    assert.equal(origin.count('/nostore'), 2);
    assert.equal(origin.count('/private'), 2);
  });

  test('RFC 9111 §3.5 a response to a request with Authorization is stored only when explicitly allowed', async () => {
    origin.route('/auth', fixed(200, { 'cache-control': 'max-age=100' }, 'secret'));
    origin.route('/auth-public', fixed(200, { 'cache-control': 'public, max-age=100' }, 'shared'));
    const auth = { authorization: 'Bearer abc' };
    await httpRequest(`${edge.url}/auth`, { headers: auth });
    await httpRequest(`${edge.url}/auth`, { headers: auth });
    assert.equal(origin.count('/auth'), 2);
    await httpRequest(`${edge.url}/auth-public`, { headers: auth });
    await httpRequest(`${edge.url}/auth-public`, { headers: auth });
    assert.equal(origin.count('/auth-public'), 1);
  });

  test('RFC 9111 §4.3.4 a 304 updates the stored header fields and the stored body is served', async () => {
    origin.route('/reval', (req, res, n) => {
      if (n > 1 && req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"', 'cache-control': 'max-age=50', 'x-version': 'updated' });
        res.end();
        return;
      }
      res.writeHead(200, { etag: '"v1"', 'cache-control': 'max-age=1', 'x-version': 'original' });
      res.end('body-v1');
    });
    await httpRequest(`${edge.url}/reval`);
    clock += 2_000;
    const revalidated = await httpRequest(`${edge.url}/reval`);
    assert.equal(revalidated.status, 200);
    assert.equal(revalidated.text, 'body-v1');
    assert.equal(revalidated.headers['x-version'], 'updated');
    assert.equal(cacheStatus(revalidated)['fwd-status'], '304');
    assert.equal(origin.hits.at(-1)?.headers['if-none-match'], '"v1"');
    clock += 10_000;
    const hit = await httpRequest(`${edge.url}/reval`);
    assert.equal(cacheStatus(hit).hit, true);
    assert.equal(hit.headers['x-version'], 'updated');
    assert.equal(origin.count('/reval'), 2);
  });

  test('RFC 9111 §4.3.4 a 304 naming another strong validator updates nothing; the client still gets 200', async () => {
    origin.route('/mismatch', (req, res, n) => {
      if (n > 1 && req.headers['if-none-match'] !== undefined) {
        res.writeHead(304, { etag: '"other"', 'cache-control': 'max-age=50', 'x-version': 'updated' });
        res.end();
        return;
      }
      res.writeHead(200, { etag: '"mine"', 'cache-control': 'max-age=1', 'x-version': 'original' });
      res.end('mine');
    });
    await httpRequest(`${edge.url}/mismatch`);
    clock += 2_000;
    const r = await httpRequest(`${edge.url}/mismatch`);
    assert.equal(r.status, 200);
    assert.equal(r.text, 'mine');
    assert.equal(r.headers.etag, '"mine"');
    assert.equal(r.headers['x-version'], 'original');
    assert.equal(cacheStatus(r).detail, 'validator-mismatch');
  });

  test('RFC 9111 §4.1 Vary keeps several variants of one URL and selects by request field', async () => {
    origin.route('/vary', (req, res) => {
      res.writeHead(200, { vary: 'Accept-Language', 'cache-control': 'max-age=100' });
      res.end(`lang=${req.headers['accept-language'] ?? 'none'}`);
    });
    const en = await httpRequest(`${edge.url}/vary`, { headers: { 'accept-language': 'en' } });
    const es = await httpRequest(`${edge.url}/vary`, { headers: { 'accept-language': 'es' } });
    assert.equal(en.text, 'lang=en');
    assert.equal(es.text, 'lang=es');
    assert.equal(cacheStatus(es).fwd, 'vary-miss');
    const en2 = await httpRequest(`${edge.url}/vary`, { headers: { 'accept-language': 'en' } });
    const es2 = await httpRequest(`${edge.url}/vary`, { headers: { 'accept-language': 'es' } });
    assert.equal(en2.text, 'lang=en');
    assert.equal(es2.text, 'lang=es');
    assert.equal(origin.count('/vary'), 2);
  });

  test('RFC 9111 §4.1 a response with Vary: * is never reused', async () => {
    origin.route('/varystar', fixed(200, { vary: '*', 'cache-control': 'max-age=100' }, 's'));
    await httpRequest(`${edge.url}/varystar`);
    await httpRequest(`${edge.url}/varystar`);
    assert.equal(origin.count('/varystar'), 2);
  });

  test('RFC 9110 §9.3.2 HEAD is answered from a stored GET response without a body', async () => {
    origin.route('/head', fixed(200, { 'cache-control': 'max-age=100', 'content-type': 'text/plain' }, 'twelve bytes'));
    await httpRequest(`${edge.url}/head`);
    const head = await httpRequest(`${edge.url}/head`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(head.headers['content-length'], '12');
    assert.equal(cacheStatus(head).hit, true);
    assert.equal(origin.count('/head'), 1);
  });

  test('RFC 9111 §4.3.5 a HEAD on a stale entry revalidates it and never drops the stored body', async () => {
    origin.route('/headstale', (req, res) => {
      const headers = { 'cache-control': 'max-age=1', etag: '"h"', date: httpDate(clock) };
      if (req.method === 'HEAD') {
        res.writeHead(200, headers);
        res.end();
        return;
      }
      res.writeHead(200, headers);
      res.end('head-stale-body');
    });
    await httpRequest(`${edge.url}/headstale`);
    clock += 5_000;
    const head = await httpRequest(`${edge.url}/headstale`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    const variants = await edge.edge.node.store.variants('default /headstale');
    assert.equal(variants.length, 1, 'the stored copy is still there');
    assert.equal(variants[0]?.bodyBytes, 'head-stale-body'.length);
  });

  test('RFC 9110 §14.2 Range is answered with 206 from the stored full response; If-Range with a different validator gets 200', async () => {
    origin.route('/range', fixed(200, { 'cache-control': 'max-age=100', etag: '"r1"' }, '0123456789'));
    await httpRequest(`${edge.url}/range`);
    const part = await httpRequest(`${edge.url}/range`, { headers: { range: 'bytes=2-5' } });
    assert.equal(part.status, 206);
    assert.equal(part.text, '2345');
    assert.equal(part.headers['content-range'], 'bytes 2-5/10');
    const suffix = await httpRequest(`${edge.url}/range`, { headers: { range: 'bytes=-3' } });
    assert.equal(suffix.text, '789');
    const unsatisfiable = await httpRequest(`${edge.url}/range`, { headers: { range: 'bytes=50-60' } });
    assert.equal(unsatisfiable.status, 416);
    assert.equal(unsatisfiable.headers['content-range'], 'bytes */10');
    const ifRangeOk = await httpRequest(`${edge.url}/range`, { headers: { range: 'bytes=0-0', 'if-range': '"r1"' } });
    assert.equal(ifRangeOk.status, 206);
    const ifRangeOld = await httpRequest(`${edge.url}/range`, { headers: { range: 'bytes=0-0', 'if-range': '"old"' } });
    assert.equal(ifRangeOld.status, 200);
    assert.equal(ifRangeOld.text, '0123456789');
    assert.equal(origin.count('/range'), 1);
  });

  test('RFC 9110 §13.2.2 a client conditional request is answered 304 from cache', async () => {
    const lm = httpDate(clock - 3_600_000);
    origin.route('/cond', fixed(200, { 'cache-control': 'max-age=100', etag: '"c1"', 'last-modified': lm }, 'cond'));
    await httpRequest(`${edge.url}/cond`);
    const inm = await httpRequest(`${edge.url}/cond`, { headers: { 'if-none-match': '"c1"' } });
    assert.equal(inm.status, 304);
    assert.equal(inm.body.length, 0);
    assert.equal(inm.headers.etag, '"c1"');
    const ims = await httpRequest(`${edge.url}/cond`, { headers: { 'if-modified-since': lm } });
    assert.equal(ims.status, 304);
    const changed = await httpRequest(`${edge.url}/cond`, { headers: { 'if-none-match': '"other"' } });
    assert.equal(changed.status, 200);
    assert.equal(origin.count('/cond'), 1);
  });

  test('RFC 9111 §4.4 a successful unsafe request invalidates the target URI and same-origin Location', async () => {
    origin.route('/doc', fixed(200, { 'cache-control': 'max-age=100' }, 'doc'));
    origin.route('/other', fixed(200, { 'cache-control': 'max-age=100' }, 'other'));
    origin.route('/post', (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(201, { location: '/other' });
        res.end('created');
      });
    });
    let putStatus = 500;
    origin.route('/doc', (req, res) => {
      if (req.method === 'PUT') {
        req.resume();
        res.writeHead(putStatus);
        res.end();
        return;
      }
      res.writeHead(200, { 'cache-control': 'max-age=100' });
      res.end('doc');
    });
    const gets = () => origin.hits.filter((h) => h.url === '/doc' && h.method === 'GET').length;
    await httpRequest(`${edge.url}/doc`);
    await httpRequest(`${edge.url}/other`);
    const failed = await httpRequest(`${edge.url}/doc`, { method: 'PUT', body: 'new', headers: { 'content-type': 'text/plain' } });
    assert.equal(failed.status, 500);
    await httpRequest(`${edge.url}/doc`);
    assert.equal(gets(), 1, 'an error response does not invalidate');
    putStatus = 204;
    const ok = await httpRequest(`${edge.url}/doc`, { method: 'PUT', body: 'new' });
    assert.equal(ok.status, 204);
    await httpRequest(`${edge.url}/doc`);
    assert.equal(gets(), 2);
    await httpRequest(`${edge.url}/post`, { method: 'POST', body: 'x' });
    await httpRequest(`${edge.url}/other`);
    assert.equal(origin.count('/other'), 2);
  });

  test('a POST body reaches the origin intact and the response is passed through', async () => {
    let received = '';
    origin.route('/echo', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received = Buffer.concat(chunks).toString();
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`got ${received.length}`);
      });
    });
    const body = 'a'.repeat(100_000);
    const r = await httpRequest(`${edge.url}/echo`, { method: 'POST', body });
    assert.equal(r.text, 'got 100000');
    assert.equal(received, body);
    assert.equal(cacheStatus(r).fwd, 'method');
  });

  test('RFC 9213 §2.1 CDN-Cache-Control takes precedence over Cache-Control and is not sent to clients', async () => {
    origin.route('/targeted', fixed(200, { 'cache-control': 'no-store', 'cdn-cache-control': 'max-age=100', 'surrogate-key': 'a b' }, 't'));
    const first = await httpRequest(`${edge.url}/targeted`);
    assert.equal(first.headers['cdn-cache-control'], undefined);
    assert.equal(first.headers['surrogate-key'], undefined);
    assert.equal(first.headers['cache-control'], 'no-store');
    await httpRequest(`${edge.url}/targeted`);
    assert.equal(origin.count('/targeted'), 1);
  });

  test('RFC 9111 §4.2.2 heuristic freshness from Last-Modified for a heuristically cacheable status', async () => {
    origin.route('/heuristic', fixed(200, { 'last-modified': httpDate(clock - 100 * 3_600_000), date: httpDate(clock) }, 'h'));
    await httpRequest(`${edge.url}/heuristic`);
    clock += 60_000;
    const again = await httpRequest(`${edge.url}/heuristic`);
    assert.equal(cacheStatus(again).hit, true);
    assert.equal(origin.count('/heuristic'), 1);
  });

  test('a response without freshness or validators is not stored (no default lifetime in single-origin mode)', async () => {
    origin.route('/plain', fixed(200, { 'content-type': 'text/plain' }, 'p'));
    await httpRequest(`${edge.url}/plain`);
    await httpRequest(`${edge.url}/plain`);
    assert.equal(origin.count('/plain'), 2);
  });
});
