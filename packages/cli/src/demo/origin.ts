// The bundled demo origin that `candela start` puts behind the edge, so a new user can see caching
// work without an origin of their own. Pages carry the headers a real site would send.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createHash } from 'node:crypto';

const started = new Date();

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>\n`;
}

interface Resource {
  readonly type: string;
  readonly cacheControl: string;
  readonly body: () => string;
}

const resources: Record<string, Resource> = {
  '/': {
    type: 'text/html; charset=utf-8',
    cacheControl: 'public, max-age=60',
    body: () =>
      page(
        'Candela demo origin',
        '<p lang="en">This page is cached by the edge for 60 seconds. Look at the Cache-Status and Age headers.</p>' +
          '<p lang="es">El edge guarda esta página 60 segundos. Mire las cabeceras Cache-Status y Age.</p>' +
          '<ul><li><a href="/time">/time</a> (never cached / nunca se guarda)</li><li><a href="/static/app.css">/static/app.css</a> (1 day / 1 día, tag <code>static</code>)</li></ul>',
      ),
  },
  '/time': {
    type: 'text/plain; charset=utf-8',
    cacheControl: 'no-store',
    body: () => `${new Date().toISOString()}\n`,
  },
  '/static/app.css': {
    type: 'text/css; charset=utf-8',
    cacheControl: 'public, max-age=86400',
    body: () => 'body { font-family: system-ui, sans-serif; }\n',
  },
};

export function startDemoOrigin(host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const r = resources[path];
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=30' });
      res.end('not found / no encontrado\n');
      return;
    }
    const body = r.body();
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    const headers = {
      'content-type': r.type,
      'cache-control': r.cacheControl,
      etag,
      'last-modified': started.toUTCString(),
      'surrogate-key': path.startsWith('/static/') ? 'static' : 'pages',
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
