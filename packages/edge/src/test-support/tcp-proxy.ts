// A TCP relay on a loopback port in front of a real server (NATS in the feed tests), which a test can
// close to new connections and cut, to watch an edge lose its transport and come back.
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export class TcpProxy {
  readonly #server: Server;
  readonly #pairs = new Set<Socket>();
  #port = 0;
  /** While false, new connections are closed at once (the server looks down). */
  open = true;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.#server = createServer((client) => {
      if (!this.open) {
        client.destroy();
        return;
      }
      const upstream = connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.#pairs.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          this.#pairs.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
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

  /** Drops every relayed connection (both ends). */
  cut(): void {
    for (const s of this.#pairs) s.destroy();
    this.#pairs.clear();
  }

  async stop(): Promise<void> {
    this.open = false;
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
