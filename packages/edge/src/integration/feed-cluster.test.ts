// Integration: feed mode in cluster mode (issue 4) — the real `candela edge --workers 2 --control-plane`
// process. The primary follows the feed and hands each snapshot to every worker; it acks only once all
// of them serve it, so right after the ack every worker answers with the new version. A replacement
// worker starts with the snapshot in force.
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

  before(async () => {
    await origin.start();
    origin.route('*', fixed(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' }, 'hello'));
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
});
