// The scale-out transport (issue 4): NATS JetStream. Each edge has a durable pull consumer
// `edge_<edgeId>` on the feed stream, filtered to `<subject>.>`. A new consumer starts with the last
// message of every subject (DeliverPolicy LastPerSubject: the newest snapshot, since snapshots replace
// each other); an existing one resumes where it left off, so an edge that was away catches up. Each
// message carries one FeedEvent as JSON and is acked explicitly once the event has been handled.
import { connect, nanos } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { FeedSink, SessionEnd } from './http-feed.js';

export interface NatsFeedInfo {
  readonly url: string;
  readonly stream: string;
  readonly subject: string;
}

/** JetStream consumer names may not contain `.`, `*`, `>` or white space. */
export function consumerName(edgeId: string): string {
  return `edge_${edgeId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * A consumer nobody pulled from for this long is removed by the server, so removed edges leave nothing
 * behind; an edge away for longer simply gets a new consumer, and with it the newest snapshot.
 */
const INACTIVE_THRESHOLD_MS = 7 * 24 * 3600 * 1000;

async function ensureConsumer(jsm: JetStreamManager, info: NatsFeedInfo, name: string): Promise<void> {
  const filter = `${info.subject}.>`;
  const existing = await jsm.consumers.info(info.stream, name).catch(() => undefined);
  if (existing?.config.filter_subject === filter) return;
  if (existing) await jsm.consumers.delete(info.stream, name);
  await jsm.consumers.add(info.stream, {
    durable_name: name,
    filter_subject: filter,
    deliver_policy: DeliverPolicy.LastPerSubject,
    ack_policy: AckPolicy.Explicit,
    inactive_threshold: nanos(INACTIVE_THRESHOLD_MS),
  });
}

export async function followNatsFeed(info: NatsFeedInfo, edgeId: string, sink: FeedSink, outer: AbortSignal): Promise<SessionEnd> {
  if (outer.aborted) return 'aborted';
  // The client reconnects by itself (forever) when the server goes away; the consumer then resumes.
  const nc: NatsConnection = await connect({ servers: info.url, name: consumerName(edgeId), maxReconnectAttempts: -1, reconnectTimeWait: 1_000 });
  const abort = () => void nc.close().catch(() => undefined);
  outer.addEventListener('abort', abort, { once: true });
  try {
    const name = consumerName(edgeId);
    await ensureConsumer(await jetstreamManager(nc), info, name);
    const consumer = await jetstream(nc).consumers.get(info.stream, name);
    const messages = await consumer.consume({ max_messages: 64 });
    sink.connected();
    for await (const m of messages) {
      await sink.handle(m.string(), undefined);
      m.ack();
    }
    return outer.aborted ? 'aborted' : 'closed';
  } catch (err) {
    if (outer.aborted) return 'aborted';
    throw err;
  } finally {
    outer.removeEventListener('abort', abort);
    await nc.close().catch(() => undefined);
  }
}
