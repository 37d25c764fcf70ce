// Checks and problem placement shared by the create, save and save-as forms of a configuration.
import { configurationNameSchema, isValidationMessageKey, validationMessage } from '@candela/contract';
import { toApiError, type ApiError } from '../../api/api-error';
import type { Language, Problem } from '../../api/types';
import { fieldOfPointer } from '../../forms/field-errors';
import type { DocumentDraft } from './editor/use-document-draft';

/** The configuration-name rule of the contract, said in the reader's language; undefined when it holds. */
export function configurationNameProblem(name: string, language: Language): string | undefined {
  const result = configurationNameSchema.safeParse(name);
  if (result.success) return undefined;
  const message = result.error.issues[0]?.message ?? '';
  return validationMessage(isValidationMessageKey(message) ? message : 'configuration.name', language);
}

export interface RequestProblems {
  readonly error: ApiError;
  /** Messages per top-level field of the request body (name, comment, version, percent). */
  readonly fields: Readonly<Record<string, string>>;
  /** Problems no field shows, for the form's alert. */
  readonly unplaced: readonly Problem[];
}

/**
 * A failed request's problems: those inside `document` go beside the editor's fields (through the
 * draft), the rest to the request's own fields when the form shows them, or to its alert.
 */
export function placeProblems(failure: unknown, fields: readonly string[], draft?: DocumentDraft): RequestProblems {
  const error = toApiError(failure);
  const outside = draft === undefined ? [...error.details] : draft.setServerProblems(error.details);
  const placed: Record<string, string> = {};
  const unplaced: Problem[] = [];
  for (const problem of outside) {
    const field = fieldOfPointer(problem.pointer);
    if (field !== undefined && fields.includes(field)) placed[field] = placed[field] === undefined ? problem.message : `${placed[field]} ${problem.message}`;
    else unplaced.push(problem);
  }
  return { error, fields: placed, unplaced };
}
