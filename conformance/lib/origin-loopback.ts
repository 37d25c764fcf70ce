// Preloaded (node --import) into the suite's origin server, which calls `server.listen(port)` and
// so would listen on every interface. The harness only ever talks to it over loopback, so pin
// port-only listen() calls to 127.0.0.1 rather than expose a test server that accepts PUTs.
import { Server } from 'node:net';

// Taken as a plain function value; it is only ever called with Reflect.apply and the right `this`.
const originalListen = Object.getOwnPropertyDescriptor(Server.prototype, 'listen')?.value as (...args: unknown[]) => Server;

Server.prototype.listen = function listenOnLoopback(this: Server, ...args: unknown[]): Server {
  const [first, second] = args;
  const isPort = typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first));
  const portOnly = isPort && typeof second !== 'string';
  const patched = portOnly ? [first, '127.0.0.1', ...args.slice(1)] : args;
  return Reflect.apply(originalListen, this, patched);
} as typeof Server.prototype.listen;
