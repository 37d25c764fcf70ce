// The checks the invalidation form makes before sending (the contract's rules, said in the reader's
// language), and where the API's problems go back (JSON pointers /paths/3, /tags/0, /properties, /notify).
// Pure: text in, problems out. Pattern errors come from the contract's compilePurgePattern, the same parser
// the control plane refuses with, so a pattern the form lets through is one the API accepts.
import { compilePurgePattern, INVALIDATION_LIMITS, notifyAddresses, patternErrorHint, validationMessage } from '@candela/contract';
import type { CreateInvalidationBody, InvalidationKind, InvalidationType } from '../../api/invalidations';
import type { Language, Problem } from '../../api/types';
import { fieldOfPointer } from '../../forms/field-errors';
import type { Translate } from '../../i18n/i18n-context';

/** One non-empty line of a textarea, numbered from 1 as the user sees it, without surrounding blanks. */
export interface Line {
  readonly line: number;
  readonly text: string;
}

/** A problem of one line: its text, and for a pattern error the 0-based position a caret points at. */
export interface LineProblem {
  readonly line: number;
  readonly text: string;
  readonly message: string;
  readonly position?: number;
}

/** The fields of the form, named as the request body's members (so pointers land on them). */
export const INVALIDATION_FIELDS = ['properties', 'kind', 'paths', 'tags', 'type', 'ignoreCase', 'notify'] as const;
export type InvalidationField = (typeof INVALIDATION_FIELDS)[number];

/** The lines that hold something: blank lines between paths are allowed and not sent. */
export function linesOf(text: string): Line[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((raw, index) => ({ line: index + 1, text: raw.trim() }))
    .filter((entry) => entry.text !== '');
}

/** Pattern and length problems of the path lines, checked as the user types. */
export function pathLineProblems(lines: readonly Line[], ignoreCase: boolean, language: Language, t: Translate): LineProblem[] {
  const problems: LineProblem[] = [];
  for (const { line, text } of lines) {
    if (text.length > INVALIDATION_LIMITS.pathLength) {
      problems.push({ line, text, message: t('invalidation.pathTooLong', { maximum: INVALIDATION_LIMITS.pathLength }) });
      continue;
    }
    const compiled = compilePurgePattern(text, { ignoreCase });
    if (compiled.ok) continue;
    const { key, params } = patternErrorHint(compiled.error);
    problems.push({ line, text, message: validationMessage(key, language, params), position: compiled.error.position });
  }
  return problems;
}

/** Size problems of the cache-tag lines (a tag is at most 1024 bytes of UTF-8). */
export function tagLineProblems(lines: readonly Line[], language: Language): LineProblem[] {
  const encoder = new TextEncoder();
  return lines
    .filter(({ text }) => encoder.encode(text).length > INVALIDATION_LIMITS.tagBytes)
    .map(({ line, text }) => ({ line, text, message: validationMessage('invalidation.tagTooLong', language) }));
}

/** A pragmatic e-mail shape; the API checks each address properly and answers with the one it refused. */
const EMAIL_SHAPE = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** The notify list's problem, or undefined: at most 250 characters of addresses. */
export function notifyProblem(notify: string, language: Language, t: Translate): string | undefined {
  const trimmed = notify.trim();
  if (trimmed.length > INVALIDATION_LIMITS.notifyLength) return t('invalidation.notifyTooLong', { maximum: INVALIDATION_LIMITS.notifyLength });
  const bad = notifyAddresses(trimmed).find((address) => !EMAIL_SHAPE.test(address));
  return bad === undefined ? undefined : validationMessage('invalidation.notifyAddress', language, { address: bad });
}

/** What the user filled in, as the form holds it. */
export interface InvalidationDraft {
  readonly properties: readonly string[];
  readonly kind: InvalidationKind;
  readonly pathsText: string;
  readonly tagsText: string;
  readonly type: InvalidationType;
  readonly ignoreCase: boolean;
  readonly notify: string;
}

/** Every problem of a draft, per field; lines keep their number so the user finds them. */
export interface DraftProblems {
  readonly fields: Partial<Record<InvalidationField, string>>;
  readonly paths: readonly LineProblem[];
  readonly tags: readonly LineProblem[];
}

export function countProblems(problems: DraftProblems): number {
  return Object.keys(problems.fields).length + problems.paths.length + problems.tags.length;
}

/**
 * The problems of a draft. `complete` adds those of a draft not finished yet (nothing chosen, no path): the
 * form shows them only once the user tried to send it, while the others show as the user types.
 */
export function draftProblems(draft: InvalidationDraft, language: Language, t: Translate, complete: boolean): DraftProblems {
  const fields: Partial<Record<InvalidationField, string>> = {};
  let paths: LineProblem[] = [];
  let tags: LineProblem[] = [];
  if (complete && draft.properties.length === 0) fields.properties = t('invalidation.propertiesRequired');
  if (draft.properties.length > INVALIDATION_LIMITS.propertiesPerRequest) {
    fields.properties = t('invalidation.propertiesTooMany', { maximum: INVALIDATION_LIMITS.propertiesPerRequest });
  }
  if (draft.kind === 'path') {
    const lines = linesOf(draft.pathsText);
    paths = pathLineProblems(lines, draft.ignoreCase, language, t);
    if (complete && lines.length === 0) fields.paths = validationMessage('invalidation.pathsRequired', language);
    if (lines.length > INVALIDATION_LIMITS.pathsPerRequest) fields.paths = t('invalidation.pathsTooMany', { maximum: INVALIDATION_LIMITS.pathsPerRequest, count: lines.length });
  }
  if (draft.kind === 'tag') {
    const lines = linesOf(draft.tagsText);
    tags = tagLineProblems(lines, language);
    if (complete && lines.length === 0) fields.tags = validationMessage('invalidation.tagsRequired', language);
    if (lines.length > INVALIDATION_LIMITS.tagsPerRequest) fields.tags = t('invalidation.tagsTooMany', { maximum: INVALIDATION_LIMITS.tagsPerRequest, count: lines.length });
  }
  const notify = notifyProblem(draft.notify, language, t);
  if (notify !== undefined) fields.notify = notify;
  return { fields, paths, tags };
}

/** The request body of a draft, and the lines its paths or tags came from (to place the API's problems). */
export function requestOf(draft: InvalidationDraft): { readonly body: CreateInvalidationBody; readonly lines: readonly Line[] } {
  const base = { kind: draft.kind, properties: [...draft.properties], type: draft.type, notify: draft.notify.trim() };
  if (draft.kind === 'path') {
    const lines = linesOf(draft.pathsText);
    return { body: { ...base, paths: lines.map((l) => l.text), ignoreCase: draft.ignoreCase }, lines };
  }
  if (draft.kind === 'tag') {
    const lines = linesOf(draft.tagsText);
    return { body: { ...base, tags: lines.map((l) => l.text), ignoreCase: false }, lines };
  }
  return { body: { ...base, ignoreCase: false }, lines: [] };
}

/** The API's problems beside the fields: /paths/3 on line of the fourth path sent, and so on. */
export interface PlacedProblems extends DraftProblems {
  /** Problems no field shows, for the form's alert. */
  readonly unplaced: readonly Problem[];
}

export function placeServerProblems(details: readonly Problem[], sent: { readonly body: CreateInvalidationBody; readonly lines: readonly Line[] }): PlacedProblems {
  const fields: Partial<Record<InvalidationField, string>> = {};
  const paths: LineProblem[] = [];
  const tags: LineProblem[] = [];
  const unplaced: Problem[] = [];
  const add = (field: InvalidationField, message: string) => {
    fields[field] = fields[field] === undefined ? message : `${fields[field]} ${message}`;
  };
  for (const problem of details) {
    const field = INVALIDATION_FIELDS.find((name) => name === fieldOfPointer(problem.pointer));
    const index = indexOfPointer(problem.pointer);
    if (field === undefined) unplaced.push(problem);
    else if ((field === 'paths' || field === 'tags') && index !== undefined && sent.lines[index] !== undefined) {
      const { line, text } = sent.lines[index];
      (field === 'paths' ? paths : tags).push({ line, text, message: problem.message });
    } else add(field, problem.message); // /properties/2's hint names the alias itself
  }
  return { fields, paths, tags, unplaced };
}

/** The array index a pointer names after its field ("/paths/3" → 3), if any. */
function indexOfPointer(pointer: string): number | undefined {
  const second = pointer.split('/')[2];
  return second !== undefined && /^[0-9]+$/.test(second) ? Number(second) : undefined;
}
