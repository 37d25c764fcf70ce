// Integration: request coalescing, stale-while-revalidate, stale-if-error and origin failures.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { TestOrigin, fixed } from '../test-support/test-origin.js';
import { startTestEdge } from '../test-support/test-edge.js';
import type { TestEdge } from '../test-support/test-edge.js';
import { cacheStatus, httpRequest } from '../test-support/http-client.js';

describe('coalescing and stale serving', () => {
  const origin = new TestOrigin();
  let edge: TestEdge;
  let clock = Date.now();
  const now = () => clock;

  before(async () => {
    await origin.start();
    edge = await startTestEdge({ origin: origin.url, now });
  });
  after(async () => {
    await edge.stop();
    await origin.stop();
  });

  test('100 concurrent misses for one key make exactly one origin fetch', async () => {
    origin.route('/cold', async (_req, res) => {
      await sleep(200);
      res.writeHead(200, { 'cache-control': 'max-age=100' });
      res.end('cold body');
    });
    const responses = await Promise.all(Array.from({ length: 100 }, () => httpRequest(`${edge.url}/cold`)));
    assert.ok(responses.every((r) => r.status === 200 && r.text === 'cold body'));
    assert.equal(origin.count('/cold'), 1);
    assert.ok(responses.filter((r) => cacheStatus(r).collapsed === true).length >= 90);
  });

  test('uncacheable responses do not serialise later requests for the same key', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    origin.route('/uncacheable', async (_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(150);
      inFlight--;
      res.writeHead(200, { 'cache-control': 'no-store' });
      res.end('u');
    });
    await httpRequest(`${edge.url}/uncacheable`);
    await Promise.all(Array.from({ length: 8 }, () => httpRequest(`${edge.url}/uncacheable`)));
    assert.equal(origin.count('/uncacheable'), 9);
    assert.ok(maxInFlight >= 4, `expected parallel origin requests, saw at most ${maxInFlight}`);
  });

  test('RFC 5861 §3 stale-while-revalidate serves the stale copy and refreshes it once in the background', async () => {
    let version = 1;
    origin.route('/swr', (_req, res) => {
      // Date from the test clock: with the real one, the jump of the test clock would age the refresh.
      res.writeHead(200, { 'cache-control': 'max-age=1, stale-while-revalidate=60', date: new Date(clock).toUTCString() });
      res.end(`v${version++}`);
    });
    await httpRequest(`${edge.url}/swr`);
    await sleep(50); // the fill's disk write completes after the client has its response
    clock += 5_000;
    const stale = await Promise.all(Array.from({ length: 5 }, () => httpRequest(`${edge.url}/swr`)));
    // The first is served stale; later ones may already get the refreshed copy (the origin is local).
    assert.equal(stale[0]?.text, 'v1');
    assert.equal(cacheStatus(stale[0]).detail, 'stale-while-revalidate');
    assert.ok(
      stale.every((r) => r.text === 'v1' || r.text === 'v2'),
      stale.map((r) => `${r.text} ${String(r.headers['cache-status'])}`).join(' / '),
    );
    await sleep(100);
    assert.equal(origin.count('/swr'), 2);
    const fresh = await httpRequest(`${edge.url}/swr`);
    assert.equal(fresh.text, 'v2');
    assert.equal(cacheStatus(fresh).hit, true);
  });

  test('RFC 5861 §4 stale-if-error serves the stale copy when the origin answers 5xx', async () => {
    let fail = false;
    origin.route('/sie', (_req, res) => {
      if (fail) {
        res.writeHead(503);
        res.end('down');
        return;
      }
      res.writeHead(200, { 'cache-control': 'max-age=1, stale-if-error=600', etag: '"s"' });
      res.end('good');
    });
    await httpRequest(`${edge.url}/sie`);
    fail = true;
    clock += 5_000;
    const r = await httpRequest(`${edge.url}/sie`);
    assert.equal(r.status, 200);
    assert.equal(r.text, 'good');
    assert.equal(cacheStatus(r)['fwd-status'], '503');
  });

  test('without stale-if-error a 5xx from the origin is passed on', async () => {
    let fail = false;
    origin.route('/nosie', (_req, res) => {
      res.writeHead(fail ? 500 : 200, { 'cache-control': 'max-age=1', etag: '"n"' });
      res.end(fail ? 'err' : 'ok');
    });
    await httpRequest(`${edge.url}/nosie`);
    fail = true;
    clock += 5_000;
    const r = await httpRequest(`${edge.url}/nosie`);
    assert.equal(r.status, 500);
  });
});

describe('origin failures', () => {
  test('RFC 9111 §4.2.4 a disconnected edge serves stale when the operator allows it, unless must-revalidate forbids it (then 502 with an error page)', async () => {
    const origin = new TestOrigin();
    await origin.start();
    let clock = Date.now();
    const edge = await startTestEdge({ origin: origin.url, now: () => clock, staleIfDisconnectedS: 3600 });
    try {
      origin.route('/a', fixed(200, { 'cache-control': 'max-age=1, stale-if-error=600' }, 'kept'));
      origin.route('/b', fixed(200, { 'cache-control': 'max-age=1, must-revalidate' }, 'gone'));
      origin.route('/d', fixed(200, { 'cache-control': 'max-age=1' }, 'disconnected stale'));
      await httpRequest(`${edge.url}/a`);
      await httpRequest(`${edge.url}/b`);
      await httpRequest(`${edge.url}/d`);
      await origin.stop();
      clock += 5_000;
      const a = await httpRequest(`${edge.url}/a`);
      assert.equal(a.status, 200);
      assert.equal(a.text, 'kept');
      const d = await httpRequest(`${edge.url}/d`);
      assert.equal(d.text, 'disconnected stale');
      assert.equal(cacheStatus(d).detail, 'origin-unreachable');
      const b = await httpRequest(`${edge.url}/b`);
      assert.equal(b.status, 502);
      assert.match(b.text, /origin/i);
      assert.match(b.text, /origen/i);
      const c = await httpRequest(`${edge.url}/never-seen`);
      assert.equal(c.status, 502);
    } finally {
      await edge.stop();
    }
  });

  test('RFC 9111 §4.2.4 by default a disconnected edge serves stale only with stale-if-error', async () => {
    const origin = new TestOrigin();
    await origin.start();
    let clock = Date.now();
    const edge = await startTestEdge({ origin: origin.url, now: () => clock });
    try {
      origin.route('/plain', fixed(200, { 'cache-control': 'max-age=1' }, 'p'));
      await httpRequest(`${edge.url}/plain`);
      await origin.stop();
      clock += 5_000;
      const r = await httpRequest(`${edge.url}/plain`);
      assert.equal(r.status, 502);
    } finally {
      await edge.stop();
    }
  });

  test('an origin that does not answer in time gets 504, and the edge keeps serving', async () => {
    const origin = new TestOrigin();
    await origin.start();
    origin.route('/slow', async (_req, res) => {
      await sleep(1_500);
      res.end('late');
    });
    origin.route('/ok', fixed(200, {}, 'ok'));
    const edge = await startTestEdge({
      doc: {
        properties: [
          { id: 'p', aliases: ['*'], origin: { host: '127.0.0.1', port: origin.port, responseTimeoutMs: 300 } },
        ],
      },
    });
    try {
      const slow = await httpRequest(`${edge.url}/slow`);
      assert.equal(slow.status, 504);
      const ok = await httpRequest(`${edge.url}/ok`);
      assert.equal(ok.status, 200);
    } finally {
      await edge.stop();
      await origin.stop();
    }
  });
});
