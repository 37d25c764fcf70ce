// The API's one error envelope (docs/api.md) as a thrown value. The portal branches on `code`, shows
// `message` (already localised by the server) and puts each `details` entry next to its field.
import type { ErrorEnvelope, Problem } from './types';

/**
 * Codes the client makes up when there is no envelope to read: the request never got an answer, or the
 * answer was not the documented JSON. The UI shows its own localised text for these two.
 */
export const NETWORK_ERROR = 'NETWORK_ERROR';
export const UNEXPECTED_RESPONSE = 'UNEXPECTED_RESPONSE';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: readonly Problem[];
  readonly requestId: string | null;
  /** Seconds to wait before asking again, from Retry-After (429 RATE_LIMITED, 423); null without one. */
  readonly retryAfterS: number | null;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: readonly Problem[];
    requestId?: string | null;
    retryAfterS?: number | null;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId ?? null;
    this.retryAfterS = init.retryAfterS ?? null;
  }

  /** True for the client-made codes, whose `message` is not meant for users. */
  get isClientSide(): boolean {
    return this.code === NETWORK_ERROR || this.code === UNEXPECTED_RESPONSE;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isProblem(value: unknown): value is Problem {
  return isRecord(value) && typeof value.pointer === 'string' && typeof value.message === 'string';
}

/** Checks the envelope by hand: a proxy or a crashed server may answer anything at all. */
export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  if (!isRecord(value) || !isRecord(value.error)) return false;
  const { code, message, details, requestId } = value.error;
  return (
    typeof code === 'string' &&
    typeof message === 'string' &&
    typeof requestId === 'string' &&
    (details === undefined || (Array.isArray(details) && details.every(isProblem)))
  );
}

/**
 * Retry-After (RFC 9110 §10.2.3) as seconds from `nowMs`: delay-seconds or an HTTP-date; null when absent
 * or unreadable.
 */
export function parseRetryAfter(header: string | null, nowMs: number = Date.now()): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^[0-9]+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** Turns a non-2xx answer into an ApiError; `body` is the parsed JSON, or undefined when it was not JSON. */
export function apiErrorFrom(status: number, body: unknown, requestIdHeader: string | null, retryAfterHeader: string | null = null): ApiError {
  const retryAfterS = parseRetryAfter(retryAfterHeader);
  if (isErrorEnvelope(body)) {
    const { code, message, details, requestId } = body.error;
    return new ApiError({ status, code, message, details: details ?? [], requestId, retryAfterS });
  }
  return new ApiError({
    status,
    code: UNEXPECTED_RESPONSE,
    message: `HTTP ${status} without an error envelope`,
    requestId: requestIdHeader,
    retryAfterS,
  });
}

/** Anything caught from a request, as an ApiError (the client only throws ApiError, but catch gives unknown). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({ status: 0, code: UNEXPECTED_RESPONSE, message: error instanceof Error ? error.message : String(error) });
}
