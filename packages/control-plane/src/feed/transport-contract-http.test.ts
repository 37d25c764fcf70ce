// The feed contract (transport-contract.ts) over the HTTP transport: each edge enrols once and follows
// GET /api/v1/edges/feed from its own cursor, as the edge does.
import { before } from 'node:test';
import { forEachApp } from '../test-support/test-app.js';
import { enrolTestEdge } from '../modules/edges/edge-client.fixture.js';
import type { TestEdge } from '../modules/edges/edge-client.fixture.js';
import { openSse } from './sse-client.fixture.js';
import { feedTransportContract } from './transport-contract.js';
import type { FeedFollower, ReceivedEvent } from './transport-contract.js';

forEachApp('feed transport contract: HTTP (server-sent events)', (t) => {
  let base = '';
  const edges = new Map<string, { edge: TestEdge; cursor: number }>();
  before(async () => {
    await t.app().listen({ host: '127.0.0.1', port: 0 });
    const address = t.app().server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });

  feedTransportContract(() => ({
    db: t.db(),
    hub: t.deps().feed,
    follow: async (name): Promise<FeedFollower> => {
      let known = edges.get(name);
      if (known === undefined) {
        known = { edge: await enrolTestEdge(t, name), cursor: 0 };
        edges.set(name, known);
      }
      const state = known;
      const connection = await openSse(`${base}/api/v1/edges/feed?cursor=${state.cursor}`, state.edge.headers);
      const received: ReceivedEvent[] = [];
      const drain = () => {
        while (received.length < connection.events.length) {
          const event = JSON.parse(connection.events[received.length]!.data) as ReceivedEvent;
          received.push(event);
          state.cursor = event.seq;
        }
      };
      const pump = setInterval(drain, 5);
      return {
        received,
        stop: () => {
          drain();
          clearInterval(pump);
          connection.close();
          return Promise.resolve();
        },
      };
    },
  }));
});
