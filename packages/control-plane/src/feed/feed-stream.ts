// One edge's feed stream over HTTP (issue 4, embedded transport): the catch-up of feed-reader.ts from the
// edge's cursor, then every new event as it commits. Woken by the FeedHub right after a commit in this
// process and polling every pollMs for commits of other processes; a keepalive comment every
// keepaliveMs; ends when the edge is removed, the client goes away or the server closes. After the catch-up
// and after each later batch it sends `event: caught-up` (contract feed.ts) with the seq it reached. An edge
// whose cursor predates invalidations the pruner has since deleted is told first (`event: lost-track`).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { lastSeq } from './feed-log.js';
import { eventsAfter, FEED_PAGE_LIMIT, prunedSince, SNAPSHOT_KIND } from './feed-reader.js';
import type { FeedHub } from './feed-hub.js';
import { SSE_KEEPALIVE, sseCaughtUp, sseEvent, sseLostTrack } from './sse-format.js';

/** The part of a response the stream writes to (http.ServerResponse in production). */
export interface StreamSink {
  write(chunk: string): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
}

export interface FeedStreamOptions {
  readonly db: Kysely<Database>;
  readonly hub: FeedHub;
  readonly edgeId: string;
  readonly cursor: number;
  readonly sink: StreamSink;
  /** Ends the stream (server closing, client gone). */
  readonly stop: AbortSignal;
  readonly pollMs?: number;
  readonly keepaliveMs?: number;
  /** Is the edge still in the fleet? Asked on every poll, for removals made by other processes. */
  readonly stillEnrolled: () => Promise<boolean>;
}

export const FEED_POLL_MS = 500;
export const FEED_KEEPALIVE_MS = 15_000;

async function write(sink: StreamSink, chunk: string, stop: AbortSignal): Promise<void> {
  if (sink.write(chunk) || stop.aborted) return;
  // Back-pressure: a large snapshot to a slow edge waits for the socket instead of piling up in memory.
  await new Promise<void>((resolve) => {
    sink.once('drain', resolve);
    sink.once('close', resolve);
    stop.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Runs until the stream should end; the caller then ends the response. Resolves to the last seq sent. */
export async function runFeedStream(options: FeedStreamOptions): Promise<number> {
  const { db, hub, sink, stop } = options;
  const pollMs = options.pollMs ?? FEED_POLL_MS;
  const local = new AbortController();
  const end = () => local.abort();
  stop.addEventListener('abort', end, { once: true });
  const unsubscribe = hub.onEdgeRemoved(options.edgeId, end);
  const keepalive = setInterval(() => {
    if (!local.signal.aborted && !sink.writableEnded && !sink.destroyed) sink.write(SSE_KEEPALIVE);
  }, options.keepaliveMs ?? FEED_KEEPALIVE_MS);
  let position = options.cursor;
  // The first look always ends with caught-up, even with nothing to send: an edge that restarted holds
  // cache hits back until it hears it (contract feed.ts FEED_CAUGHT_UP_EVENT).
  let unannounced = true;
  try {
    // An edge with nothing (cursor 0) holds nothing to revalidate.
    if (position > 0 && (await prunedSince(db, position))) await write(sink, sseLostTrack(position), local.signal);
    while (!local.signal.aborted && !sink.destroyed) {
      // Armed before reading, so a commit landing while we read wakes the next wait instead of being missed.
      const woken = hub.events.wait(pollMs, local.signal);
      if (!(await options.stillEnrolled())) break;
      // One small read per poll; the catch-up queries only when something was committed past our position.
      const pending = (await lastSeq(db)) > position;
      const events = pending ? await eventsAfter(db, position) : [];
      for (const event of events) {
        if (local.signal.aborted || sink.destroyed) break;
        await write(sink, sseEvent(event), local.signal);
        position = event.seq;
        unannounced = true;
      }
      if (local.signal.aborted || sink.destroyed) break;
      // A full page means more is stored after it: read on at once, and say caught-up only after the last.
      if (events.filter((e) => e.kind !== SNAPSHOT_KIND).length >= FEED_PAGE_LIMIT) continue;
      if (unannounced) {
        await write(sink, sseCaughtUp(position), local.signal);
        unannounced = false;
      }
      await woken;
    }
  } finally {
    clearInterval(keepalive);
    unsubscribe();
    stop.removeEventListener('abort', end);
  }
  return position;
}
