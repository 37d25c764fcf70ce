// Integration: clients' request Cache-Control (RFC 9111 §5.2.1) — ignored by default (a CDN must not
// let clients drive origin traffic), honoured when the operator turns it on.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestOrigin } from '../test-support/test-origin.js';
import type { Responder } from '../test-support/test-origin.js';
import { startTestEdge } from '../test-support/test-edge.js';
import { cacheStatus, httpRequest } from '../test-support/http-client.js';

const validating: Responder = (req, res) => {
  const headers = { 'cache-control': 'max-age=600', etag: '"v"' };
  res.writeHead(req.headers['if-none-match'] === '"v"' ? 304 : 200, headers);
  res.end(req.headers['if-none-match'] === '"v"' ? undefined : 'body');
};

describe('request Cache-Control', () => {
  test('by default a client no-cache does not bypass a fresh stored response', async () => {
    const origin = await new TestOrigin().start();
    origin.route('/r', validating);
    const edge = await startTestEdge({ origin: origin.url });
    try {
      await httpRequest(`${edge.url}/r`);
      const r = await httpRequest(`${edge.url}/r`, { headers: { 'cache-control': 'no-cache' } });
      assert.equal(cacheStatus(r).hit, true);
      assert.equal(origin.count('/r'), 1);
    } finally {
      await edge.stop();
      await origin.stop();
    }
  });

  test('RFC 9111 §5.2.1.4 / §5.4 honoured: no-cache and Pragma: no-cache revalidate, Cache-Status fwd=request', async () => {
    const origin = await new TestOrigin().start();
    origin.route('/r', validating);
    const edge = await startTestEdge({ origin: origin.url, honourRequestCacheControl: true });
    try {
      await httpRequest(`${edge.url}/r`);
      const r = await httpRequest(`${edge.url}/r`, { headers: { 'cache-control': 'no-cache' } });
      assert.equal(r.status, 200);
      assert.equal(r.text, 'body');
      assert.equal(cacheStatus(r).fwd, 'request');
      assert.equal(cacheStatus(r)['fwd-status'], '304');
      assert.equal(origin.hits.at(-1)?.headers['if-none-match'], '"v"');
      const p = await httpRequest(`${edge.url}/r`, { headers: { pragma: 'no-cache' } });
      assert.equal(cacheStatus(p).fwd, 'request');
      const plain = await httpRequest(`${edge.url}/r`);
      assert.equal(cacheStatus(plain).hit, true);
      assert.equal(origin.count('/r'), 3);
    } finally {
      await edge.stop();
      await origin.stop();
    }
  });
});
