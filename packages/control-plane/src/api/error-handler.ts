// Every failure leaves in one envelope (house rule 4): a stable code, the message in the caller's
// language, the JSON pointer of each bad field, and the request id. Unknown errors become 500 INTERNAL
// with their text logged once and never sent.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorEnvelope, errorStatus, hint, isValidationMessageKey, messageParams, toJsonPointer } from '@candela/contract';
import type { ErrorCode, Language, Problem } from '@candela/contract';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from './api-error.js';
import { languageFromAcceptLanguage } from './request-language.js';
import { effectiveUser } from '../auth/principal.js';

export function requestLanguage(request: FastifyRequest): Language {
  const principal = request.principal as FastifyRequest['principal'] | null;
  const user = principal === null ? undefined : effectiveUser(principal);
  return user?.language ?? languageFromAcceptLanguage(request.headers['accept-language']);
}

export function sendError(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, details: readonly Problem[] = []): FastifyReply {
  return reply
    .code(errorStatus(code))
    .type('application/json; charset=utf-8')
    .send(errorEnvelope({ code, requestId: request.id, language: requestLanguage(request), details }));
}

/** Fastify's own client-error codes (body parsing and limits) mapped to ours. */
const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_JSON',
};

/**
 * zod's own texts ("Invalid email address") in the caller's language, using zod's locales. A message a
 * schema wrote itself differs from zod's English default and is kept as it is; the contract's schemas
 * write theirs as catalogue keys, which validationProblems turns into hints before this is reached.
 */
function localisedMessage(issue: { keyword: string; message?: string | undefined; params: Record<string, unknown> }, language: Language): string {
  const message = issue.message ?? 'invalid';
  const rebuilt = { ...issue.params, code: issue.keyword, path: [], message } as unknown as Parameters<ReturnType<typeof z.locales.en>['localeError']>[0];
  try {
    const english = z.locales.en().localeError(rebuilt);
    if (english === undefined || english === null || (typeof english === 'string' ? english : english.message) !== message) return message;
    const translated = LOCALES[language]().localeError(rebuilt);
    return (typeof translated === 'string' ? translated : translated?.message) ?? message;
  } catch {
    return message;
  }
}

const LOCALES = { es: z.locales.es, en: z.locales.en } as const;

function validationProblems(error: FastifyError, language: Language): Problem[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  const where = error.validationContext === 'body' ? '' : `/${error.validationContext ?? 'request'}`;
  return error.validation.flatMap((issue) => {
    // The provider writes the root as "/" (`/${[].join('/')}`), which as a pointer would name the key "".
    const path = issue.instancePath === '' || issue.instancePath === '/' ? [] : issue.instancePath.slice(1).split('/');
    const parent = path.map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
    // A strict object reports unknown keys at the object; point at each key instead.
    const unknownKeys: unknown = issue.keyword === 'unrecognized_keys' ? issue.params.keys : undefined;
    const keys = Array.isArray(unknownKeys) && unknownKeys.length > 0 ? unknownKeys.map(String) : [undefined];
    return keys.map((key): Problem => {
      const pointer = where + toJsonPointer(key === undefined ? parent : [...parent, key]);
      // A hand-written hint: its key and placeholders go on, and the envelope says it in the caller's
      // language (the provider copies a custom issue's own `params` into `params.params`).
      if (isValidationMessageKey(issue.message)) return hint(pointer, issue.message, issue.keyword === 'custom' ? messageParams(issue.params.params) : undefined);
      return { pointer, message: localisedMessage(issue, language) };
    });
  });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
      return sendError(request, reply, error.code, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) return sendError(request, reply, 'VALIDATION_FAILED', validationProblems(error, requestLanguage(request)));
    const mapped = error.code === undefined ? undefined : FASTIFY_CODES[error.code];
    if (mapped !== undefined) return sendError(request, reply, mapped);
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ err: error }, 'client error');
      return sendError(request, reply, error.statusCode === 405 ? 'METHOD_NOT_ALLOWED' : 'VALIDATION_FAILED');
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 'INTERNAL');
  });
}
