// The edge routes' own authentication (issue 4): `Authorization: Bearer <edgeToken>`, never a user session
// or an API key, so a customer cannot reach them and an edge token reaches nothing else (customer routes
// see no session and no signature: 401). Runs before validation, like authenticate.ts, so a caller without
// a token learns nothing of the bodies. Edges send no cookies, so there is no CSRF token to ask for.
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import { findEdge } from './edge-repository.js';
import type { EdgeRow } from './edge-repository.js';
import { parseBearer, tokenMatches } from './edge-token.js';

/** How the OpenAPI document names this scheme (api/app.ts securitySchemes). */
export const EDGE_SECURITY = [{ edgeToken: [] }];

const authenticated = new WeakMap<FastifyRequest, EdgeRow>();

export function edgeOnly(deps: AppDeps): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const bearer = parseBearer(request.headers.authorization);
    const edge = bearer === undefined ? undefined : await findEdge(deps.db, bearer.edgeId);
    if (bearer === undefined || edge === undefined || !tokenMatches(bearer.token, edge.token_hash)) throw new ApiError('EDGE_TOKEN_INVALID');
    // Only an edge holding its own valid token learns that it was removed.
    if (edge.removed_at !== null) throw new ApiError('EDGE_REMOVED');
    authenticated.set(request, edge);
  };
}

/** The edge edgeOnly() admitted for this request. */
export function requestEdge(request: FastifyRequest): EdgeRow {
  const edge = authenticated.get(request);
  if (edge === undefined) throw new ApiError('EDGE_TOKEN_INVALID');
  return edge;
}
