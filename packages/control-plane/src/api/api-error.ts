// The one way a route says "no": throw an ApiError with a stable code from the contract (house rule 4).
// The error handler turns it into the envelope in the caller's language; nothing else reaches a client.
import { hint } from '@candela/contract';
import type { ErrorCode, MessageParams, Problem, ValidationMessageKey } from '@candela/contract';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details: readonly Problem[] = [],
    /** Extra response headers, e.g. Retry-After on 423 and 429. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code);
    this.name = 'ApiError';
  }
}

/**
 * A problem with one field: `pointer` is the RFC 6901 JSON pointer into the request body; `hintKey` names
 * the explanation in the contract's catalogue (never a sentence), so the envelope says it in the caller's
 * language.
 */
export function fieldError(code: ErrorCode, pointer: string, hintKey: ValidationMessageKey, params?: MessageParams): ApiError {
  return new ApiError(code, [hint(pointer, hintKey, params)]);
}

/** Not found, and also the answer for another customer's things, so a probe learns nothing. */
export function notFound(): ApiError {
  return new ApiError('NOT_FOUND');
}
