// GET /api/v1/edges/feed (issue 4, embedded transport): server-sent events from the edge's cursor (query
// `cursor`, or the Last-Event-ID header an EventSource sends when it reconnects). The catch-up and live
// semantics are feed/feed-stream.ts; this file is the HTTP side: headers, the end of the response, and
// ending every open stream when the server closes so shutdown does not wait for edges to hang up.
import { edgeFeedQuerySchema, errorEnvelopeSchema, hint } from '@candela/contract';
import { ApiError } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import type { ApiRouter } from '../../api/router.js';
import { runFeedStream } from '../../feed/feed-stream.js';
import { parseSeq } from '../../feed/sse-format.js';
import { EDGE_SECURITY, edgeOnly, requestEdge } from './edge-auth.js';

export function feedRoute(api: ApiRouter, deps: AppDeps): void {
  const open = new Set<{ stop: AbortController; raw: { destroy(): void } }>();
  api.addHook('preClose', (done) => {
    // Destroyed, not ended: an ended response would leave a keep-alive connection that the server's close
    // then waits on. The edge reconnects (to another process) from its cursor.
    for (const stream of open) {
      stream.stop.abort();
      stream.raw.destroy();
    }
    done();
  });

  api.get('/edges/feed', { preValidation: edgeOnly(deps), schema: { tags: ['edges'], summary: 'The feed as server-sent events (text/event-stream): id = seq, event = kind, data = the event; the newest snapshot after the cursor, later events, then live ones', security: EDGE_SECURITY, querystring: edgeFeedQuerySchema, response: { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema } } }, async (request, reply) => {
    const edge = requestEdge(request);
    let cursor = request.query.cursor;
    const lastEventId = request.headers['last-event-id'];
    if (typeof lastEventId === 'string') {
      const seq = parseSeq(lastEventId);
      if (seq === undefined) throw new ApiError('VALIDATION_FAILED', [hint('/headers/last-event-id', 'edge.lastEventId')]);
      cursor = seq;
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // Proxies such as nginx would otherwise buffer the stream and delay every event.
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
      'x-content-type-options': 'nosniff',
    });
    raw.flushHeaders();
    const stop = new AbortController();
    const entry = { stop, raw };
    open.add(entry);
    raw.once('close', () => stop.abort());
    try {
      await runFeedStream({
        db: deps.db,
        hub: deps.feed,
        edgeId: edge.id,
        cursor,
        sink: raw,
        stop: stop.signal,
        // Removed by staff, or enrolled again (which replaces the token this stream was opened with).
        stillEnrolled: async () => {
          const now = await deps.db.selectFrom('edges').select(['removed_at', 'token_hash']).where('id', '=', edge.id).executeTakeFirst();
          return now !== undefined && now.removed_at === null && now.token_hash === edge.token_hash;
        },
      });
    } catch (error) {
      request.log.error({ err: error, edgeId: edge.id }, 'feed stream failed');
    } finally {
      open.delete(entry);
      if (!raw.writableEnded) raw.end();
    }
  });
}
