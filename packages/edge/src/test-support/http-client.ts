// A minimal HTTP/1.1 client for tests: exact request headers (no hidden Accept-Encoding etc.), full
// response head and body. Uses a fresh connection per request unless an agent is given.
import { request } from 'node:http';
import type { Agent, IncomingHttpHeaders } from 'node:http';

export interface TestResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly text: string;
}

export interface TestRequest {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly agent?: Agent;
  /** The client's own address (any 127.x.y.z works on Linux loopback), to test per-client rules. */
  readonly localAddress?: string;
}

export function httpRequest(url: string, r: TestRequest = {}): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const options = { method: r.method ?? 'GET', headers: r.headers ?? {}, agent: r.agent ?? false, ...(r.localAddress ? { localAddress: r.localAddress } : {}) };
    const req = request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** The Cache-Status entry's parameters as a map: "Candela; hit; ttl=5" → { hit: true, ttl: '5' }. */
export function cacheStatus(res: TestResponse): Record<string, string | true> {
  const raw = String(res.headers['cache-status'] ?? '');
  const out: Record<string, string | true> = {};
  for (const part of raw.split(';').slice(1)) {
    const [k, v] = part.trim().split('=');
    if (k) out[k] = v === undefined ? true : v.replace(/^"|"$/g, '');
  }
  return out;
}
