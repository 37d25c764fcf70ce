// Validation problems located by JSON pointer (RFC 6901), the one shape every boundary reports.
import type { z } from 'zod';

export interface Problem {
  /** JSON pointer to the offending value, '' for the document itself. */
  readonly pointer: string;
  readonly message: string;
}

/** RFC 6901 §3: '~' is written '~0' and '/' is written '~1'. */
export function toJsonPointer(path: readonly PropertyKey[]): string {
  return path.map((seg) => '/' + String(seg).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

export function problemsFromZod(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({ pointer: toJsonPointer(issue.path), message: issue.message }));
}

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: problemsFromZod(result.error) };
}
