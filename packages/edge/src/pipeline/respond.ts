// Writing responses to the client: from a stored entry (with client conditionals, HEAD and ranges
// answered by the cache), and the short error pages. Stored header fields are combined with the
// property's response policy at response time, so a configuration change applies to stored objects.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import {
  contentRange,
  evaluateClientConditional,
  ifRangeAllows,
  notModifiedHeaders,
  parseRange,
  unsatisfiedRange,
} from '@candela/http-cache';
import type { HeaderMap } from '@candela/http-cache';
import type { EffectiveBehaviours } from '../config/compile.js';
import type { PreparedResponse } from '../config/compile-access.js';
import type { EntryMeta, StoredEntry } from '../stores/types.js';
import { cacheStatusFor, fullResponseBlock } from './entry-view.js';
import { applyResponsePolicy, clientHeadersOf } from './response-headers.js';
import type { ClientResponse, Exchange } from './exchange.js';

function copyHeaders(h: HeaderMap): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name in h) {
    const v = h[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}

export function send(
  x: Exchange,
  status: number,
  headers: OutgoingHttpHeaders,
  body: Buffer | undefined,
): void {
  const res = x.res;
  if (headers.date !== undefined) res.sendDate = false;
  const withBody = body !== undefined && x.info.method !== 'HEAD' && status !== 304 && status !== 204;
  x.contentType = headerString(headers['content-type']);
  if (body !== undefined && status !== 304 && status !== 204) headers['content-length'] = body.length;
  res.writeHead(status, headers);
  if (withBody) {
    x.bytesSent += body.length;
    res.end(body);
  } else res.end();
}

export interface EntryResponseOptions {
  readonly ageS: number;
  readonly cacheStatus: string;
}

/** RFC 9111 §4 reuse: answers from a stored entry, evaluating conditionals (RFC 9110 §13.2.2) and ranges (§14). */
export function respondFromEntry(x: Exchange, entry: StoredEntry, opts: EntryResponseOptions): void {
  const meta = entry.meta;
  const req = x.info.headers;
  // The common case first: no validators and no Range in the request, so the precomputed header
  // block answers it (this is the cache-hit hot path).
  const conditional =
    req['if-none-match'] !== undefined || req['if-modified-since'] !== undefined || req['if-match'] !== undefined || req['if-unmodified-since'] !== undefined;
  if (!conditional && req.range === undefined) {
    sendBlock(x, entry, opts);
    return;
  }
  const cond = conditional ? evaluateClientConditional({ method: x.info.method, req, stored: meta.headers, status: meta.status }) : 'none';
  if (cond === 'not-modified') {
    const h = copyHeaders(notModifiedHeaders(meta.headers));
    finishHeaders(h, meta, x.behaviours, opts);
    send(x, 304, h, undefined);
    return;
  }
  if (cond === 'precondition-failed') {
    sendError(x, 412, 'precondition-failed');
    return;
  }
  const rangeHeader = req.range;
  if (rangeHeader !== undefined && meta.status === 200 && x.info.method === 'GET' && ifRangeAllows(req, meta.headers)) {
    const headers = clientHeadersOf(meta.headers);
    finishHeaders(headers, meta, x.behaviours, opts);
    const size = entry.body.length;
    const range = parseRange(rangeHeader, size);
    if (range.kind === 'unsatisfiable') {
      headers['content-range'] = unsatisfiedRange(size);
      send(x, 416, headers, Buffer.alloc(0));
      return;
    }
    if (range.kind === 'ranges' && range.ranges.length === 1) {
      const { start, end } = range.ranges[0]!;
      headers['content-range'] = contentRange(start, end, size);
      send(x, 206, headers, entry.body.subarray(start, end + 1));
      return;
    }
    if (range.kind === 'ranges') {
      sendMultipart(x, headers, entry.body, range.ranges);
      return;
    }
  }
  sendBlock(x, entry, opts);
}

/** A full stored response with the entry's precomputed header block plus Age and Cache-Status. */
function sendBlock(x: Exchange, entry: StoredEntry, opts: EntryResponseOptions): void {
  const res = x.res;
  const meta = entry.meta;
  const block = fullResponseBlock(meta, x.behaviours!);
  if (meta.headers.date !== undefined) res.sendDate = false;
  x.contentType = headerString(meta.headers['content-type']);
  const head = [...block, 'age', String(opts.ageS), 'cache-status', cacheStatusFor(meta, opts.cacheStatus)];
  (res as ServerResponse).writeHead(meta.status, head as unknown as OutgoingHttpHeaders);
  if (x.info.method === 'HEAD' || meta.status === 204 || meta.status === 304) {
    res.end();
    return;
  }
  x.bytesSent += entry.body.length;
  res.end(entry.body);
}

function finishHeaders(h: OutgoingHttpHeaders, meta: EntryMeta, b: EffectiveBehaviours | undefined, opts: EntryResponseOptions): void {
  applyResponsePolicy(h, b);
  h.age = String(opts.ageS);
  h['cache-status'] = cacheStatusFor(meta, opts.cacheStatus);
}

/** RFC 9110 §14.6: several ranges are sent as multipart/byteranges. */
function sendMultipart(
  x: Exchange,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  ranges: ReadonlyArray<{ start: number; end: number }>,
): void {
  const boundary = 'candela' + Math.random().toString(36).slice(2, 14);
  const type = headers['content-type'];
  const parts: Buffer[] = [];
  for (const { start, end } of ranges) {
    let head = `\r\n--${boundary}\r\n`;
    if (type !== undefined) head += `Content-Type: ${String(type)}\r\n`;
    head += `Content-Range: ${contentRange(start, end, body.length)}\r\n\r\n`;
    parts.push(Buffer.from(head, 'latin1'), body.subarray(start, end + 1));
  }
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'));
  headers['content-type'] = `multipart/byteranges; boundary=${boundary}`;
  send(x, 206, headers, Buffer.concat(parts));
}

const ERROR_TEXT: Record<number, readonly [string, string]> = {
  400: ['Bad request', 'Solicitud incorrecta'],
  403: ['Access denied: your address may not use this site', 'Acceso denegado: su dirección no puede usar este sitio'],
  404: ['Unknown host: this hostname is not served here', 'Host desconocido: este nombre no se sirve aquí'],
  412: ['Precondition failed', 'Falló la precondición'],
  421: ['This site is not served over this protocol', 'Este sitio no se sirve por este protocolo'],
  431: ['Request header fields too large', 'Campos de cabecera demasiado grandes'],
  502: ['The origin server could not be reached', 'No se pudo contactar al servidor de origen'],
  503: ['Service unavailable', 'Servicio no disponible'],
  504: ['The origin server did not answer in time', 'El servidor de origen no respondió a tiempo'],
};

/** A short error page in English and Spanish (customers read both), never cached by clients. */
export function sendError(x: Exchange, status: number, detail: string): void {
  if (x.res.headersSent) {
    x.res.destroy();
    return;
  }
  const [en, es] = ERROR_TEXT[status] ?? ['Error', 'Error'];
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${status}</title></head><body><h1>${status}</h1><p lang="en">${en}.</p><p lang="es">${es}.</p></body></html>\n`;
  send(
    x,
    status,
    { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'cache-status': `Candela; detail="${detail}"` },
    Buffer.from(html),
  );
}

/** A generated response (domain.md §2): exactly the configured status, fields and body. */
export function sendPrepared(x: Exchange, r: PreparedResponse): void {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of r.headers) headers[name] = value;
  send(x, r.status, headers, r.body);
}

export function isClientGone(res: ClientResponse): boolean {
  return res.destroyed || res.writableEnded;
}

export function headerString(v: string | string[] | number | undefined): string | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : String(v);
}
