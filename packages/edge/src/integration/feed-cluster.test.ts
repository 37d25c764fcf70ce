// Integration: feed mode in cluster mode (issue 4) — the real `candela edge --workers 2 --control-plane`
// process. The primary follows the feed and hands each snapshot to every worker; it acks only once all
// of them serve it, so right after the ack every worker answers with the new version. A replacement
// worker starts with the snapshot in force. Content invalidations (issue 5) reach the disk tier and every
// worker's memory, count each object once, and are acked once all are done; after a feed disconnect
// every worker holds cache hits back until the feed has caught up.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EdgeConfigInput } from '@candela/contract';
import { TestOrigin, fixed } from '../test-support/test-origin.js';
import { rawGet } from '../test-support/raw-http.js';
import { startEdgeProcess, waitUntil } from '../test-support/edge-process.js';
import type { EdgeProcess } from '../test-support/edge-process.js';
import { TestControlPlane, TEST_ENROLMENT_TOKEN } from '../test-support/test-control-plane.js';

function snapshot(originPort: number, label: string): EdgeConfigInput {
  return {
    properties: [
      {
        id: 'www.example.com',
        aliases: ['www.example.com'],
        origin: { host: '127.0.0.1', port: originPort },
        defaults: { responseHeaders: { set: { 'x-version': label }, remove: [] } },
      },
    ],
  };
}

describe('feed mode with two workers', () => {
  const origin = new TestOrigin();
  let cp: TestControlPlane;
  let edge: EdgeProcess;

  /** The x-version every worker answers with, over connections that reached both workers. */
  const versionsAcrossWorkers = async (): Promise<Set<string>> => {
    const { sockets, perWorker } = await edge.connectAcrossWorkers(8);
    assert.ok(perWorker.every((n) => n > 0), `both workers must get connections, got ${perWorker.join('/')}`);
    const responses = await Promise.all(sockets.map((s) => rawGet(s, '/', { host: 'www.example.com' })));
    return new Set(responses.map((r) => (r.status === 200 ? r.headers['x-version']! : String(r.status))));
  };
  const acked = (seq: number) => waitUntil(`the ack of ${seq}`, () => cp.acksFor(seq).length > 0, 15_000);
  /** One GET through each worker (a fresh connection each, one per worker). */
  const throughEachWorker = async (path: string) => {
    const { sockets } = await edge.connectAcrossWorkers(2);
    return Promise.all(sockets.map((s) => rawGet(s, path, { host: 'www.example.com' })));
  };
  const answers: { path: string; conditional: boolean; status: number }[] = [];
  const feedStatus = async () => (JSON.parse((await edge.admin('GET', '/healthz')).text) as { feed: { caughtUp: boolean } }).feed;

  before(async () => {
    await origin.start();
    origin.route('*', fixed(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' }, 'hello'));
    origin.route('/inv/a.jpg', (req, res) => {
      const status = req.headers['if-none-match'] === '"v1"' ? 304 : 200;
      answers.push({ path: '/inv/a.jpg', conditional: req.headers['if-none-match'] !== undefined, status });
      res.writeHead(status, { 'cache-control': 'max-age=3600', etag: '"v1"' });
      res.end(status === 304 ? undefined : 'content');
    });
    cp = await new TestControlPlane().start();
    edge = await startEdgeProcess({
      env: process.env,
      workers: 2,
      controlPlane: cp.url,
      extraEnv: { CANDELA_EDGE_ENROLMENT_TOKEN: TEST_ENROLMENT_TOKEN },
    });
    await waitUntil('the feed connection', () => cp.openStreams === 1, 15_000);
  });
  after(async () => {
    await edge?.dispose();
    await cp.stop();
    await origin.stop();
  });

  test('before the first snapshot every worker answers unknown host', async () => {
    assert.deepEqual(await versionsAcrossWorkers(), new Set(['404']));
  });

  test('once a snapshot is acked, every worker serves it', async () => {
    await acked(cp.publishSnapshot(snapshot(origin.port, 'one')));
    assert.deepEqual(await versionsAcrossWorkers(), new Set(['one']));
    await acked(cp.publishSnapshot(snapshot(origin.port, 'two')));
    assert.deepEqual(await versionsAcrossWorkers(), new Set(['two']));
  });

  test('a refused snapshot changes nothing on any worker', async () => {
    const bad = cp.publishSnapshot({ properties: [{ id: 'x', aliases: ['Bad Host'], origin: { host: 'o' } }] });
    await acked(bad);
    assert.equal(cp.acksFor(bad)[0]!.ok, false);
    assert.deepEqual(await versionsAcrossWorkers(), new Set(['two']));
    const health = JSON.parse((await edge.admin('GET', '/healthz')).text) as { feed: { appliedSeq: number; cursor: number; transport: string } };
    assert.equal(health.feed.transport, 'http');
    assert.equal(health.feed.appliedSeq, bad - 1, 'the snapshot in force is the one before');
    assert.equal(health.feed.cursor, bad, 'the refused event was handled');
  });

  test('a worker that replaces a killed one starts with the snapshot in force', async () => {
    const [victim] = await edge.workerPids();
    process.kill(victim!, 'SIGKILL');
    await waitUntil('a replacement worker', async () => {
      const pids = await edge.workerPids();
      return pids.length === 2 && !pids.includes(victim!);
    }, 15_000);
    await edge.waitForWorkers(2);
    assert.deepEqual(await versionsAcrossWorkers(), new Set(['two']));
  });

  test('issue 5: an invalidation reaches the disk tier and every worker’s memory, counted once, acked once all are done', async () => {
    await throughEachWorker('/inv/a.jpg');
    const warm = await throughEachWorker('/inv/a.jpg');
    assert.deepEqual(warm.map((r) => /; hit/.test(r.headers['cache-status'] ?? '')), [true, true], 'a copy in each worker’s memory');
    const seq = cp.publishInvalidation([{ type: 'path', property: 'www.example.com', patterns: ['/inv/*'], ignoreCase: false, mode: 'soft' }]);
    await waitUntil(`the counts of ${seq}`, () => cp.countedAckFor(seq) !== undefined, 15_000);
    // A cluster applies it everywhere before calling it in force, so the two acks follow each other.
    assert.deepEqual(cp.acksFor(seq).map((a) => [a.ok, a.matched, a.matchedByItem]), [[true, undefined, undefined], [true, 1, [1]]], 'in force, then disk + two memories: one object');
    const from = answers.length;
    const after = await throughEachWorker('/inv/a.jpg');
    assert.deepEqual(after.map((r) => r.status), [200, 200]);
    const asked = answers.slice(from);
    assert.ok(asked.length >= 1 && asked.every((a) => a.conditional && a.status === 304), JSON.stringify(asked));
  });

  test('issue 5: after a feed disconnect every worker holds cache hits back until the feed has caught up', async () => {
    await throughEachWorker('/hold/b');
    assert.ok((await throughEachWorker('/hold/b')).every((r) => /; hit/.test(r.headers['cache-status'] ?? '')));
    cp.holdCaughtUp = true;
    try {
      const connections = cp.feedRequests.length;
      cp.dropStreams();
      await waitUntil('the reconnection', () => cp.feedRequests.length > connections && cp.openStreams === 1, 15_000);
      assert.equal((await feedStatus()).caughtUp, false);
      const held = await throughEachWorker('/inv/a.jpg');
      assert.deepEqual(held.map((r) => r.status), [200, 200]);
      assert.ok(held.some((r) => /detail=feed-catching-up/.test(r.headers['cache-status'] ?? '')), held.map((r) => r.headers['cache-status']).join(' | '));
      cp.announceCaughtUp();
      await waitUntil('caught up', async () => (await feedStatus()).caughtUp, 15_000);
      // The primary tells the workers right away; a request may still reach one a moment before it heard.
      await waitUntil('hits on every worker', async () => (await throughEachWorker('/hold/b')).every((r) => /; hit/.test(r.headers['cache-status'] ?? '')), 5_000);
    } finally {
      cp.holdCaughtUp = false;
    }
  });
});
