// The type every module's routes are registered on: fastify with zod schemas as the type provider, so a
// handler's request.body / params / query are typed from the same schemas that validate them and that
// generate the OpenAPI document.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

export type ApiRouter = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;
