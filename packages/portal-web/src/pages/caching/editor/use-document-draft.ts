// The state of one document being edited: the draft itself, which view is showing, the JSON text while the
// JSON view is the source, which fields the user has left (their problems show from then on), and the
// problems the server reported on the last save. One hook, so the page's Save buttons and the editor's two
// views read and write the same draft.
import { useMemo, useState } from 'react';
import type { ConfigurationDocument } from '@candela/contract';
import type { Problem } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n-context';
import { formatJson, primaryAliases, setAt, type JsonPath } from './document-draft';
import { checkDocument, currentServerProblems, problemsByPointer, splitServerProblems, type DocProblem, type ServerProblem } from './document-problems';

export type EditorView = 'form' | 'json';

export interface JsonSyntaxError {
  readonly line: number | null;
  readonly column: number | null;
}

interface DraftState {
  readonly document: unknown;
  readonly view: EditorView;
  /** The JSON view's text; it is the source while that view shows, and may not parse. */
  readonly jsonText: string;
  readonly syntaxError: JsonSyntaxError | null;
  readonly dirty: boolean;
  readonly touched: ReadonlySet<string>;
  /** After a save was attempted every problem shows, touched or not. */
  readonly showAll: boolean;
  readonly server: readonly ServerProblem[];
  /** Set when the form view was asked for while the JSON does not parse. */
  readonly blockedSwitch: boolean;
}

function initialState(document: unknown): DraftState {
  return { document, view: 'form', jsonText: formatJson(document), syntaxError: null, dirty: false, touched: new Set(), showAll: false, server: [], blockedSwitch: false };
}

/** Where JSON.parse gave up, as a line and column (engines say "at position N" in their own words). */
export function syntaxErrorOf(text: string, error: unknown): JsonSyntaxError {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (match === null) return { line: null, column: null };
  const before = text.slice(0, Number(match[1]));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

export interface DocumentDraft {
  readonly document: unknown;
  readonly view: EditorView;
  readonly jsonText: string;
  readonly syntaxError: JsonSyntaxError | null;
  readonly blockedSwitch: boolean;
  readonly dirty: boolean;
  /** Every current problem (schema and server), for the lists. */
  readonly problems: readonly DocProblem[];
  /** Whether the lists and fields should show problems the user has not touched yet. */
  readonly showAll: boolean;
  /** Primary aliases of the saved version, which may not move (with that version's number). */
  readonly fixedPrimaryAliases: ReadonlyMap<string, number>;
  /** The problems a field shows: its own, once touched or after a save attempt. */
  readonly fieldProblems: (pointer: string) => readonly string[];
  readonly set: (path: JsonPath, value: unknown) => void;
  readonly update: (change: (document: unknown) => unknown) => void;
  readonly touch: (pointer: string) => void;
  readonly setView: (view: EditorView) => void;
  readonly setJsonText: (text: string) => void;
  /** Marks a save attempt; the valid document, or null when there is something to fix first. */
  readonly attempt: () => ConfigurationDocument | null;
  /** Puts a rejected save's problems beside their fields; returns the ones outside the document. */
  readonly setServerProblems: (details: readonly Problem[]) => Problem[];
}

export interface DraftOrigin {
  readonly document: unknown;
  /** The saved version the draft starts from; absent for a new configuration. */
  readonly version?: number;
}

export function useDocumentDraft(origin: DraftOrigin): DocumentDraft {
  const { t, language } = useI18n();
  const [state, setState] = useState(() => initialState(origin.document));
  const [fixedPrimaryAliases] = useState(
    () => new Map(origin.version === undefined ? [] : primaryAliases(origin.document).map((alias): [string, number] => [alias, origin.version ?? 0])),
  );

  const check = useMemo(() => checkDocument(state.document, { t, language, fixedPrimaryAliases }), [state.document, t, language, fixedPrimaryAliases]);
  const problems = useMemo(() => [...(check.ok ? [] : check.problems), ...currentServerProblems(state.server, state.document)], [check, state.server, state.document]);
  const byPointer = useMemo(() => problemsByPointer(problems), [problems]);

  const change = (next: (document: unknown) => unknown) =>
    setState((current) => {
      const document = next(current.document);
      return { ...current, document, jsonText: formatJson(document), dirty: true };
    });

  return {
    document: state.document,
    view: state.view,
    jsonText: state.jsonText,
    syntaxError: state.syntaxError,
    blockedSwitch: state.blockedSwitch,
    dirty: state.dirty,
    problems,
    showAll: state.showAll,
    fixedPrimaryAliases,
    fieldProblems: (pointer) => {
      const own = byPointer.get(pointer) ?? [];
      const fromServer = state.server.some((problem) => problem.pointer === pointer);
      return state.showAll || fromServer || state.touched.has(pointer) ? own : [];
    },
    set: (path, value) => change((document) => setAt(document, path, value)),
    update: change,
    touch: (pointer) =>
      setState((current) => (current.touched.has(pointer) ? current : { ...current, touched: new Set([...current.touched, pointer]) })),
    setView: (view) =>
      setState((current) => {
        if (view === current.view) return current;
        if (view === 'form' && current.syntaxError !== null) return { ...current, blockedSwitch: true };
        // Entering the JSON view shows the draft as it is now, formatted.
        return { ...current, view, jsonText: formatJson(current.document), blockedSwitch: false };
      }),
    setJsonText: (text) =>
      setState((current) => {
        try {
          const document: unknown = JSON.parse(text);
          return { ...current, jsonText: text, document, syntaxError: null, blockedSwitch: false, dirty: true };
        } catch (error) {
          return { ...current, jsonText: text, syntaxError: syntaxErrorOf(text, error), dirty: true };
        }
      }),
    attempt: () => {
      setState((current) => ({ ...current, showAll: true }));
      // The server's last answer does not block a new attempt: it decides again on the new request.
      if (state.syntaxError !== null || !check.ok) return null;
      return check.document;
    },
    setServerProblems: (details) => {
      const { inDocument, other } = splitServerProblems(details, state.document);
      setState((current) => ({ ...current, server: inDocument, showAll: true }));
      return other;
    },
  };
}
