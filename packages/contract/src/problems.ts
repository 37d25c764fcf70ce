// Validation problems located by JSON pointer (RFC 6901), the one shape every boundary reports.
import type { z } from 'zod';
import { isValidationMessageKey, messageParams, validationMessage } from './api/validation-messages.js';
import type { MessageParams, ValidationMessageKey } from './api/validation-messages.js';

export interface Problem {
  /** JSON pointer to the offending value, '' for the document itself. */
  readonly pointer: string;
  /**
   * Readable text. For a hand-written hint this is its English text, so a consumer that knows nothing of
   * languages (the edge's CLI, its admin listener, logs) still prints a sentence and never a key.
   */
  readonly message: string;
  /**
   * The hint's key in the catalogue (api/validation-messages.ts), with the values of its placeholders:
   * what lets the API's error envelope say the same hint in the caller's language. Absent for zod's
   * own checks, which the API localises through zod's locales instead.
   */
  readonly code?: ValidationMessageKey;
  readonly params?: MessageParams;
}

/** A hand-written hint at `pointer`, for route handlers: the English text now, the key for localising. */
export function hint(pointer: string, code: ValidationMessageKey, params?: MessageParams): Problem {
  return { pointer, message: validationMessage(code, 'en', params), code, ...(params === undefined ? {} : { params }) };
}

/** RFC 6901 §3: '~' is written '~0' and '/' is written '~1'. */
export function toJsonPointer(path: readonly PropertyKey[]): string {
  return path.map((seg) => '/' + String(seg).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

/**
 * Schemas write their own hints as catalogue keys (`message: 'scid.format'`, placeholders in a custom
 * issue's `params`); those become hints with English text. Any other message is zod's own and kept.
 */
export function problemsFromZod(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => {
    const pointer = toJsonPointer(issue.path);
    if (!isValidationMessageKey(issue.message)) return { pointer, message: issue.message };
    return hint(pointer, issue.message, issue.code === 'custom' ? messageParams(issue.params) : undefined);
  });
}

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: problemsFromZod(result.error) };
}
