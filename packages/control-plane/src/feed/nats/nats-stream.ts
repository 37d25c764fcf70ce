// The JetStream stream that carries the feed (feed-subjects.ts): created at start when missing (file
// storage, events kept 7 days), and where the publisher left off (the seq of the stream's last message).
import { JetStreamApiCodes, JetStreamApiError, StorageType } from '@nats-io/jetstream';
import type { JetStreamManager, StoredMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { FEED_RETENTION_MS } from '../feed-reader.js';
import { subjectFor } from './feed-subjects.js';

export interface FeedStreamNames {
  /** CANDELA_FEED; tests use their own. */
  readonly stream: string;
  /** candela.feed: events go to `<subject>.<kind>`. */
  readonly subject: string;
}

function notFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound;
}

/** Creates the stream when it does not exist; an existing one is left as the operator configured it. */
export async function ensureFeedStream(jsm: JetStreamManager, names: FeedStreamNames): Promise<void> {
  try {
    await jsm.streams.info(names.stream);
    return;
  } catch (error) {
    if (!notFound(error)) throw error;
  }
  // Events age out after FEED_RETENTION_MS; the publisher puts the newest snapshot back when age has
  // dropped every snapshot, so a new edge always finds one.
  await jsm.streams.add({ name: names.stream, subjects: [subjectFor(names.subject, '>')], storage: StorageType.File, max_age: nanos(FEED_RETENTION_MS) });
}

/** The feed seq a stored message carries: its Nats-Msg-Id, else the event JSON's `seq`. */
export function seqOf(message: StoredMsg): number | undefined {
  const id = Number(message.header?.get('Nats-Msg-Id'));
  if (Number.isSafeInteger(id) && id > 0) return id;
  try {
    const seq = (message.json<{ seq?: unknown }>()).seq;
    return typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : undefined;
  } catch {
    return undefined;
  }
}

/** The highest feed seq known to be in the stream: its last message's (0 when empty). */
export async function lastSeqInStream(jsm: JetStreamManager, names: FeedStreamNames): Promise<number> {
  const info = await jsm.streams.info(names.stream);
  if (info.state.messages === 0) return 0;
  const last = await jsm.streams.getMessage(names.stream, { seq: info.state.last_seq });
  return last === null ? 0 : (seqOf(last) ?? 0);
}

/** Is any snapshot left in the stream? (Age may have dropped them all after a quiet week.) */
export async function hasSnapshot(jsm: JetStreamManager, names: FeedStreamNames): Promise<boolean> {
  const last = await jsm.streams.getMessage(names.stream, { last_by_subj: subjectFor(names.subject, 'snapshot') });
  return last !== null;
}
