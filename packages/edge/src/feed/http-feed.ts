// The embedded transport (issue 4): GET /api/v1/edges/feed?cursor=N, server-sent events with
// `id: seq`, `event: kind`, `data: FeedEvent JSON`, and `: keepalive` comments every 15 s; after the
// catch-up and after each later batch, `event: caught-up` with `data: {"seq": N}` (issue 5). One call
// follows one connection until it ends; the feed client reconnects (with back-off) from its cursor.
import { FEED_CAUGHT_UP_EVENT, FEED_LOST_TRACK_EVENT } from '@candela/contract';
import type { ControlPlaneApi } from './control-plane-api.js';
import { caughtUpSeq } from './feed-event.js';
import { SseParser } from './sse-parser.js';
import type { SseEvent } from './sse-parser.js';

export interface FeedSink {
  /** The last handled seq: where a new connection starts. */
  cursor(): number;
  /** Handles one event; resolves once it is applied or refused, and acked. */
  handle(text: string, transportSeq: number | undefined): Promise<void>;
  /** The connection is up and the control plane answered. */
  connected(): void;
  /**
   * Every event stored up to `seq` has been delivered and handled (SSE `caught-up`; on NATS, the stream's
   * last message on the feed's subjects): cache hits may be served again. `seq` is unknown on NATS.
   */
  caughtUp(seq: number | undefined): void;
  /** The transport lost its server for a while (NATS reconnecting by itself): hold cache hits back. */
  disconnected(): void;
  /**
   * The transport cannot replay what this edge missed (SSE `lost-track`: events pruned from the log; a NATS
   * consumer created anew for an edge that had followed the feed before): resolves once every stored
   * object is marked for revalidation.
   */
  lostTrack(): Promise<void>;
}

/** How a connection ended (an error thrown instead means it could not be opened). */
export type SessionEnd = 'closed' | 'silent' | 'aborted';

function seqOf(id: string | undefined): number | undefined {
  return id !== undefined && /^\d{1,15}$/.test(id) ? Number(id) : undefined;
}

export async function followHttpFeed(
  api: ControlPlaneApi,
  token: string,
  sink: FeedSink,
  opts: { readonly watchdogMs: number },
  outer: AbortSignal,
): Promise<SessionEnd> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  outer.addEventListener('abort', abort, { once: true });
  let silent = false;
  let watchdog: NodeJS.Timeout | undefined;
  // Any byte counts as life, keep-alive comments included; 45 s of nothing means a dead path (a NAT
  // or proxy that dropped the connection without a FIN), which TCP alone would notice far too late.
  const feedWatchdog = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      silent = true;
      controller.abort();
    }, opts.watchdogMs);
  };
  try {
    feedWatchdog();
    const body = await api.openFeed(token, sink.cursor(), controller.signal);
    sink.connected();
    const queue: SseEvent[] = [];
    const parser = new SseParser({ event: (e) => queue.push(e) });
    const decoder = new TextDecoder();
    for await (const chunk of body) {
      feedWatchdog();
      parser.push(decoder.decode(chunk as Buffer, { stream: true }));
      // Events are handled one at a time, in order, before more is read (back-pressure on the socket);
      // the time spent applying one is not silence on the connection.
      while (queue.length > 0) {
        const e = queue.shift()!;
        if (e.event === FEED_LOST_TRACK_EVENT) {
          // Before any event after it: what this edge missed is gone from the log (pruned), so all it holds
          // is marked for revalidation first.
          clearTimeout(watchdog);
          await sink.lostTrack();
          feedWatchdog();
          continue;
        }
        if (e.event === FEED_CAUGHT_UP_EVENT) {
          // Handled in order with the events: everything before it has been applied by now.
          const seq = caughtUpSeq(e.data);
          if (seq !== undefined) sink.caughtUp(seq);
          continue;
        }
        clearTimeout(watchdog);
        await sink.handle(e.data, seqOf(e.id));
        feedWatchdog();
      }
    }
    return 'closed';
  } catch (err) {
    if (silent) return 'silent';
    if (outer.aborted) return 'aborted';
    throw err;
  } finally {
    clearTimeout(watchdog);
    outer.removeEventListener('abort', abort);
  }
}
