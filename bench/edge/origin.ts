// The benchmark's origin: a deliberately cheap node:http server, run as its own process so that the
// runner's event loop (which drives the cold-request burst) never competes with it.
//
//   node --import tsx bench/edge/origin.ts [--port 0] [--host 127.0.0.1]
//
// Prints one JSON line {"port":N} on stdout once it listens.
//   /obj/1k/<n>, /obj/100k/<n>, /obj/10m/<n>  cacheable objects of exactly 1024, 102400, 10485760 bytes
//   /cold/<n>                                 a cacheable 1 KiB object sent after COLD_DELAY_MS
//   /__stats                                  JSON request counts per path since the last reset
//   /__reset                                  clears the counts
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const OBJECT_SIZES = { '1k': 1024, '100k': 102_400, '10m': 10_485_760 } as const;
export type ObjectSize = keyof typeof OBJECT_SIZES;
/** Long enough that 100 requests fired from one event loop all arrive while the first is in flight. */
export const COLD_DELAY_MS = 200;

export interface OriginStats {
  total: number;
  paths: Record<string, number>;
}

/** Fills a buffer with a xorshift sequence: deterministic across runs, yet not trivially compressible. */
function makeBody(size: number, seed: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf[i] = x & 0xff;
  }
  return buf;
}

// One pre-allocated body per size, shared by every <n>: the origin must never be the bottleneck.
const bodies = new Map<string, Buffer>(
  Object.entries(OBJECT_SIZES).map(([name, size]) => [name, makeBody(size, size)]),
);
const coldBody = makeBody(OBJECT_SIZES['1k'], 7);
// Whole seconds, because Last-Modified has one-second resolution and validators must round-trip.
const lastModified = new Date(Math.floor(Date.now() / 1000) * 1000).toUTCString();
const counts = new Map<string, number>();

const OBJ_PATH = /^\/obj\/(1k|100k|10m)\/([\w.-]+)$/;
const COLD_PATH = /^\/cold\/([\w.-]+)$/;

function send(req: IncomingMessage, res: ServerResponse, body: Buffer, etag: string): void {
  const headers = {
    'cache-control': 'public, max-age=3600',
    etag,
    'last-modified': lastModified,
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, {
    ...headers,
    'content-type': 'application/octet-stream',
    'content-length': String(body.length),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === '/__stats') {
    const stats: OriginStats = { total: 0, paths: Object.fromEntries(counts) };
    for (const n of counts.values()) stats.total += n;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(stats));
    return;
  }
  if (path === '/__reset') {
    counts.clear();
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
    return;
  }
  counts.set(path, (counts.get(path) ?? 0) + 1);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const obj = OBJ_PATH.exec(path);
  const body = obj?.[1] === undefined ? undefined : bodies.get(obj[1]);
  if (obj && body) {
    send(req, res, body, `"${obj[1]}-${obj[2]}"`);
    return;
  }
  const cold = COLD_PATH.exec(path);
  if (cold) {
    setTimeout(() => send(req, res, coldBody, `"cold-${cold[1]}"`), COLD_DELAY_MS);
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
}

function main(): void {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } },
  });
  const server = createServer(handle);
  // Longer than the peers' upstream keep-alive (nginx/Varnish idle for 60 s), so the origin never
  // closes a pooled connection just as a peer reuses it (which would surface as spurious 502s).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  server.listen(Number(values.port), values.host, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    process.stdout.write(`${JSON.stringify({ port })}\n`);
  });
  const stop = (): void => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
