// The control plane's HTTP application: the JSON API under /api/v1, its OpenAPI document at /api/docs,
// and the Media portal (a static single-page app) at every other path. Built by a function so tests get a
// real instance (inject() or a loopback port) with their own database and clock.
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import './fastify-types.js';
import type { AppDeps } from './deps.js';
import { installErrorHandling, sendError } from './error-handler.js';
import { installAuthentication } from '../auth/authenticate.js';
import { registerRoutes } from './routes.js';
import type { ApiRouter } from './router.js';

function typed(app: FastifyInstance): ApiRouter {
  return app.withTypeProvider<ZodTypeProvider>();
}

export interface AppOptions {
  /** The built portal (packages/portal-web/dist); served when it exists. */
  readonly portalDir?: string | undefined;
  /** false in tests; a pino options object or true for the server. */
  readonly logger?: boolean | { level: string };
}

export const API_PREFIX = '/api/v1';
const BODY_LIMIT_BYTES = 1_048_576;

export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => `req_${randomUUID()}`,
    // Our own not-found envelope also answers trailing-slash variants consistently.
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifyCookie);

  // Keep the raw bytes: an MPA signature covers base64(MD5(body)) of exactly what was sent.
  app.decorateRequest('rawBody', undefined);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(Object.assign(new Error('invalid JSON'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 }), undefined);
    }
  });

  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'same-origin');
    void reply.header('x-frame-options', 'DENY');
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
  });

  installErrorHandling(app);
  installAuthentication(app, deps);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Candela API',
        version: '1',
        description:
          'The Candela CDN control plane. Authenticate with the session cookie (portal) or sign requests with an API key (MPA scheme, see docs/api.md). Errors: { error: { code, message, details, requestId } }.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'candela_session' },
          mpa: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'MPA <keyId>:<base64 HMAC-SHA1> or MPA-SHA256 <keyId>:<base64 HMAC-SHA256>' },
          // The edges' own routes (/edges/*): the token an edge received when it enrolled (issue 4).
          edgeToken: { type: 'http', scheme: 'bearer', description: 'Bearer <edgeId>.<secret>, from POST /api/v1/edges/enrol' },
        },
      },
      security: [{ session: [] }, { mpa: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas given an id with .meta({ id }) (recursive ones must be) become named components.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  await app.register(
    (api, _options, done) => {
      registerRoutes(typed(api), deps);
      done();
    },
    { prefix: API_PREFIX },
  );

  const portalDir = options.portalDir;
  const servePortal = portalDir !== undefined && existsSync(portalDir);
  if (servePortal) await app.register(fastifyStatic, { root: portalDir, wildcard: false, index: ['index.html'] });
  // Client-side routes (/sign-in, /admin/users…) load the portal's shell; anything under /api stays a
  // JSON 404 in the envelope.
  app.setNotFoundHandler((request, reply) => {
    if (servePortal && request.method === 'GET' && !request.url.startsWith('/api')) return reply.sendFile('index.html');
    return sendError(request, reply, 'NOT_FOUND');
  });
  return app;
}
