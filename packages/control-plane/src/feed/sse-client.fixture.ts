// A server-sent events client for tests: a real HTTP request on loopback, the stream parsed as the WHATWG
// event-stream format says (blank line ends an event; ":" lines are comments). The feed's `caught-up`
// markers (contract feed.ts) are kept apart from the feed events, with how many events preceded each.
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { caughtUpSchema, FEED_CAUGHT_UP_EVENT } from '@candela/contract';

export interface SseEvent {
  readonly id: string;
  readonly event: string;
  readonly data: string;
}

export interface CaughtUp {
  readonly seq: number;
  /** How many feed events had arrived before this marker. */
  readonly afterEvents: number;
}

export interface SseConnection {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Feed events (every event but `caught-up`), in arrival order. */
  readonly events: SseEvent[];
  readonly caughtUp: CaughtUp[];
  readonly comments: string[];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  /** Resolves once `count` events have arrived; rejects after timeoutMs. */
  waitForEvents(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** Resolves once `count` caught-up markers have arrived; rejects after timeoutMs. */
  waitForCaughtUp(count: number, timeoutMs?: number): Promise<CaughtUp[]>;
  close(): void;
}

export function openSse(url: string, headers: Record<string, string>): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const caughtUp: CaughtUp[] = [];
      const comments: string[] = [];
      const listeners = new Set<() => void>();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else {
              const colon = line.indexOf(':');
              fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
            }
          }
          if (fields['data'] === undefined) continue;
          if (fields['event'] === FEED_CAUGHT_UP_EVENT) caughtUp.push({ seq: caughtUpSchema.parse(JSON.parse(fields['data'])).seq, afterEvents: events.length });
          else events.push({ id: fields['id'] ?? '', event: fields['event'] ?? 'message', data: fields['data'] });
        }
        for (const listener of listeners) listener();
      });
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      const waitUntil = (met: () => boolean, failure: () => string, timeoutMs: number) =>
        new Promise<void>((ok, fail) => {
          const check = () => {
            if (!met()) return;
            listeners.delete(check);
            clearTimeout(timer);
            ok();
          };
          const timer = setTimeout(() => {
            listeners.delete(check);
            fail(new Error(failure()));
          }, timeoutMs);
          listeners.add(check);
          check();
        });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        caughtUp,
        comments,
        ended,
        waitForEvents: (count, timeoutMs = 3_000) =>
          waitUntil(() => events.length >= count, () => `expected ${count} events within ${timeoutMs} ms, got ${events.length}: ${events.map((e) => e.id).join(',')}`, timeoutMs).then(() => events.slice(0, count)),
        waitForCaughtUp: (count, timeoutMs = 3_000) =>
          waitUntil(() => caughtUp.length >= count, () => `expected ${count} caught-up markers within ${timeoutMs} ms, got ${caughtUp.length}`, timeoutMs).then(() => caughtUp.slice(0, count)),
        close: () => {
          req.destroy();
        },
      });
    });
    req.on('error', reject);
    req.end();
  });
}
