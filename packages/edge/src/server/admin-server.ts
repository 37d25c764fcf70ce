// The admin listener (separate port, bearer token): invalidation, Prometheus metrics, per-minute
// usage, configuration reload and health. It talks to an EdgeControl, which a single process or a
// cluster primary implements, so the routes do not care how many workers there are.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import { invalidationRequestSchema, validate } from '@candela/contract';
import type { InvalidationRequest, InvalidationResult, Problem } from '@candela/contract';
import type { FeedStatus } from '../feed/feed-client.js';
import { InvalidationError } from '../purge/invalidation-predicate.js';

export type ReloadResult = { ok: true; version: number } | { ok: false; problems: Problem[] };

export interface EdgeHealth {
  readonly status: 'ok' | 'draining';
  readonly configVersion: number;
  readonly edgeId: string;
  /** Feed mode: the transport, whether it is connected, the applied snapshot's seq and the cursor. */
  readonly feed?: FeedStatus;
}

export interface EdgeControl {
  invalidate(req: InvalidationRequest): Promise<InvalidationResult>;
  metrics(): Promise<{ contentType: string; body: string }>;
  usage(): Promise<unknown>;
  reload(): Promise<ReloadResult>;
  health(): EdgeHealth;
}

const MAX_BODY_BYTES = 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function sendProblem(res: ServerResponse, status: number, code: string, message: string, details?: Problem[]): void {
  sendJson(res, status, { error: { code, message, ...(details ? { details } : {}) } });
}

/** Constant-time comparison of the presented bearer token with the configured one. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const a = createHash('sha256').update(header.slice(7)).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SyntaxError('body larger than 1 MiB');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

async function route(control: EdgeControl, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && (path === '/healthz' || path === '/health')) {
    const h = control.health();
    sendJson(res, h.status === 'ok' ? 200 : 503, h);
    return;
  }
  if (!tokenMatches(req.headers.authorization, token)) {
    res.setHeader('www-authenticate', 'Bearer realm="candela-edge-admin"');
    sendProblem(res, 401, 'UNAUTHENTICATED', 'a valid bearer token is required');
    return;
  }
  if (req.method === 'GET' && path === '/metrics') {
    const m = await control.metrics();
    res.writeHead(200, { 'content-type': m.contentType });
    res.end(m.body);
    return;
  }
  if (req.method === 'GET' && path === '/usage') {
    sendJson(res, 200, await control.usage());
    return;
  }
  if (req.method === 'POST' && path === '/reload') {
    const r = await control.reload();
    if (r.ok) sendJson(res, 200, r);
    else sendProblem(res, 422, 'CONFIG_INVALID', 'the configuration document was refused', r.problems);
    return;
  }
  if (req.method === 'POST' && path === '/invalidate') {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (err) {
      sendProblem(res, 400, 'MALFORMED_JSON', err instanceof Error ? err.message : 'malformed JSON');
      return;
    }
    const parsed = validate(invalidationRequestSchema, body);
    if (!parsed.ok) {
      sendProblem(res, 400, 'VALIDATION_FAILED', 'the invalidation request is invalid', parsed.problems);
      return;
    }
    try {
      sendJson(res, 200, await control.invalidate(parsed.value));
    } catch (err) {
      if (!(err instanceof InvalidationError)) throw err;
      sendProblem(res, err.code === 'UNKNOWN_PROPERTY' ? 404 : 400, err.code, err.message, [
        { pointer: err.pointer, message: err.message },
      ]);
    }
    return;
  }
  sendProblem(res, 404, 'NOT_FOUND', `no admin route ${req.method ?? ''} ${path ?? ''}`);
}

export function createAdminServer(control: EdgeControl, token: string): Server {
  return createServer((req, res) => {
    route(control, token, req, res).catch(() => {
      if (!res.headersSent) sendProblem(res, 500, 'INTERNAL', 'internal error');
      else res.destroy();
    });
  });
}
