// A server-sent events client for tests: a real HTTP request on loopback, the stream parsed as the WHATWG
// event-stream format says (blank line ends an event; ":" lines are comments).
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export interface SseEvent {
  readonly id: string;
  readonly event: string;
  readonly data: string;
}

export interface SseConnection {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly events: SseEvent[];
  readonly comments: string[];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  /** Resolves once `count` events have arrived; rejects after timeoutMs. */
  waitForEvents(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

export function openSse(url: string, headers: Record<string, string>): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
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
          if (fields['data'] !== undefined) events.push({ id: fields['id'] ?? '', event: fields['event'] ?? 'message', data: fields['data'] });
        }
        for (const listener of listeners) listener();
      });
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        comments,
        ended,
        waitForEvents: (count, timeoutMs = 3_000) =>
          new Promise((ok, fail) => {
            const check = () => {
              if (events.length >= count) {
                listeners.delete(check);
                clearTimeout(timer);
                ok(events.slice(0, count));
              }
            };
            const timer = setTimeout(() => {
              listeners.delete(check);
              fail(new Error(`expected ${count} events within ${timeoutMs} ms, got ${events.length}: ${events.map((e) => e.id).join(',')}`));
            }, timeoutMs);
            listeners.add(check);
            check();
          }),
        close: () => {
          req.destroy();
        },
      });
    });
    req.on('error', reject);
    req.end();
  });
}
