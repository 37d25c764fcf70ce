// The client-facing listeners: HTTP/1.1 in clear, and HTTPS with HTTP/2 by ALPN (HTTP/1.1 allowed)
// with the certificate chosen per SNI name. Both feed the same pipeline handler.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createSecureServer } from 'node:http2';
import type { Http2SecureServer, Http2ServerRequest, Http2ServerResponse, ServerHttp2Session } from 'node:http2';
import { createSecureContext } from 'node:tls';
import type { SecureContext } from 'node:tls';
import { readFileSync } from 'node:fs';
import type { Certificate } from '@candela/contract';
import type { EdgeOptions } from '../config.js';
import { onDrain } from '../listen.js';

type Handler = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => void;

/** Wraps the handler with the header-count limit Node does not enforce itself (it truncates). */
function limitHeaders(handler: Handler, maxHeaderCount: number): Handler {
  return (req, res) => {
    if (req.rawHeaders.length / 2 > maxHeaderCount) {
      res.writeHead(431, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end('Request header fields too large / Campos de cabecera demasiado grandes\n');
      return;
    }
    handler(req, res);
  };
}

export function createHttpServer(handler: Handler, opts: EdgeOptions): Server {
  const l = opts.limits;
  const server = createServer(
    {
      maxHeaderSize: l.maxHeaderBytes,
      headersTimeout: l.headersTimeoutMs,
      requestTimeout: l.requestTimeoutMs,
      keepAliveTimeout: l.keepAliveTimeoutMs,
      connectionsCheckingInterval: 1_000,
      noDelay: true,
    },
    limitHeaders(handler, l.maxHeaderCount),
  );
  server.timeout = l.idleTimeoutMs;
  return server;
}

export interface CertificateIndex {
  lookup(servername: string): SecureContext | undefined;
  readonly fallback: SecureContext | undefined;
}

export function indexCertificates(certs: readonly Certificate[]): CertificateIndex {
  const exact = new Map<string, SecureContext>();
  const wildcard = new Map<string, SecureContext>();
  let fallback: SecureContext | undefined;
  for (const c of certs) {
    const cert = c.certPem ?? readFileSync(c.certFile!, 'utf8');
    const key = c.keyPem ?? readFileSync(c.keyFile!, 'utf8');
    const ctx = createSecureContext({ cert, key });
    fallback ??= ctx;
    for (const h of c.hostnames) {
      if (h.startsWith('*.')) wildcard.set(h.slice(2), ctx);
      else exact.set(h, ctx);
    }
  }
  return {
    fallback,
    lookup(servername) {
      const name = servername.toLowerCase();
      const hit = exact.get(name);
      if (hit) return hit;
      const dot = name.indexOf('.');
      return dot === -1 ? undefined : wildcard.get(name.slice(dot + 1));
    },
  };
}

export function createTlsServer(handler: Handler, opts: EdgeOptions, certs: () => CertificateIndex): Http2SecureServer {
  const l = opts.limits;
  const server = createSecureServer(
    {
      allowHTTP1: true,
      maxSessionMemory: 64,
      settings: { maxHeaderListSize: l.maxHeaderBytes },
      SNICallback: (servername, cb) => {
        const index = certs();
        cb(null, index.lookup(servername) ?? index.fallback);
      },
    },
    limitHeaders(handler, l.maxHeaderCount),
  );
  server.setTimeout(l.idleTimeoutMs);
  // Drain: every open HTTP/2 session gets GOAWAY (in-flight streams finish, no new ones start).
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (session: ServerHttp2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  onDrain(server, () => {
    for (const session of sessions) session.close();
  });
  return server;
}
