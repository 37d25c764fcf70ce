// What this API adds to fastify's request (declaration merging; fastify's documented way).
import type { Language } from '@candela/contract';
import type { Principal } from '../auth/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** Storage behind the principal accessor (authenticate.ts). */
    principalValue: Principal | undefined;
    /** The body bytes as received: MPA signatures cover base64(MD5(body)). */
    rawBody: Buffer | undefined;
  }
}

export type { Language };
