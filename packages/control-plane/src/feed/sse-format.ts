// Server-sent events framing (WHATWG HTML, "Server-sent events", §9.2.5 event stream format): one event is
// `id:`, `event:` and `data:` lines and a blank line; a line starting with ":" is a comment, which keeps
// idle connections (and proxies) from timing out. `id` is the feed seq, so a reconnecting EventSource
// sends it back as Last-Event-ID.
import { FEED_CAUGHT_UP_EVENT, FEED_LOST_TRACK_EVENT } from '@candela/contract';
import type { StoredEvent } from './feed-reader.js';

export function sseEvent(event: StoredEvent): string {
  // The payload is JSON.stringify output: no raw newlines, so one data line carries it whole.
  return `id: ${event.seq}\nevent: ${event.kind}\ndata: ${event.payload}\n\n`;
}

export const SSE_KEEPALIVE = ': keepalive\n\n';

/**
 * contract feed.ts FEED_CAUGHT_UP_EVENT: everything stored after the client's cursor has been sent, up to
 * `seq`. No `id` line: it is not a feed event, and a reconnecting EventSource keeps the last event's id.
 */
export function sseCaughtUp(seq: number): string {
  return `event: ${FEED_CAUGHT_UP_EVENT}\ndata: ${JSON.stringify({ seq })}\n\n`;
}

/** contract feed.ts FEED_LOST_TRACK_EVENT: what the edge missed after `cursor` is no longer in the log. */
export function sseLostTrack(cursor: number): string {
  return `event: ${FEED_LOST_TRACK_EVENT}\ndata: ${JSON.stringify({ seq: cursor })}\n\n`;
}

/** Parses Last-Event-ID / ?cursor values: a non-negative integer, or undefined for anything else. */
export function parseSeq(text: string): number | undefined {
  if (!/^\d{1,15}$/.test(text.trim())) return undefined;
  return Number(text.trim());
}
