// A real origin server on a loopback port for integration tests: each path is answered by a
// programmable responder, and every request is counted so tests can assert on origin traffic.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';

export interface OriginHit {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export type Responder = (req: IncomingMessage, res: ServerResponse, hit: number) => void | Promise<void>;

export class TestOrigin {
  readonly hits: OriginHit[] = [];
  readonly #routes = new Map<string, Responder>();
  readonly #server: Server;
  #port = 0;

  constructor() {
    this.#server = createServer((req, res) => {
      const url = req.url ?? '/';
      this.hits.push({ method: req.method ?? 'GET', url, headers: req.headers });
      const path = url.split('?')[0]!;
      const route = this.#routes.get(path) ?? this.#routes.get('*');
      const n = this.count(path);
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('no route');
        return;
      }
      void Promise.resolve(route(req, res, n)).catch(() => res.destroy());
    });
    this.#server.keepAliveTimeout = 60_000;
  }

  route(path: string, responder: Responder): this {
    this.#routes.set(path, responder);
    return this;
  }

  /** Requests that reached the origin for a path (query ignored), or for every path. */
  count(path?: string): number {
    return path === undefined ? this.hits.length : this.hits.filter((h) => h.url.split('?')[0] === path).length;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const a = this.#server.address();
    this.#port = typeof a === 'object' && a ? a.port : 0;
    return this;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A responder with fixed status, headers and body. */
export function fixed(status: number, headers: Record<string, string>, body = ''): Responder {
  return (req, res) => {
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
