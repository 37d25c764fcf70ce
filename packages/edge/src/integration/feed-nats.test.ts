// Integration: feed mode over the scale-out transport (issue 4), NATS JetStream, against the real
// server named by CANDELA_TEST_NATS_URL (CI: nats://127.0.0.1:4222). Registered only when the variable
// is set; then an unreachable server fails the tests, never skips them. Each run publishes to a stream
// of its own and deletes it afterwards. Enrolment, acks and heartbeats still go to a control plane
// over HTTP (test-support/test-control-plane.ts), which names the NATS transport at enrolment.
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
import type { EdgeConfigInput } from '@candela/contract';
import { consumerName } from '../feed/nats-feed.js';
import { TestOrigin, fixed } from '../test-support/test-origin.js';
import { startTestEdge } from '../test-support/test-edge.js';
import type { TestEdge } from '../test-support/test-edge.js';
import { httpRequest } from '../test-support/http-client.js';
import { TestControlPlane, TEST_ENROLMENT_TOKEN } from '../test-support/test-control-plane.js';
import { waitUntil } from '../test-support/edge-process.js';

const natsUrl = process.env.CANDELA_TEST_NATS_URL;

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

if (natsUrl !== undefined) {
  describe('feed mode, NATS JetStream transport', () => {
    const run = randomBytes(4).toString('hex');
    const stream = `candela_test_feed_${run}`;
    const subject = `candela_test_${run}.feed`;
    const origin = new TestOrigin();
    let nc: NatsConnection;
    let js: JetStreamClient;
    let jsm: JetStreamManager;
    let cp: TestControlPlane;
    let edge: TestEdge | undefined;
    let dataDir: string;

    const publish = async (seq: number, label: string) => {
      const snap = label === 'invalid' ? { properties: [{ id: 'x', aliases: ['Bad Host'], origin: { host: 'o' } }] } : snapshot(origin.port, label);
      await js.publish(`${subject}.snapshot`, JSON.stringify({ seq, at: Date.now(), kind: 'snapshot', snapshot: { ...snap, version: seq } }));
    };
    const version = async () => {
      const r = await httpRequest(`${edge!.url}/`, { headers: { host: 'www.example.com' } });
      return r.status === 200 ? String(r.headers['x-version']) : r.status;
    };
    const startEdge = async () => {
      edge = await startTestEdge({
        dataDir,
        controlPlane: { url: cp.url, enrolmentToken: TEST_ENROLMENT_TOKEN },
        feedTiming: { heartbeatMs: 200, backoffInitialMs: 50, backoffMaxMs: 400 },
      });
    };

    before(async () => {
      // No catch: with CANDELA_TEST_NATS_URL set, an unreachable server is a failure.
      nc = await connect({ servers: natsUrl, timeout: 5_000 });
      jsm = await jetstreamManager(nc);
      js = jetstream(nc);
      await jsm.streams.add({ name: stream, subjects: [`${subject}.>`] });
      await origin.start();
      origin.route('*', fixed(200, { 'content-type': 'text/plain' }, 'hello'));
      cp = await new TestControlPlane({ transport: { transport: 'nats', url: natsUrl, stream, subject } }).start();
      dataDir = await mkdtemp(join(tmpdir(), 'candela-feed-nats-'));
    });
    after(async () => {
      await edge?.stop();
      await cp?.stop();
      await origin.stop();
      await jsm?.streams.delete(stream).catch(() => undefined);
      await nc?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    test('a new edge gets a durable consumer that starts from the newest snapshot (LastPerSubject)', async () => {
      await publish(1, 'one');
      await publish(2, 'two');
      await startEdge();
      await waitUntil('the newest snapshot', async () => (await version()) === 'two', 10_000);
      await waitUntil('the ack', () => cp.acksFor(2).length === 1);
      assert.deepEqual(cp.acks.map((a) => [a.seq, a.ok]), [[2, true]], 'the older snapshot was never delivered');
      const info = await jsm.consumers.info(stream, consumerName(cp.enrolments[0]!.edgeId));
      assert.equal(info.config.filter_subject, `${subject}.>`);
      assert.equal(info.config.deliver_policy, 'last_per_subject');
      assert.equal(info.config.ack_policy, 'explicit');
      const health = JSON.parse((await httpRequest(`${edge!.adminUrl}/healthz`)).text) as { feed: { transport: string; appliedSeq: number } };
      assert.deepEqual([health.feed.transport, health.feed.appliedSeq], ['nats', 2]);
    });

    test('applies, refuses with problems, and acks each event on the message once handled', async () => {
      await publish(3, 'invalid');
      await waitUntil('the refusal', () => cp.acksFor(3).length === 1);
      assert.equal(cp.acksFor(3)[0]!.ok, false);
      assert.ok(cp.acksFor(3)[0]!.problems.some((p) => p.startsWith('/properties/0/aliases/0: ')));
      assert.equal(await version(), 'two');
      await publish(4, 'four');
      await waitUntil('the ack of 4', () => cp.acksFor(4).length === 1);
      assert.equal(await version(), 'four');
      await waitUntil('the JetStream acks', async () => {
        const info = await jsm.consumers.info(stream, consumerName(cp.enrolments[0]!.edgeId));
        return info.num_ack_pending === 0 && info.num_pending === 0;
      });
    });

    test('an edge that was away resumes its durable consumer and catches up on everything it missed', async () => {
      await edge!.stop({ keepData: true });
      edge = undefined;
      await publish(5, 'five');
      await publish(6, 'six');
      await startEdge();
      assert.equal(await version(), 'four', 'served from the disk at once');
      await waitUntil('the latest snapshot', async () => (await version()) === 'six', 10_000);
      await waitUntil('both acks', () => cp.acksFor(5).length === 1 && cp.acksFor(6).length === 1);
      assert.equal(cp.enrolments.length, 1, 'same credentials, same durable consumer');
      // A redelivered or replayed event at or before the cursor is ignored (and not acked again).
      await publish(6, 'stale-replay');
      await publish(7, 'seven');
      await waitUntil('the ack of 7', () => cp.acksFor(7).length === 1);
      assert.equal(cp.acksFor(6).length, 1);
      assert.equal(await version(), 'seven');
    });
  });
}
