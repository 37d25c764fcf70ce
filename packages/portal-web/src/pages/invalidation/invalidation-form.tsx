// A new invalidation request (domain.md §3): which of the service's active properties, what (paths in the
// wildcard grammar, cache tags, or the whole property), Normal or Force, ignore case, who to tell when it
// completes. Paths are checked as they are typed with the contract's parser, each problem beside the field
// with its line and a caret under the character; the API's own problems land in the same places. Over the
// access group's limit (429 RATE_LIMITED) the form says when the next request can go.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { INVALIDATION_LIMITS } from '@candela/contract';
import { toApiError, type ApiError } from '../../api/api-error';
import { useApiClient } from '../../api/api-context';
import { createInvalidation, type Invalidation, type InvalidationKind, type InvalidationType } from '../../api/invalidations';
import { ErrorNotice } from '../../forms/error-notice';
import { TextField } from '../../forms/text-field';
import { useI18n } from '../../i18n/i18n-context';
import { scopeSearch } from '../../scope/use-scope';
import styles from './invalidation.module.css';
import { invalidationKeys, invalidationPath } from './invalidation-queries';
import {
  countProblems,
  draftProblems,
  placeServerProblems,
  requestOf,
  type InvalidationDraft,
  type InvalidationField,
  type LineProblem,
  type PlacedProblems,
} from './invalidation-rules';
import { LiveInvalidationProgress } from './invalidation-status';

/** At most this many line problems are listed; the rest are counted. */
const SHOWN_LINE_PROBLEMS = 10;

const KINDS: readonly InvalidationKind[] = ['path', 'tag', 'property'];
const TYPES: readonly InvalidationType[] = ['normal', 'force'];

export interface InvalidationFormProps {
  readonly scid: string;
  /** The primary aliases of the properties active in the service (property registry). */
  readonly properties: readonly string[];
}

interface Failure {
  readonly error: ApiError;
  readonly placed: PlacedProblems;
  /** For 429: when the next request fits the access group's limits again. */
  readonly retryAt: Date | null;
}

const NO_PROBLEMS: PlacedProblems = { fields: {}, paths: [], tags: [], unplaced: [] };

export function InvalidationForm({ scid, properties }: InvalidationFormProps) {
  const { t, language } = useI18n();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = useId();
  const ids = { paths: useId(), tags: useId(), kinds: useId(), types: useId(), ignoreCase: useId(), properties: useId() };

  const [draft, setDraft] = useState<InvalidationDraft>({
    properties: [],
    kind: 'path',
    pathsText: '',
    tagsText: '',
    type: 'normal',
    ignoreCase: false,
    notify: '',
  });
  /** Set once the user tried to send: from then on, missing choices are shown too. */
  const [attempted, setAttempted] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [latest, setLatest] = useState<Invalidation | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  const local = useMemo(() => draftProblems(draft, language, t, attempted), [draft, language, t, attempted]);
  const server = failure?.placed ?? NO_PROBLEMS;
  const fieldError = (field: InvalidationField): string | undefined => local.fields[field] ?? server.fields[field];
  const lineProblems = (field: 'paths' | 'tags'): readonly LineProblem[] => [...local[field], ...server[field]].sort((a, b) => a.line - b.line);

  // After a refused attempt, the first field with a problem gets the focus (and reads its problem out).
  useEffect(() => {
    if (focusRequest === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    const target = invalid instanceof HTMLFieldSetElement ? invalid.querySelector<HTMLElement>('input') : invalid;
    target?.focus();
  }, [focusRequest]);

  const send = useMutation({
    mutationFn: (request: ReturnType<typeof requestOf>) => createInvalidation(client, scid, request.body),
    onMutate: () => {
      setFailure(null);
      setLatest(null);
    },
    onError: (error, request) => {
      const apiError = toApiError(error);
      const retryAt = apiError.code === 'RATE_LIMITED' && apiError.retryAfterS !== null ? new Date(Date.now() + apiError.retryAfterS * 1000) : null;
      setFailure({ error: apiError, placed: placeServerProblems(apiError.details, request), retryAt });
      if (apiError.details.length > 0) setFocusRequest((n) => n + 1);
    },
    onSuccess: async (invalidation) => {
      setLatest(invalidation);
      // A new request starts afresh: what it lacks is said when it is sent, not while it is typed.
      setAttempted(false);
      await queryClient.invalidateQueries({ queryKey: invalidationKeys.lists(scid) });
    },
  });

  /** An edit makes the API's remarks on that field stale. */
  const edit = (change: Partial<InvalidationDraft>, fields: readonly InvalidationField[]) => {
    setDraft((current) => ({ ...current, ...change }));
    if (failure === null) return;
    const placed = failure.placed;
    const keptFields = Object.fromEntries(Object.entries(placed.fields).filter(([field]) => !fields.includes(field as InvalidationField)));
    setFailure({
      ...failure,
      placed: {
        ...placed,
        fields: keptFields,
        paths: fields.includes('paths') ? [] : placed.paths,
        tags: fields.includes('tags') ? [] : placed.tags,
      },
    });
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAttempted(true);
    const problems = draftProblems(draft, language, t, true);
    if (countProblems(problems) > 0) {
      setFailure(null);
      setFocusRequest((n) => n + 1);
      return;
    }
    send.mutate(requestOf(draft));
  };

  const toggleProperty = (alias: string, checked: boolean) =>
    edit({ properties: checked ? [...draft.properties, alias] : draft.properties.filter((p) => p !== alias) }, ['properties']);

  const problemCount = attempted ? countProblems(local) : 0;
  const kindLabels: Record<InvalidationKind, string> = {
    path: t('invalidation.kind.path'),
    tag: t('invalidation.kind.tag'),
    property: t('invalidation.kind.property'),
  };
  const typeLabels: Record<InvalidationType, { label: string; hint: string }> = {
    normal: { label: t('invalidation.type.normal'), hint: t('invalidation.type.normalHint') },
    force: { label: t('invalidation.type.force'), hint: t('invalidation.type.forceHint') },
  };
  const notifyUsed = draft.notify.trim().length;

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
      <h2 id={headingId}>{t('invalidation.form.title')}</h2>

      <Choices legend={t('invalidation.properties')} error={fieldError('properties')}>
        {properties.length === 0 && <p>{t('invalidation.propertiesEmpty')}</p>}
        {properties.map((alias) => (
          <label key={alias} htmlFor={`${ids.properties}-${alias}`}>
            <input
              type="checkbox"
              id={`${ids.properties}-${alias}`}
              name="properties"
              value={alias}
              checked={draft.properties.includes(alias)}
              onChange={(e) => toggleProperty(alias, e.target.checked)}
            />
            {alias}
          </label>
        ))}
      </Choices>

      <Choices legend={t('invalidation.kind')} error={fieldError('kind')}>
        {KINDS.map((kind) => (
          <label key={kind} htmlFor={`${ids.kinds}-${kind}`}>
            <input
              type="radio"
              id={`${ids.kinds}-${kind}`}
              name="kind"
              value={kind}
              checked={draft.kind === kind}
              onChange={() => edit({ kind }, ['kind', 'paths', 'tags', 'ignoreCase'])}
            />
            {kindLabels[kind]}
          </label>
        ))}
      </Choices>

      {draft.kind === 'path' && (
        <>
          <LinesField
            id={ids.paths}
            name="paths"
            label={t('invalidation.paths')}
            hint={t('invalidation.pathsHint', { maximum: INVALIDATION_LIMITS.pathsPerRequest })}
            value={draft.pathsText}
            onChange={(pathsText) => edit({ pathsText }, ['paths'])}
            error={fieldError('paths')}
            problems={lineProblems('paths')}
          />
          <label htmlFor={ids.ignoreCase}>
            <input
              type="checkbox"
              role="switch"
              id={ids.ignoreCase}
              name="ignoreCase"
              checked={draft.ignoreCase}
              aria-describedby={`${ids.ignoreCase}-hint`}
              aria-invalid={fieldError('ignoreCase') !== undefined ? true : undefined}
              onChange={(e) => edit({ ignoreCase: e.target.checked }, ['ignoreCase', 'paths'])}
            />
            {t('invalidation.ignoreCase')}
          </label>
          <small id={`${ids.ignoreCase}-hint`} className={styles.hint}>
            {t('invalidation.ignoreCaseHint')}
          </small>
          {fieldError('ignoreCase') !== undefined && (
            <small role="alert" className="field-error">
              {fieldError('ignoreCase')}
            </small>
          )}
        </>
      )}

      {draft.kind === 'tag' && (
        <LinesField
          id={ids.tags}
          name="tags"
          label={t('invalidation.tags')}
          hint={t('invalidation.tagsHint', { maximum: INVALIDATION_LIMITS.tagsPerRequest })}
          value={draft.tagsText}
          onChange={(tagsText) => edit({ tagsText }, ['tags'])}
          error={fieldError('tags')}
          problems={lineProblems('tags')}
        />
      )}

      {draft.kind === 'property' && <p className={styles.hint}>{t('invalidation.kind.propertyHint')}</p>}

      <Choices legend={t('invalidation.type')} error={fieldError('type')} className={styles.explained}>
        {TYPES.map((type) => (
          <div key={type}>
            <label htmlFor={`${ids.types}-${type}`}>
              <input
                type="radio"
                id={`${ids.types}-${type}`}
                name="type"
                value={type}
                checked={draft.type === type}
                aria-describedby={`${ids.types}-${type}-hint`}
                onChange={() => edit({ type }, ['type'])}
              />
              {typeLabels[type].label}
            </label>
            <small id={`${ids.types}-${type}-hint`}>{typeLabels[type].hint}</small>
          </div>
        ))}
      </Choices>

      <TextField
        name="notify"
        type="text"
        inputMode="email"
        autoComplete="off"
        label={t('invalidation.notify')}
        hint={t('invalidation.notifyHint', { maximum: INVALIDATION_LIMITS.notifyLength, used: notifyUsed })}
        value={draft.notify}
        onChange={(e) => edit({ notify: e.target.value }, ['notify'])}
        error={fieldError('notify')}
      />

      {problemCount > 0 && (
        <p role="alert" className="field-error">
          {t('invalidation.fixFirst', { count: problemCount })}
        </p>
      )}
      {failure !== null && <FailureNotice failure={failure} />}

      <div className={styles.submitRow}>
        <button type="submit" aria-busy={send.isPending} disabled={send.isPending || properties.length === 0}>
          {t('invalidation.submit')}
        </button>
      </div>

      {latest !== null && (
        <p>
          {t('invalidation.sent')}{' '}
          <Link to={{ pathname: invalidationPath(latest.id), search: scopeSearch(params) }}>{t('invalidation.sentDetails')}</Link>
          <br />
          <LiveInvalidationProgress invalidation={latest} />
        </p>
      )}
    </form>
  );
}

/** The request's failure: for 429, when to try again; otherwise the message and the problems no field took. */
function FailureNotice({ failure }: { readonly failure: Failure }) {
  const { t, language } = useI18n();
  if (failure.error.code === 'RATE_LIMITED') {
    return (
      <div role="alert" className="error-notice">
        <p>{t('invalidation.rateLimited')}</p>
        {failure.retryAt !== null && (
          <p>
            <strong>
              {t('invalidation.retryAt', {
                time: new Intl.DateTimeFormat(language === 'es' ? 'es-419' : 'en', { timeStyle: 'medium' }).format(failure.retryAt),
                seconds: Math.max(1, Math.round((failure.retryAt.getTime() - Date.now()) / 1000)),
              })}
            </strong>
          </p>
        )}
      </div>
    );
  }
  return <ErrorNotice error={failure.error} unplaced={failure.placed.unplaced} />;
}

/** A fieldset of radios or checkboxes, with one error for the set. */
function Choices({ legend, error, className, children }: { readonly legend: string; readonly error: string | undefined; readonly className?: string; readonly children: ReactNode }) {
  const errorId = useId();
  return (
    <fieldset
      className={className ?? styles.choices}
      aria-invalid={error !== undefined ? true : undefined}
      aria-describedby={error !== undefined ? errorId : undefined}
    >
      <legend>{legend}</legend>
      {children}
      {error !== undefined && (
        <small id={errorId} role="alert" className="field-error">
          {error}
        </small>
      )}
    </fieldset>
  );
}

interface LinesFieldProps {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly hint: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error: string | undefined;
  readonly problems: readonly LineProblem[];
}

/**
 * A textarea of one item per line. Its problems are listed beside it, each with its line number, and a
 * pattern error with the line and a caret under the character (drawn for the eye: the text says the
 * position too, and that is what a screen reader reads).
 */
function LinesField({ id, name, label, hint, value, onChange, error, problems }: LinesFieldProps) {
  const { t } = useI18n();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const problemsId = `${id}-problems`;
  const invalid = error !== undefined || problems.length > 0;
  const describedBy = [hintId, error !== undefined ? errorId : null, problems.length > 0 ? problemsId : null].filter((x) => x !== null).join(' ');
  const shown = problems.slice(0, SHOWN_LINE_PROBLEMS);
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={5}
        className={styles.textarea}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
      />
      <small id={hintId} className={styles.hint}>
        {hint}
      </small>
      {error !== undefined && (
        <small id={errorId} role="alert" className="field-error">
          {error}
        </small>
      )}
      {problems.length > 0 && (
        <ul id={problemsId} className={`${styles.lineProblems} field-error`} aria-label={t('invalidation.lineProblems', { count: problems.length })}>
          {shown.map((problem) => (
            <li key={`${problem.line} ${problem.message}`}>
              {t('invalidation.lineProblem', { line: problem.line, message: problem.message })}
              {problem.position !== undefined && (
                <pre aria-hidden="true" className={styles.caret} data-testid="pattern-caret">
                  {`${problem.text}\n${' '.repeat(problem.position)}^`}
                </pre>
              )}
            </li>
          ))}
          {problems.length > shown.length && <li>{t('invalidation.moreLineProblems', { count: problems.length - shown.length })}</li>}
        </ul>
      )}
    </>
  );
}
