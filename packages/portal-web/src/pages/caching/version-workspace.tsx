// One version in the editor, with Save (the next version, with a comment) and Save as (a new configuration
// at version 1). A save tells the server which latest version the edit knew of; when someone saved after
// it, the answer is 409 VERSION_CONFLICT and the user is offered the latest version instead of overwriting.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useApiClient } from '../../api/api-context';
import {
  createConfiguration,
  fetchVersion,
  saveVersion,
  type Configuration,
  type ConfigurationVersion,
  type CreateConfigurationRequest,
  type SaveVersionRequest,
} from '../../api/configurations';
import { ErrorNotice } from '../../forms/error-notice';
import { TextField } from '../../forms/text-field';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n-context';
import { scopeSearch } from '../../scope/use-scope';
import styles from './caching.module.css';
import { cachingKeys, configurationPath } from './caching-queries';
import { DocumentEditor } from './editor/document-editor';
import { useDocumentDraft } from './editor/use-document-draft';
import { configurationNameProblem, placeProblems, type RequestProblems } from './request-problems';

export interface VersionWorkspaceProps {
  readonly configuration: Configuration;
  readonly version: number;
  /** A version was saved: show it. */
  readonly onSaved: (version: number) => void;
  /** The user chose to drop the edit for the latest version after a conflict. */
  readonly onLoadLatest: () => void;
  /** Told when the draft starts or stops differing from the saved version (to confirm before leaving it). */
  readonly onDirtyChange: (dirty: boolean) => void;
}

export function VersionWorkspace(props: VersionWorkspaceProps) {
  const { t } = useI18n();
  const client = useApiClient();
  const { configuration, version } = props;
  // Versions never change once saved: one read is enough.
  const query = useQuery({
    queryKey: cachingKeys.version(configuration.id, version),
    queryFn: () => fetchVersion(client, configuration.id, version),
    staleTime: Infinity,
  });
  if (query.isPending) return <p aria-busy="true">{t('common.loading')}</p>;
  if (query.isError) return <ErrorNotice error={query.error} />;
  return <VersionEditor {...props} saved={query.data} />;
}

function VersionEditor({ configuration, saved, onSaved, onLoadLatest, onDirtyChange }: VersionWorkspaceProps & { readonly saved: ConfigurationVersion }) {
  const { t, language } = useI18n();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const draft = useDocumentDraft({ document: saved.document, version: saved.version });
  // The newest version this edit knows of; a save after someone else's answers VERSION_CONFLICT.
  const [baseVersion] = useState(configuration.latestVersion);
  useEffect(() => onDirtyChange(draft.dirty), [draft.dirty, onDirtyChange]);
  const [comment, setComment] = useState('');
  const [newName, setNewName] = useState('');
  const [nameProblem, setNameProblem] = useState<string | undefined>(undefined);
  const [saveFailure, setSaveFailure] = useState<RequestProblems | null>(null);
  const [saveAsFailure, setSaveAsFailure] = useState<RequestProblems | null>(null);
  const [attempted, setAttempted] = useState<'save' | 'saveAs' | null>(null);
  // Said beside the button pressed too: the editor's list may be scrolled out of sight.
  const blocked = draft.syntaxError !== null || draft.problems.length > 0;
  const blockedNote = (form: 'save' | 'saveAs') =>
    attempted === form && blocked ? (
      <p role="alert" className="field-error">
        {draft.syntaxError !== null ? t('caching.save.fixJson') : t('caching.save.fixFirst', { count: draft.problems.length })}
      </p>
    ) : null;

  const save = useMutation({
    mutationFn: (request: SaveVersionRequest) => saveVersion(client, configuration.id, request),
    onMutate: () => setSaveFailure(null),
    onError: (error) => setSaveFailure(placeProblems(error, ['comment'], draft)),
    onSuccess: async (summary) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: cachingKeys.configuration(configuration.id) }),
        queryClient.invalidateQueries({ queryKey: cachingKeys.versions(configuration.id) }),
        queryClient.invalidateQueries({ queryKey: cachingKeys.configurations(configuration.scid) }),
      ]);
      onSaved(summary.version);
    },
  });

  const saveAs = useMutation({
    mutationFn: (request: CreateConfigurationRequest) => createConfiguration(client, configuration.scid, request),
    onMutate: () => setSaveAsFailure(null),
    onError: (error) => setSaveAsFailure(placeProblems(error, ['name', 'comment'], draft)),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: cachingKeys.configurations(configuration.scid) });
      await navigate({ pathname: configurationPath(created.id), search: scopeSearch(params) });
    },
  });

  const onSave = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAttempted('save');
    const document = draft.attempt();
    if (document !== null) save.mutate({ baseVersion, comment: comment.trim(), document });
  };

  const onSaveAs = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAttempted('saveAs');
    const name = newName.trim();
    const problem = configurationNameProblem(name, language);
    setNameProblem(problem);
    const document = draft.attempt();
    if (problem === undefined && document !== null) saveAs.mutate({ name, comment: comment.trim(), document });
  };

  const conflict = saveFailure?.error.code === 'VERSION_CONFLICT';
  return (
    <>
      <hgroup>
        <h2>{t('caching.version.title', { version: saved.version })}</h2>
        <p>
          {t('caching.version.savedBy', { who: saved.createdBy, when: formatDateTime(saved.createdAt, language) })}
          {saved.comment !== '' && <> — {saved.comment}</>}
        </p>
      </hgroup>
      {saved.version < configuration.latestVersion && <p className={styles.muted}>{t('caching.version.older', { latest: configuration.latestVersion })}</p>}
      <DocumentEditor draft={draft} label={t('caching.version.editor', { version: saved.version })} />

      <div className={styles.forms}>
        <form onSubmit={onSave} noValidate aria-label={t('caching.save.title')}>
          <h3>{t('caching.save.title')}</h3>
          {saveFailure !== null && !conflict && <ErrorNotice error={saveFailure.error} unplaced={saveFailure.unplaced} />}
          {conflict && (
            <div role="alert" className="error-notice">
              <p>{saveFailure.error.message}</p>
              {saveFailure.unplaced.length > 0 && (
                <ul>
                  {saveFailure.unplaced.map((problem) => (
                    <li key={`${problem.pointer} ${problem.message}`}>{problem.message}</li>
                  ))}
                </ul>
              )}
              <p>
                <button type="button" className="secondary" onClick={onLoadLatest}>
                  {t('caching.save.loadLatest')}
                </button>
              </p>
            </div>
          )}
          <TextField
            name="comment"
            label={t('caching.field.comment')}
            hint={t('caching.field.commentHint')}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            autoComplete="off"
            error={saveFailure?.fields['comment']}
          />
          {blockedNote('save')}
          <button type="submit" aria-busy={save.isPending} disabled={save.isPending}>
            {t('caching.save.submit')}
          </button>
        </form>
        <form onSubmit={onSaveAs} noValidate aria-label={t('caching.saveAs.title')}>
          <h3>{t('caching.saveAs.title')}</h3>
          {saveAsFailure !== null && <ErrorNotice error={saveAsFailure.error} unplaced={saveAsFailure.unplaced} />}
          <TextField
            name="name"
            label={t('caching.saveAs.name')}
            hint={t('caching.saveAs.hint')}
            value={newName}
            onChange={(event) => setNewName(event.target.value)}
            autoComplete="off"
            error={nameProblem ?? saveAsFailure?.fields['name'] ?? saveAsFailure?.fields['comment']}
          />
          {blockedNote('saveAs')}
          <button type="submit" className="secondary" aria-busy={saveAs.isPending} disabled={saveAs.isPending}>
            {t('caching.saveAs.submit')}
          </button>
        </form>
      </div>
    </>
  );
}
