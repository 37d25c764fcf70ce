// The scale-out feed transport (issue 4, CANDELA_NATS_URL): every feed event committed to the database is
// published to JetStream (feed-subjects.ts) with Nats-Msg-Id = its seq, so a republished event is dropped
// as a duplicate. The database stays the source of truth: the publisher keeps the seq it knows is in the
// stream (read back from the stream's last message when it connects) and publishes whatever the change
// log has after it, the same catch-up an HTTP edge gets (feed-reader.ts). So an event committed while
// NATS was down goes out when it is back, and several control-plane processes may each run a publisher.
import type { Kysely } from 'kysely';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Database } from '../../db/schema.js';
import { describeError } from '../../db/errors.js';
import { lastSeq } from '../feed-log.js';
import { eventsAfter, SNAPSHOT_KIND } from '../feed-reader.js';
import type { FeedHub } from '../feed-hub.js';
import { FEED_STREAM, FEED_SUBJECT, subjectFor } from './feed-subjects.js';
import { ensureFeedStream, hasSnapshot, lastSeqInStream } from './nats-stream.js';
import type { FeedStreamNames } from './nats-stream.js';

export interface PublisherLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export interface NatsPublisherOptions {
  readonly url: string;
  readonly db: Kysely<Database>;
  readonly hub: FeedHub;
  readonly names?: FeedStreamNames;
  /** Look at the change log this often even without a wake-up (other processes' commits). */
  readonly pollMs?: number;
  /** Pause after a failure (NATS unreachable, a publish not acknowledged). */
  readonly retryMs?: number;
  /** How often to check that age has not dropped every snapshot from the stream. */
  readonly snapshotCheckMs?: number;
  readonly logger?: PublisherLogger;
}

export interface NatsPublisher {
  /** The highest seq known to be in the stream. */
  publishedThrough(): number;
  stop(): Promise<void>;
}

interface Link {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
}

export function startNatsPublisher(options: NatsPublisherOptions): NatsPublisher {
  const names = options.names ?? { stream: FEED_STREAM, subject: FEED_SUBJECT };
  const stopping = new AbortController();
  let known = 0;
  let link: Link | undefined;
  let lastSnapshotCheck = 0;

  const open = async (): Promise<Link> => {
    // The client reconnects by itself once connected; a first connection that fails is retried here.
    const nc = await connect({ servers: options.url, name: 'candela-control-plane', maxReconnectAttempts: -1, reconnectTimeWait: 1_000 });
    try {
      const jsm = await jetstreamManager(nc);
      await ensureFeedStream(jsm, names);
      known = await lastSeqInStream(jsm, names);
      const committed = await lastSeq(options.db);
      if (known > committed) {
        // The stream is ahead of this database (it was reset or replaced): start again from its newest snapshot.
        options.logger?.warn({ stream: names.stream, streamSeq: known, databaseSeq: committed }, 'the NATS feed stream is ahead of the database; republishing from the newest snapshot');
        known = 0;
      }
      options.logger?.info({ stream: names.stream, seq: known }, 'NATS feed publisher connected');
      return { nc, jsm, js: jetstream(nc) };
    } catch (error) {
      await nc.close();
      throw error;
    }
  };

  // A quiet week lets max age drop every snapshot; put the newest back so a new edge finds one.
  const keepSnapshot = async (l: Link): Promise<void> => {
    if (await hasSnapshot(l.jsm, names)) return;
    const newest = await options.db.selectFrom('feed_events').select(['seq', 'kind', 'payload']).where('kind', '=', SNAPSHOT_KIND).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (newest === undefined || newest.seq > known) return;
    // Its own message id: the seq alone could still be in the duplicate window (a purge, not age, emptied
    // the stream), and then JetStream would drop it. Edges ignore a seq they already have.
    await l.js.publish(subjectFor(names.subject, newest.kind), newest.payload, { msgID: `${newest.seq}:kept` });
  };

  const publishPending = async (l: Link): Promise<void> => {
    for (let events = await eventsAfter(options.db, known); events.length > 0; events = await eventsAfter(options.db, known)) {
      for (const event of events) {
        if (stopping.signal.aborted) return;
        await l.js.publish(subjectFor(names.subject, event.kind), event.payload, { msgID: String(event.seq) });
        known = event.seq;
      }
    }
  };

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      const woken = options.hub.events.wait(options.pollMs ?? 500, stopping.signal);
      try {
        link ??= await open();
        await publishPending(link);
        if (Date.now() - lastSnapshotCheck > (options.snapshotCheckMs ?? 60_000)) {
          await keepSnapshot(link);
          lastSnapshotCheck = Date.now();
        }
        await woken;
      } catch (error) {
        if (stopping.signal.aborted) break;
        options.logger?.warn({ err: describeError(error), stream: names.stream }, 'NATS feed publisher: will retry');
        if (link?.nc.isClosed() === true) link = undefined;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.retryMs ?? 2_000);
          stopping.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
      }
    }
  })();

  return {
    publishedThrough: () => known,
    stop: async () => {
      stopping.abort();
      await loop;
      await link?.nc.close();
    },
  };
}
