// The feed contract (transport-contract.ts) over NATS JetStream: the control plane's publisher on a stream
// of the test's own, each edge a durable consumer of its own, as an edge does. Registered only when
// CANDELA_TEST_NATS_URL is set (CI); set but unreachable, it fails.
import { before } from 'node:test';
import { AckPolicy, DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { forEachDatabase } from '../db/test-databases.js';
import { FeedHub } from './feed-hub.js';
import { testNatsUrl } from './nats/config.js';
import { useNatsTestStream } from './nats/nats-test-stream.fixture.js';
import { feedTransportContract } from './transport-contract.js';
import type { FeedFollower, ReceivedEvent } from './transport-contract.js';

const url = testNatsUrl();

if (url === undefined) {
  console.log('transport contract: NATS variant NOT run: CANDELA_TEST_NATS_URL is unset (e.g. CANDELA_TEST_NATS_URL=nats://127.0.0.1:4222)');
} else {
  forEachDatabase('feed transport contract: NATS JetStream', (ctx) => {
    const hub = new FeedHub();
    const nats = useNatsTestStream(url);
    const { names } = nats;
    const consumers = new Set<string>();

    before(async () => {
      nats.startPublisher(ctx.db(), hub);
      const jsm = nats.jsm();
      const started = Date.now();
      while ((await jsm.streams.info(names.stream).catch(() => undefined)) === undefined) {
        if (Date.now() - started > 5_000) throw new Error('the publisher did not create the stream');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });

    feedTransportContract(() => ({
      db: ctx.db(),
      hub,
      follow: async (name): Promise<FeedFollower> => {
        if (!consumers.has(name)) {
          // A new edge here starts before anything is committed, so "from now on" is everything.
          await nats.jsm().consumers.add(names.stream, { durable_name: name, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.New, filter_subject: `${names.subject}.>` });
          consumers.add(name);
        }
        const consumer = await jetstream(nats.nc()).consumers.get(names.stream, name);
        const messages = await consumer.consume();
        const received: ReceivedEvent[] = [];
        const loop = (async () => {
          for await (const m of messages) {
            received.push(m.json<ReceivedEvent>());
            m.ack();
          }
        })();
        return {
          received,
          stop: async () => {
            await messages.close();
            await loop;
          },
        };
      },
    }));
  });
}
