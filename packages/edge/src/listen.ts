// Listening and draining helpers shared by the single-process runner and cluster workers.
import type { Server } from 'node:net';
import type { ListenAddress } from './config.js';

export function listen(server: Server, addr: ListenAddress): Promise<ListenAddress> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: addr.host, port: addr.port, backlog: 4096 }, () => {
      server.off('error', reject);
      const a = server.address();
      resolve(typeof a === 'object' && a ? { host: a.address, port: a.port } : addr);
    });
  });
}

/** Extra steps a protocol needs to drain (HTTP/2 sessions must be sent GOAWAY). */
const drainHooks = new WeakMap<Server, () => void>();

export function onDrain(server: Server, hook: () => void): void {
  drainHooks.set(server, hook);
}

/**
 * Graceful drain (SIGTERM): stop accepting, let in-flight requests finish, close idle keep-alive
 * connections, and after `drainMs` cut whatever is left.
 */
export async function drain(servers: readonly Server[], drainMs: number): Promise<void> {
  const closed = servers.map(
    (s) =>
      new Promise<void>((resolve) => {
        if (!s.listening) return resolve();
        s.close(() => resolve());
        (s as Server & { closeIdleConnections?: () => void }).closeIdleConnections?.();
        drainHooks.get(s)?.();
      }),
  );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      for (const s of servers) (s as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
      resolve();
    }, drainMs);
    timer.unref();
  });
  await Promise.race([Promise.all(closed), deadline]);
  clearTimeout(timer);
}
