// The edges' side of the feed (issue 4; contract feed.ts): enrol with the fleet's token, then, with the
// edge token, report heartbeats and acks. The stream itself is feed-route.ts; staff's view staff-routes.ts.
import { edgeAckBodySchema, edgeEnrolBodySchema, edgeEnrolResultSchema, edgeHeartbeatBodySchema, edgeHeartbeatResultSchema, errorEnvelopeSchema } from '@candela/contract';
import { z } from 'zod';
import { ApiError } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import type { ApiRouter } from '../../api/router.js';
import { recordAudit } from '../audit/audit-log.js';
import { EDGE_SECURITY, edgeOnly, requestEdge } from './edge-auth.js';
import { enrolEdge, recordAck, recordHeartbeat } from './edge-repository.js';
import { sameSecret } from './edge-token.js';
import { enrolmentToken } from './enrolment-token.js';
import { feedTransport } from './feed-transport.js';
import { feedRoute } from './feed-route.js';

const tags = ['edges'];
const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema };

function limited(deps: AppDeps, key: string): void {
  const decision = deps.limiters.signIn.hit(key);
  if (!decision.allowed) throw new ApiError('RATE_LIMITED', [], { 'retry-after': String(decision.retryAfterS) });
}

export function edgeRoutes(api: ApiRouter, deps: AppDeps): void {
  api.post('/edges/enrol', { schema: { tags, summary: 'Enrol an edge with the fleet’s enrolment token; the edge token is in this answer only', security: [], body: edgeEnrolBodySchema, response: { 201: edgeEnrolResultSchema, 429: errorEnvelopeSchema, ...errors } } }, async (request, reply) => {
    const now = deps.clock();
    // Guessing the token is limited like guessing a password (per client address, the sign-in limits).
    limited(deps, `edge-enrol:${request.ip}`);
    if (!sameSecret(request.body.enrolmentToken, enrolmentToken(deps.config))) throw new ApiError('ENROLMENT_TOKEN_INVALID');
    const { name, region, metro } = request.body;
    const { edge, token, replaced } = await enrolEdge(deps.db, { name, region, metro, nowMs: now });
    await recordAudit(deps.db, { caller: undefined, requestId: request.id, nowMs: now }, { accessGroupId: null, action: replaced ? 'edge.re-enrol' : 'edge.enrol', targetType: 'edge', targetId: edge.id, after: { name, region, metro } });
    deps.feed.edgeReported();
    return reply.code(201).send({ edgeId: edge.id, edgeToken: token, feed: feedTransport(deps.config.natsUrl) });
  });

  api.post('/edges/heartbeat', { preValidation: edgeOnly(deps), schema: { tags, summary: 'An edge’s heartbeat: the version it serves, its feed cursor and health', security: EDGE_SECURITY, body: edgeHeartbeatBodySchema, response: { 200: edgeHeartbeatResultSchema, ...errors } } }, async (request) => {
    const now = deps.clock();
    await recordHeartbeat(deps.db, requestEdge(request).id, request.body, now);
    deps.feed.edgeReported();
    return { serverTime: now };
  });

  api.post('/edges/acks', { preValidation: edgeOnly(deps), schema: { tags, summary: 'An edge’s answer to one feed event: applied (for an invalidation, with the objects matched in total and per item), or refused with its problems', security: EDGE_SECURITY, body: edgeAckBodySchema, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await recordAck(deps.db, requestEdge(request).id, request.body, deps.clock());
    deps.feed.edgeReported();
    return reply.code(204).send(null);
  });

  feedRoute(api, deps);
}
