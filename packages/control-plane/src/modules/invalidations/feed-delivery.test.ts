// An invalidation made through the API reaches an edge over both feed transports: the HTTP stream (server-
// sent events, followed by the caught-up marker) and NATS JetStream (when CANDELA_TEST_NATS_URL is set).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { feedEventSchema } from '@candela/contract';
import type { FeedEvent, Invalidation } from '@candela/contract';
import { lastSeq } from '../../feed/feed-log.js';
import { testNatsUrl } from '../../feed/nats/config.js';
import { startNatsPublisher } from '../../feed/nats/nats-publisher.js';
import type { NatsPublisher } from '../../feed/nats/nats-publisher.js';
import { openSse } from '../../feed/sse-client.fixture.js';
import { forEachApp } from '../../test-support/test-app.js';
import type { TestApp } from '../../test-support/test-app.js';
import { createCustomer, createUser, signIn } from '../../test-support/fixtures.js';
import type { SignedIn } from '../../test-support/fixtures.js';
import { ackInvalidation, enrolTestEdge } from '../edges/edge-client.fixture.js';
import { activeProperties, invalidate, readInvalidation } from './invalidation.fixture.js';

async function customerWithProperty(t: TestApp): Promise<{ alice: SignedIn; scid: string }> {
  const c = await createCustomer(t.db(), { name: 'Acme', services: 1, nowMs: t.clock.now });
  await createUser(t.db(), { email: 'alice@acme.example', grants: [{ groupId: c.groupId, roleId: 'domain-admin' }], nowMs: t.clock.now });
  const alice = await signIn(t, 'alice@acme.example');
  await activeProperties(t, alice, c.scids[0]!, [['www.acme.example']]);
  return { alice, scid: c.scids[0]! };
}

const BODY = { kind: 'path', properties: ['www.acme.example'], paths: ['/news/*'], type: 'force' };
const EXPECTED_REQUESTS = [{ type: 'path', property: 'www.acme.example', patterns: ['/news/*'], ignoreCase: false, mode: 'hard' }];

forEachApp('an invalidation reaches an edge over HTTP (server-sent events)', (t) => {
  let base = '';
  before(async () => {
    await t.app().listen({ host: '127.0.0.1', port: 0 });
    const address = t.app().server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });

  it('the edge’s stream carries the event as the API wrote it, then caught-up; its ack completes the request', async () => {
    const { alice, scid } = await customerWithProperty(t);
    const edge = await enrolTestEdge(t, 'edge-http');
    const stream = await openSse(`${base}/api/v1/edges/feed?cursor=${await lastSeq(t.db())}`, edge.headers);
    try {
      await stream.waitForCaughtUp(1);
      const request: Invalidation = await invalidate(t, alice, scid, BODY);
      const [sent] = await stream.waitForEvents(1);
      assert.deepEqual([sent!.id, sent!.event], [String(request.feedSeq), 'invalidation']);
      const event: FeedEvent = feedEventSchema.parse(JSON.parse(sent!.data));
      assert.ok(event.kind === 'invalidation');
      assert.deepEqual(event.invalidation, { id: request.id, requests: EXPECTED_REQUESTS, itemCount: 1 });
      const [, marker] = await stream.waitForCaughtUp(2);
      assert.deepEqual(marker, { seq: request.feedSeq, afterEvents: 1 });
      await ackInvalidation(t, edge, event.seq, 3, [3]);
      const done = await readInvalidation(t, alice, request.id);
      assert.deepEqual([done.status, done.edgesDone, done.edgesTotal, done.objectsMatched], ['complete', 1, 1, 3]);
    } finally {
      stream.close();
    }
  });
});

const natsUrl = testNatsUrl();
if (natsUrl === undefined) {
  console.log('invalidation delivery: NATS variant NOT run: CANDELA_TEST_NATS_URL is unset (e.g. CANDELA_TEST_NATS_URL=nats://127.0.0.1:4222)');
} else {
  forEachApp('an invalidation reaches an edge over NATS JetStream', (t) => {
    const suffix = randomBytes(4).toString('hex');
    const names = { stream: `CANDELA_FEED_INV_${suffix.toUpperCase()}`, subject: `candela.invtest.${suffix}` };
    let publisher: NatsPublisher | undefined;
    let connection: NatsConnection | undefined;

    before(async () => {
      try {
        connection = await connect({ servers: natsUrl, timeout: 3_000 });
      } catch (error) {
        throw new Error(`CANDELA_TEST_NATS_URL is set but ${natsUrl} is unreachable`, { cause: error });
      }
      publisher = startNatsPublisher({ url: natsUrl, db: t.db(), hub: t.deps().feed, names, pollMs: 50, retryMs: 50 });
    });
    after(async () => {
      await publisher?.stop();
      if (connection === undefined) return;
      await (await jetstreamManager(connection)).streams.delete(names.stream).catch(() => undefined);
      await connection.close();
    });

    it('the publisher puts the event on the stream; an edge’s durable consumer receives it', async () => {
      const { alice, scid } = await customerWithProperty(t);
      const request = await invalidate(t, alice, scid, BODY);
      assert.ok(connection !== undefined);
      const jsm = await jetstreamManager(connection);
      const started = Date.now();
      while ((await jsm.streams.info(names.stream).catch(() => undefined)) === undefined) {
        if (Date.now() - started > 5_000) assert.fail('the publisher did not create the stream');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await jsm.consumers.add(names.stream, { durable_name: 'edge-nats', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: `${names.subject}.>` });
      const messages = await (await jetstream(connection).consumers.get(names.stream, 'edge-nats')).consume();
      const timer = setTimeout(() => void messages.close(), 5_000);
      let found: FeedEvent | undefined;
      for await (const m of messages) {
        const event = feedEventSchema.parse(m.json());
        m.ack();
        if (event.kind === 'invalidation' && event.invalidation.id === request.id) {
          assert.equal(m.subject, `${names.subject}.invalidation`);
          found = event;
          break;
        }
      }
      clearTimeout(timer);
      await messages.close();
      assert.ok(found?.kind === 'invalidation', 'the invalidation arrived');
      assert.deepEqual([found.seq, found.invalidation.requests], [request.feedSeq, EXPECTED_REQUESTS]);
    });
  });
}
