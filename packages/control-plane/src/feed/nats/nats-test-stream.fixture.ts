// A JetStream stream of a test's own on the CI NATS server (CANDELA_TEST_NATS_URL), for the publisher's
// tests and the transport contract: registers the hooks that connect before the tests (failing loudly when
// the server is set but unreachable) and, after them, stop the publisher in use, delete the stream and
// close the connection.
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { FeedHub } from '../feed-hub.js';
import { startNatsPublisher } from './nats-publisher.js';
import type { NatsPublisher } from './nats-publisher.js';
import type { FeedStreamNames } from './nats-stream.js';

export interface NatsTestStream {
  readonly names: FeedStreamNames;
  readonly nc: () => NatsConnection;
  readonly jsm: () => JetStreamManager;
  /** The publisher the after hook stops (the latest one started). */
  publisher: NatsPublisher | undefined;
  /** Starts a publisher on this stream (polling fast, for tests) and makes it the one in use. */
  startPublisher(db: Kysely<Database>, hub: FeedHub): NatsPublisher;
}

/** Call inside a describe-level scope (forEachDatabase): the hooks are registered there. */
export function useNatsTestStream(url: string): NatsTestStream {
  const suffix = randomBytes(4).toString('hex');
  let nc: NatsConnection | undefined;
  let jsm: JetStreamManager | undefined;
  const stream: NatsTestStream = {
    names: { stream: `CANDELA_FEED_TEST_${suffix.toUpperCase()}`, subject: `candela.feedtest.${suffix}` },
    nc: () => nc!,
    jsm: () => jsm!,
    publisher: undefined,
    startPublisher(db, hub) {
      stream.publisher = startNatsPublisher({ url, db, hub, names: stream.names, pollMs: 50, retryMs: 50 });
      return stream.publisher;
    },
  };
  before(async () => {
    try {
      nc = await connect({ servers: url, timeout: 3_000 });
    } catch (error) {
      throw new Error(`CANDELA_TEST_NATS_URL is set but ${url} is unreachable`, { cause: error });
    }
    jsm = await jetstreamManager(nc);
  });
  after(async () => {
    await stream.publisher?.stop();
    await jsm?.streams.delete(stream.names.stream).catch(() => undefined);
    await nc?.close();
  });
  return stream;
}
