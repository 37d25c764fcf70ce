// Every problem of a draft document, each at its JSON pointer (RFC 6901) and in the reader's language,
// from the same schema the server validates with (configurationDocumentSchema.safeParse), plus the
// server's own answer to a save. The editor shows each problem beside the field its pointer names, and
// the JSON view lists them all.
import {
  configurationDocumentSchema,
  isValidationMessageKey,
  messageParams,
  toJsonPointer,
  validationMessage,
  type ConfigurationDocument,
} from '@candela/contract';
import type { Language, Problem } from '../../../api/types';
import type { Translate } from '../../../i18n/i18n-context';
import { getAt, listAt, type JsonPath } from './document-draft';

export interface DocProblem {
  /** Into the document ('' for the document itself). */
  readonly pointer: string;
  readonly message: string;
}

export type DocumentCheck = { readonly ok: true; readonly document: ConfigurationDocument } | { readonly ok: false; readonly problems: readonly DocProblem[] };

/**
 * zod's issues read loosely: their exact TypeScript shapes differ between zod releases, and this only
 * needs a few documented fields of each (code, path, message and the code's own values).
 */
interface Issue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly [field: string]: unknown;
}

function issuesOf(value: unknown): Issue[] {
  return Array.isArray(value) ? (value as Issue[]) : [];
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))) : [];
}

const TYPE_KEYS = {
  string: 'docProblem.expectedText',
  number: 'docProblem.expectedNumber',
  int: 'docProblem.expectedWholeNumber',
  boolean: 'docProblem.expectedBoolean',
  array: 'docProblem.expectedList',
  object: 'docProblem.expectedObject',
} as const;

function messageOf(issue: Issue, t: Translate, language: Language): string {
  // The contract's own hints are catalogue keys with both languages (validation-messages.ts).
  if (isValidationMessageKey(issue.message)) {
    return validationMessage(issue.message, language, issue.code === 'custom' ? messageParams(issue['params']) : undefined);
  }
  switch (issue.code) {
    case 'invalid_type': {
      if (issue['input'] === undefined) return t('docProblem.required');
      const expected = issue['expected'];
      return typeof expected === 'string' && Object.hasOwn(TYPE_KEYS, expected)
        ? t(TYPE_KEYS[expected as keyof typeof TYPE_KEYS])
        : t('docProblem.invalid');
    }
    case 'too_small': {
      const minimum = Number(issue['minimum']);
      if (issue['origin'] === 'string') return minimum <= 1 ? t('docProblem.empty') : t('docProblem.tooShort', { minimum });
      if (issue['origin'] === 'array' || issue['origin'] === 'set') return t('docProblem.tooFewItems', { minimum });
      return t('docProblem.tooSmall', { minimum });
    }
    case 'too_big': {
      const maximum = Number(issue['maximum']);
      if (issue['origin'] === 'string') return t('docProblem.tooLong', { maximum });
      if (issue['origin'] === 'array' || issue['origin'] === 'set') return t('docProblem.tooManyItems', { maximum });
      return t('docProblem.tooBig', { maximum });
    }
    case 'invalid_value':
      return t('docProblem.oneOf', { values: texts(issue['values']).join(', ') });
    case 'invalid_union': {
      const options = texts(issue['options']);
      return options.length > 0 ? t('docProblem.oneOf', { values: options.join(', ') }) : t('docProblem.noForm');
    }
    case 'invalid_format':
      return t('docProblem.format');
    default:
      return t('docProblem.invalid');
  }
}

/** How badly a union branch rejects the value's very shape: unknown keys or wrong types at its top. */
function shapeMisfit(issues: readonly Issue[]): number {
  return issues.filter((issue) => issue.path.length <= 1 && (issue.code === 'unrecognized_keys' || issue.code === 'invalid_type')).length;
}

/**
 * A union (headers spelled out | `{ definition }`) reports every branch's problems; the author meant the
 * branch whose shape the value has, so only that branch's problems are shown.
 */
function intendedBranch(branches: readonly Issue[][]): Issue[] {
  return [...branches].sort((a, b) => shapeMisfit(a) - shapeMisfit(b) || a.length - b.length)[0] ?? [];
}

function flatten(issue: Issue, at: readonly PropertyKey[], t: Translate, language: Language): DocProblem[] {
  const path = [...at, ...issue.path];
  if (issue.code === 'invalid_union' && Array.isArray(issue['errors']) && issue['errors'].length > 0) {
    const branch = intendedBranch((issue['errors'] as unknown[]).map(issuesOf));
    if (branch.length > 0) return branch.flatMap((inner) => flatten(inner, path, t, language));
  }
  // A record key that fails its own check (a header name) is reported inside: take the key's hint.
  if (issue.code === 'invalid_key' && Array.isArray(issue['issues']) && issue['issues'].length > 0) {
    return issuesOf(issue['issues']).flatMap((inner) => flatten(inner, path, t, language));
  }
  // A strict object names its unknown keys together; point at each key, as the API does.
  if (issue.code === 'unrecognized_keys') {
    return texts(issue['keys']).map((key) => ({ pointer: toJsonPointer([...path, key]), message: t('docProblem.unknownField', { field: key }) }));
  }
  return [{ pointer: toJsonPointer(path), message: messageOf(issue, t, language) }];
}

/**
 * The server's rule that a saved primary alias stays the first alias of its property
 * (configuration.primaryAliasFixed), checked here too so the editor says it before a save is attempted.
 */
function movedPrimaryAliases(document: unknown, fixed: ReadonlyMap<string, number>, language: Language): DocProblem[] {
  const problems: DocProblem[] = [];
  listAt(document, ['properties']).forEach((property, i) =>
    listAt(property, ['aliases']).forEach((alias, j) => {
      const version = typeof alias === 'string' ? fixed.get(alias) : undefined;
      if (j > 0 && version !== undefined && typeof alias === 'string') {
        problems.push({ pointer: toJsonPointer(['properties', i, 'aliases', j]), message: validationMessage('configuration.primaryAliasFixed', language, { alias, version }) });
      }
    }),
  );
  return problems;
}

export interface CheckOptions {
  readonly t: Translate;
  readonly language: Language;
  /** Primary aliases of the saved version the draft started from, with that version's number. */
  readonly fixedPrimaryAliases?: ReadonlyMap<string, number>;
}

/** An empty text also fails its format; "must not be empty" says all there is to say about it. */
function withoutFormatOfEmpty(issues: readonly Issue[]): Issue[] {
  const empty = new Set(issues.filter((issue) => issue.code === 'too_small' && issue['origin'] === 'string' && issue['input'] === '').map((issue) => toJsonPointer(issue.path)));
  return issues.filter((issue) => !(issue.code === 'invalid_format' && issue['input'] === '' && empty.has(toJsonPointer(issue.path))));
}

export function checkDocument(document: unknown, { t, language, fixedPrimaryAliases = new Map() }: CheckOptions): DocumentCheck {
  const result = configurationDocumentSchema.safeParse(document, { reportInput: true });
  const found = result.success ? [] : withoutFormatOfEmpty(issuesOf(result.error.issues)).flatMap((issue) => flatten(issue, [], t, language));
  found.push(...movedPrimaryAliases(document, fixedPrimaryAliases, language));
  const seen = new Set<string>();
  const problems = found.filter((problem) => {
    const key = `${problem.pointer}\n${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (result.success && problems.length === 0) return { ok: true, document: result.data };
  return { ok: false, problems };
}

/** A problem the server reported, with the value it was about: once that value changes, it is stale. */
export interface ServerProblem extends DocProblem {
  readonly valueThen: string;
}

const DOCUMENT_POINTER = '/document';

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function pathOfPointer(pointer: string): JsonPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map(unescapeToken)
    .map((token) => (/^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : token));
}

function valueText(document: unknown, pointer: string): string {
  return JSON.stringify(getAt(document, pathOfPointer(pointer))) ?? 'undefined';
}

/**
 * Splits a save's API problems: those inside the body's `document` move into the document's own pointer
 * space (for the editor); the rest (name, comment) stay with the request's other fields.
 */
export function splitServerProblems(details: readonly Problem[], document: unknown): { readonly inDocument: ServerProblem[]; readonly other: Problem[] } {
  const inDocument: ServerProblem[] = [];
  const other: Problem[] = [];
  for (const problem of details) {
    if (problem.pointer === DOCUMENT_POINTER || problem.pointer.startsWith(`${DOCUMENT_POINTER}/`)) {
      const pointer = problem.pointer.slice(DOCUMENT_POINTER.length);
      inDocument.push({ pointer, message: problem.message, valueThen: valueText(document, pointer) });
    } else other.push(problem);
  }
  return { inDocument, other };
}

/** The server's problems that still describe the draft: the value at their pointer has not changed. */
export function currentServerProblems(problems: readonly ServerProblem[], document: unknown): DocProblem[] {
  return problems.filter((problem) => valueText(document, problem.pointer) === problem.valueThen);
}

/** Problems grouped by pointer, for the fields to look up their own. */
export function problemsByPointer(problems: readonly DocProblem[]): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, string[]>();
  for (const problem of problems) map.set(problem.pointer, [...(map.get(problem.pointer) ?? []), problem.message]);
  return map;
}
