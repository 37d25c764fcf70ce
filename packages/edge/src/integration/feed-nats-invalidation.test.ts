// Integration (issue 5): content invalidations over the scale-out transport, NATS JetStream, against the
// real server named by CANDELA_TEST_NATS_URL (CI: nats://127.0.0.1:4222), reached through a TCP relay the
// test can close (test-support/tcp-proxy.ts). Registered only when the variable is set; then an
// unreachable server fails the tests, never skips them. Over NATS "caught up" is the consumer having
// nothing pending: an edge restarted while NATS is out of reach revalidates its hits until it reaches it
// and has handled what it missed; a lost connection holds hits back until it is back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { InvalidationRequest } from '@candela/contract';
import { consumerName } from '../feed/nats-feed.js';
import { TestOrigin } from '../test-support/test-origin.js';
import type { Responder } from '../test-support/test-origin.js';
import { startTestEdge } from '../test-support/test-edge.js';
import type { TestEdge } from '../test-support/test-edge.js';
import { cacheStatus, httpRequest } from '../test-support/http-client.js';
import { TestControlPlane, TEST_ENROLMENT_TOKEN } from '../test-support/test-control-plane.js';
import type { RecordedAck } from '../test-support/test-control-plane.js';
import { TcpProxy } from '../test-support/tcp-proxy.js';
import { waitUntil } from '../test-support/edge-process.js';

const natsUrl = process.env.CANDELA_TEST_NATS_URL;
const HOST = 'www.example.com';

if (natsUrl !== undefined) {
  describe('feed mode over NATS JetStream: content invalidation (issue 5)', { timeout: 120_000 }, () => {
    const run = randomBytes(4).toString('hex');
    const stream = `candela_test_inv_${run}`;
    const subject = `candela_test_inv_${run}.feed`;
    const origin = new TestOrigin();
    const answers: { path: string; conditional: boolean; status: number }[] = [];
    let proxy: TcpProxy;
    let nc: NatsConnection;
    let js: JetStreamClient;
    let jsm: JetStreamManager;
    let cp: TestControlPlane;
    let edge: TestEdge | undefined;
    let dataDir: string;
    let seq = 0;

    const validating: Responder = (req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const status = req.headers['if-none-match'] === '"v1"' ? 304 : 200;
      answers.push({ path, conditional: req.headers['if-none-match'] !== undefined, status });
      res.writeHead(status, { 'cache-control': 'max-age=3600', etag: '"v1"', 'content-type': 'text/plain' });
      res.end(status === 304 ? undefined : `content of ${path}`);
    };
    const originAnswers = (path: string) => answers.filter((a) => a.path === path).map((a) => [a.conditional, a.status]);

    const publish = async (event: Record<string, unknown>): Promise<number> => {
      seq += 1;
      await js.publish(`${subject}.${String(event.kind)}`, JSON.stringify({ seq, at: Date.now(), ...event }));
      return seq;
    };
    const publishSnapshot = () =>
      publish({ kind: 'snapshot', snapshot: { version: seq + 1, properties: [{ id: HOST, aliases: [HOST], origin: { host: '127.0.0.1', port: origin.port } }] } });
    const publishInvalidation = (requests: InvalidationRequest[], itemCount: number) =>
      publish({ kind: 'invalidation', invalidation: { id: `inv-${seq + 1}`, requests, itemCount } });
    const path = (patterns: string[], mode: 'soft' | 'hard'): InvalidationRequest => ({ type: 'path', property: HOST, patterns, ignoreCase: false, mode });

    const startEdge = async () => {
      edge = await startTestEdge({
        dataDir,
        controlPlane: { url: cp.url, enrolmentToken: TEST_ENROLMENT_TOKEN },
        feedTiming: { heartbeatMs: 200, backoffInitialMs: 50, backoffMaxMs: 400 },
      });
    };
    const get = (p: string) => httpRequest(`${edge!.url}${p}`, { headers: { host: HOST } });
    const warm = async (paths: string[]) => {
      for (const p of paths) {
        assert.equal((await get(p)).status, 200);
        assert.equal(cacheStatus(await get(p)).hit, true, `${p} is a hit once stored`);
      }
    };
    /** The invalidation's ack with its counts (after its "in force" one), or its refusal. */
    const ackOf = async (s: number): Promise<RecordedAck> => {
      await waitUntil(`the counts of ${s}`, () => cp.countedAckFor(s) !== undefined, 15_000);
      return cp.countedAckFor(s)!;
    };
    const caughtUp = async () => (JSON.parse((await httpRequest(`${edge!.adminUrl}/healthz`)).text) as { feed: { caughtUp: boolean } }).feed.caughtUp;

    before(async () => {
      // No catch: with CANDELA_TEST_NATS_URL set, an unreachable server is a failure.
      nc = await connect({ servers: natsUrl, timeout: 5_000 });
      jsm = await jetstreamManager(nc);
      js = jetstream(nc);
      await jsm.streams.add({ name: stream, subjects: [`${subject}.>`] });
      const target = new URL(natsUrl.replace(/^nats:/, 'http:'));
      proxy = await new TcpProxy(target.hostname, Number(target.port || 4222)).start();
      await origin.start();
      origin.route('*', validating);
      cp = await new TestControlPlane({ transport: { transport: 'nats', url: `nats://127.0.0.1:${proxy.port}`, stream, subject } }).start();
      dataDir = await mkdtemp(join(tmpdir(), 'candela-feed-nats-inv-'));
      await publishSnapshot();
      await startEdge();
      await waitUntil('the snapshot acked', () => cp.acksFor(seq).length > 0, 15_000);
      await waitUntil('caught up (nothing pending)', caughtUp, 10_000);
    });
    after(async () => {
      await edge?.stop();
      await cp?.stop();
      await proxy?.stop();
      await origin.stop();
      await jsm?.streams.delete(stream).catch(() => undefined);
      await nc?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    test('an invalidation is applied, acked with its counts and the JetStream message; Normal costs a 304, Force a full fetch', async () => {
      await warm(['/n/a.jpg', '/n/b.jpg', '/f/a.jpg']);
      const normal = await publishInvalidation([path(['/n/*', '/n/a.*'], 'soft')], 2);
      const force = await publishInvalidation([path(['/f/*'], 'hard')], 1);
      const [a1, a2] = [await ackOf(normal), await ackOf(force)];
      assert.deepEqual([a1.ok, a1.matched, a1.matchedByItem], [true, 2, [2, 1]]);
      assert.deepEqual([a2.ok, a2.matched, a2.matchedByItem], [true, 1, [1]]);
      await get('/n/a.jpg');
      await get('/f/a.jpg');
      assert.deepEqual(originAnswers('/n/a.jpg'), [[false, 200], [true, 304]]);
      assert.deepEqual(originAnswers('/f/a.jpg'), [[false, 200], [false, 200]]);
      const info = await jsm.consumers.info(stream, consumerName(cp.enrolments[0]!.edgeId));
      assert.equal(info.config.max_ack_pending, 1, 'one event at a time, in seq order');
      await waitUntil('the JetStream acks', async () => {
        const i = await jsm.consumers.info(stream, consumerName(cp.enrolments[0]!.edgeId));
        return i.num_ack_pending === 0 && i.num_pending === 0;
      });
    });

    test('an edge restarted while NATS is out of reach revalidates its hits until it has caught up, then applies both invalidations it missed', async () => {
      await warm(['/m/soft.jpg', '/m/hard.jpg', '/m/other.jpg', '/m/later.jpg']);
      await edge!.stop({ keepData: true });
      edge = undefined;
      const first = await publishInvalidation([path(['/m/soft.jpg'], 'soft')], 1);
      const second = await publishInvalidation([path(['/m/hard.jpg'], 'hard')], 1);
      proxy.open = false;
      await startEdge();
      assert.equal(await caughtUp(), false);
      const held = await get('/m/other.jpg');
      assert.equal(cacheStatus(held).detail, 'feed-catching-up');
      assert.deepEqual(originAnswers('/m/other.jpg').at(-1), [true, 304]);
      assert.equal(cp.acksFor(first).length, 0);

      const softBefore = originAnswers('/m/soft.jpg').length;
      const hardBefore = originAnswers('/m/hard.jpg').length;
      proxy.open = true;
      const [a1, a2] = [await ackOf(first), await ackOf(second)];
      assert.deepEqual([a1.ok, a1.matched, a2.ok, a2.matched], [true, 1, true, 1]);
      await waitUntil('caught up', caughtUp, 10_000);
      assert.ok(
        edge!.log.findIndex((l) => l.includes('serving cache hits again')) > edge!.log.findIndex((l) => l.includes(`(event ${second}) applied`)),
        `caught up only after both missed invalidations:\n${edge!.log.join('\n')}`,
      );
      assert.equal(cacheStatus(await get('/m/later.jpg')).hit, true);
      await get('/m/soft.jpg');
      await get('/m/hard.jpg');
      assert.deepEqual(originAnswers('/m/soft.jpg').slice(softBefore), [[true, 304]]);
      assert.deepEqual(originAnswers('/m/hard.jpg').slice(hardBefore), [[false, 200]]);
    });

    test('a lost NATS connection holds hits back until the consumer is reached again with nothing pending', async () => {
      await warm(['/d/a.jpg', '/d/b.jpg']);
      proxy.open = false;
      proxy.cut();
      await waitUntil('the hold', async () => !(await caughtUp()), 10_000);
      assert.equal(cacheStatus(await get('/d/a.jpg')).detail, 'feed-catching-up');
      proxy.open = true;
      await waitUntil('caught up again', caughtUp, 15_000);
      assert.equal(cacheStatus(await get('/d/b.jpg')).hit, true);
      assert.deepEqual(originAnswers('/d/b.jpg'), [[false, 200]]);
    });

    test('an edge whose consumer is gone (expired) cannot learn what it missed: it marks every stored object for revalidation', async () => {
      await warm(['/g/a.jpg']);
      await edge!.stop({ keepData: true });
      edge = undefined;
      await jsm.consumers.delete(stream, consumerName(cp.enrolments[0]!.edgeId));
      const missed = await publishInvalidation([path(['/g/other.jpg'], 'soft')], 1);
      const newest = await publishInvalidation([path(['/g/other.jpg'], 'soft')], 1);
      await startEdge();
      await ackOf(newest);
      assert.equal(cp.acksFor(missed).length, 0, 'a new consumer starts from the newest invalidation');
      assert.ok(edge!.log.some((l) => /cannot replay what this edge missed; \d+ stored objects marked/.test(l)), edge!.log.join('\n'));
      await waitUntil('caught up', caughtUp, 10_000);
      const r = await get('/g/a.jpg');
      assert.equal(cacheStatus(r)['fwd-status'], '304');
      assert.deepEqual(originAnswers('/g/a.jpg'), [[false, 200], [true, 304]]);
    });
  });
}
