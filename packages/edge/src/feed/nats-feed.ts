// The scale-out transport (issue 4): NATS JetStream. Each edge has a durable pull consumer
// `edge_<edgeId>` on the feed stream, filtered to `<subject>.>`. A new consumer starts with the last
// message of every subject (DeliverPolicy LastPerSubject: the newest snapshot, since snapshots replace
// each other); an existing one resumes where it left off, so an edge that was away catches up. Each
// message carries one FeedEvent as JSON and is acked explicitly once the event has been handled. One
// message at a time (max_ack_pending 1): one the edge did not ack (it stopped while applying it) is
// delivered again before any later one, so invalidations are applied in seq order.
//
// Catching up (issue 5): at the start of a session and after each reconnect the edge reads the stream's
// last sequence on the feed's subjects; it is caught up once the consumer has delivered and acked up to
// it, or once the edge has handled the message with that sequence. (The consumer's own num_pending does
// not say it: for a LastPerSubject consumer the server counts subjects, not messages.)
import { connect, nanos } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { Consumer, JetStreamManager } from '@nats-io/jetstream';
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

/**
 * The edge's consumer, created when missing. `beforeCreate` runs first: a new consumer starts from the
 * newest event of each kind, not from the edge's cursor, so whatever came between is never delivered.
 */
async function ensureConsumer(jsm: JetStreamManager, info: NatsFeedInfo, name: string, beforeCreate: () => Promise<void>): Promise<void> {
  const filter = `${info.subject}.>`;
  const existing = await jsm.consumers.info(info.stream, name).catch(() => undefined);
  if (existing?.config.filter_subject === filter) {
    // Consumers made before issue 5 allowed many unacked messages in flight; one at a time keeps seq order.
    if (existing.config.max_ack_pending !== 1) await jsm.consumers.update(info.stream, name, { max_ack_pending: 1 });
    return;
  }
  // Before the consumer exists: should this fail (or the edge stop), the next session finds no consumer
  // and does it again.
  await beforeCreate();
  if (existing) await jsm.consumers.delete(info.stream, name);
  await jsm.consumers.add(info.stream, {
    durable_name: name,
    filter_subject: filter,
    deliver_policy: DeliverPolicy.LastPerSubject,
    ack_policy: AckPolicy.Explicit,
    max_ack_pending: 1,
    inactive_threshold: nanos(INACTIVE_THRESHOLD_MS),
  });
}

/**
 * When the edge has caught up, from two kinds of news: the stream's last sequence on the feed's subjects
 * measured now (with whether the consumer has delivered and acked through it already), and each message
 * handled. Pure.
 */
export class CatchUpTracker {
  #handledThrough = 0;
  /** The stream sequence to handle before caught up; undefined while unmeasured or once reached. */
  #target: number | undefined;

  constructor(private readonly onCaughtUp: () => void) {}

  measured(lastStreamSeq: number, consumerDoneThrough: number): void {
    this.#target = lastStreamSeq;
    this.#check(Math.max(this.#handledThrough, consumerDoneThrough));
  }

  handled(streamSeq: number): void {
    this.#handledThrough = Math.max(this.#handledThrough, streamSeq);
    this.#check(this.#handledThrough);
  }

  /** The connection went away: nothing is known until measured again. */
  lost(): void {
    this.#target = undefined;
  }

  #check(through: number): void {
    if (this.#target === undefined || through < this.#target) return;
    this.#target = undefined;
    this.onCaughtUp();
  }
}

/** The stream's last sequence on `filter`'s subjects (0 for none): the newest of each subject's last message. */
async function lastStreamSeq(jsm: JetStreamManager, stream: string, filter: string): Promise<number> {
  const info = await jsm.streams.info(stream, { subjects_filter: filter });
  let last = 0;
  for (const subject of Object.keys(info.state.subjects ?? {})) {
    const m = await jsm.streams.getMessage(stream, { last_by_subj: subject });
    if (m !== null) last = Math.max(last, m.seq);
  }
  return last;
}

/** Up to which stream sequence the consumer has delivered everything and had it acked. */
async function consumerDoneThrough(consumer: Consumer): Promise<number> {
  const info = await consumer.info();
  return info.num_ack_pending === 0 ? info.delivered.stream_seq : info.ack_floor.stream_seq;
}

const MEASURE_RETRY_MS = 1_000;

export async function followNatsFeed(info: NatsFeedInfo, edgeId: string, sink: FeedSink, outer: AbortSignal): Promise<SessionEnd> {
  if (outer.aborted) return 'aborted';
  // The client reconnects by itself (forever) when the server goes away; the consumer then resumes.
  const nc: NatsConnection = await connect({ servers: info.url, name: consumerName(edgeId), maxReconnectAttempts: -1, reconnectTimeWait: 1_000 });
  const abort = () => void nc.close().catch(() => undefined);
  outer.addEventListener('abort', abort, { once: true });
  try {
    const name = consumerName(edgeId);
    const jsm = await jetstreamManager(nc);
    // A new consumer for an edge that had followed the feed (its consumer expired, or it enrolled again):
    // the invalidations between its cursor and the newest event are gone for it.
    await ensureConsumer(jsm, info, name, async () => {
      if (sink.cursor() > 0) await sink.lostTrack();
    });
    const consumer = await jetstream(nc).consumers.get(info.stream, name);
    const tracker = new CatchUpTracker(() => sink.caughtUp(undefined));
    const measure = async (): Promise<void> => {
      // Retried until it works or the connection goes: until then the edge keeps holding hits back.
      while (!outer.aborted && !nc.isClosed()) {
        try {
          const last = await lastStreamSeq(jsm, info.stream, `${info.subject}.>`);
          tracker.measured(last, await consumerDoneThrough(consumer));
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, MEASURE_RETRY_MS));
        }
      }
    };
    const messages = await consumer.consume({ max_messages: 64 });
    sink.connected();
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') {
          tracker.lost();
          sink.disconnected();
        }
        if (status.type === 'reconnect') void measure();
      }
    })().catch(() => undefined);
    void measure();
    for await (const m of messages) {
      await sink.handle(m.string(), undefined);
      m.ack();
      tracker.handled(m.info.streamSequence);
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
