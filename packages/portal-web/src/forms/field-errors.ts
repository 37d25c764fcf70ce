// Where each problem of an API error is shown: next to the form field its JSON pointer names ("/email" →
// the email field, "/scids/2" → the scids field), and in the form's alert when no field matches.
import { toApiError, type ApiError } from '../api/api-error';
import type { Problem } from '../api/types';

export interface SplitProblems<F extends string> {
  readonly fieldErrors: Partial<Record<F, string>>;
  /** Problems that point at nothing the form shows (the body itself, a field the form does not have). */
  readonly unplaced: readonly Problem[];
}

/** The first reference token of an RFC 6901 pointer, unescaped (~1 is "/", ~0 is "~"). */
export function fieldOfPointer(pointer: string): string | undefined {
  if (!pointer.startsWith('/')) return undefined;
  const first = pointer.slice(1).split('/')[0] ?? '';
  return first === '' ? undefined : first.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function splitProblems<F extends string>(error: ApiError | null, fields: readonly F[]): SplitProblems<F> {
  const fieldErrors: Partial<Record<F, string>> = {};
  const unplaced: Problem[] = [];
  for (const problem of error?.details ?? []) {
    const field = fields.find((name) => name === fieldOfPointer(problem.pointer));
    if (field === undefined) unplaced.push(problem);
    // Several problems on one field read as one sentence each.
    else fieldErrors[field] = fieldErrors[field] === undefined ? problem.message : `${fieldErrors[field]} ${problem.message}`;
  }
  return { fieldErrors, unplaced };
}

/** A form's request, as far as showing its failure goes (react-query's mutation result fits). */
export interface FormRequestState {
  readonly isError: boolean;
  readonly error: unknown;
}

export interface FormProblems<F extends string> extends SplitProblems<F> {
  /** The failure to show in the form's alert, or null. */
  readonly error: ApiError | null;
}

/** The request's failure, split between the form's fields and its alert. */
export function problemsOf<F extends string>(request: FormRequestState, fields: readonly F[]): FormProblems<F> {
  const error = request.isError ? toApiError(request.error) : null;
  return { error, ...splitProblems(error, fields) };
}
