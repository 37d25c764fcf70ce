// The NATS side of the feed benchmarks: is JetStream reachable, and is the feed stream (CANDELA_FEED, the
// name every control plane and edge uses) free for this run?
//
// A fresh control plane's feed starts again at seq 1, while an edge's new consumer starts with the newest
// snapshot in the stream: a stream left over from another control plane would hand the edges a higher
// seq and they would then ignore every snapshot of this run. So the NATS cells need the stream absent:
// the runner refuses to touch a stream it did not create (unless told to with --reset-nats-stream), and
// deletes the one each cell's control plane created before the next cell starts.
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { JetStreamApiCodes, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import { FEED_STREAM } from '../../packages/control-plane/src/feed/nats/feed-subjects.js';

export { FEED_STREAM };

export type StreamState = { exists: false } | { exists: true; messages: number; consumers: number };

async function withNats<T>(url: string, work: (nc: NatsConnection) => Promise<T>): Promise<T> {
  const nc = await connect({ servers: url, timeout: 3_000, maxReconnectAttempts: 0, name: 'candela-feed-bench' });
  try {
    return await work(nc);
  } finally {
    await nc.close().catch(() => undefined);
  }
}

function notFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound;
}

/** Connects, checks that JetStream answers, and reads the feed stream's state; throws with the reason otherwise. */
export async function feedStreamState(url: string): Promise<StreamState> {
  return withNats(url, async (nc) => {
    const jsm = await jetstreamManager(nc);
    try {
      const info = await jsm.streams.info(FEED_STREAM);
      return { exists: true, messages: info.state.messages, consumers: info.state.consumer_count };
    } catch (error) {
      if (notFound(error)) return { exists: false };
      throw error;
    }
  });
}

/** Deletes the feed stream (and with it every edge's consumer); nothing when it is already gone. */
export async function deleteFeedStream(url: string): Promise<void> {
  await withNats(url, async (nc) => {
    const jsm = await jetstreamManager(nc);
    try {
      await jsm.streams.delete(FEED_STREAM);
    } catch (error) {
      if (!notFound(error)) throw error;
    }
  });
}

/** The URL without credentials, for messages and the report. */
export function displayNatsUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}

/** NATS reachable, JetStream answering, the feed stream free (or reset when asked): undefined, else the reason. */
export async function natsPreflight(url: string, resetStream: boolean): Promise<string | undefined> {
  const shown = displayNatsUrl(url);
  let state;
  try {
    state = await feedStreamState(url);
  } catch (error) {
    return `NATS JetStream at ${shown} is unreachable (${error instanceof Error ? error.message : String(error)}); start it (docs: ../shared/design/stack.md) or pass --only http`;
  }
  if (!state.exists) return undefined;
  if (!resetStream) {
    return (
      `the stream ${FEED_STREAM} already exists on ${shown} (${state.messages} messages, ${state.consumers} consumers): a fresh control plane's feed starts at seq 1, ` +
      `so edges would take the old stream's newest snapshot and ignore this run's. Delete it (nats stream rm ${FEED_STREAM}) or pass --reset-nats-stream, only on a NATS server no real control plane uses`
    );
  }
  await deleteFeedStream(url);
  return undefined;
}
