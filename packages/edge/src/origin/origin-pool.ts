// One undici Pool per origin (protocol, host, port), created on first use and kept for the life of
// the process, so connections to an origin are reused across requests (keep-alive).
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import type { Origin } from '@candela/contract';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export interface OriginRequest {
  readonly method: string;
  /** Path and query as sent to the origin (web root already applied). */
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  readonly body?: Readable | null;
}

export interface OriginResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Readable;
  /** When the request was sent and when the response head arrived (RFC 9111 §4.2.3 inputs). */
  readonly requestAtMs: number;
  readonly responseAtMs: number;
}

export type OriginFailure = 'connect' | 'timeout' | 'protocol';

export class OriginError extends Error {
  constructor(
    readonly failure: OriginFailure,
    message: string,
  ) {
    super(message);
  }
}

export function originPort(origin: Origin): number {
  return origin.port ?? (origin.protocol === 'https' ? 443 : 80);
}

export class OriginPools {
  readonly #pools = new Map<string, Pool>();

  constructor(private readonly opts: { connectionsPerOrigin: number }) {}

  #pool(origin: Origin): Pool {
    const key = `${origin.protocol}://${origin.host}:${originPort(origin)}`;
    let pool = this.#pools.get(key);
    if (!pool) {
      pool = new Pool(key, {
        connections: this.opts.connectionsPerOrigin,
        connectTimeout: origin.connectTimeoutMs,
        headersTimeout: origin.responseTimeoutMs,
        bodyTimeout: origin.responseTimeoutMs,
        keepAliveTimeout: 30_000,
        pipelining: 1,
      });
      this.#pools.set(key, pool);
    }
    return pool;
  }

  async request(origin: Origin, req: OriginRequest, nowMs: () => number): Promise<OriginResponse> {
    const requestAtMs = nowMs();
    try {
      const res: Dispatcher.ResponseData = await this.#pool(origin).request({
        method: req.method,
        path: req.path,
        headers: req.headers,
        body: req.body ?? null,
      });
      return { status: res.statusCode, headers: res.headers, body: res.body, requestAtMs, responseAtMs: nowMs() };
    } catch (err) {
      throw classify(err);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#pools.values()].map((p) => p.close()));
    this.#pools.clear();
  }
}

/** Maps undici's error codes onto the two outcomes a cache cares about: 502 (connect) and 504 (timeout). */
function classify(err: unknown): OriginError {
  const code = (err as { code?: string }).code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new OriginError('timeout', message);
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'UND_ERR_SOCKET') {
    return new OriginError('connect', message);
  }
  return new OriginError('protocol', message);
}
