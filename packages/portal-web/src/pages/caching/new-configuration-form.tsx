// "New configuration": a name, a comment and its first property through the same editor as every version
// (form or JSON). Created at version 1; the page of the new configuration opens.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useApiClient } from '../../api/api-context';
import { createConfiguration } from '../../api/configurations';
import { DisclosureForm } from '../../forms/disclosure-form';
import { textOf } from '../../forms/form-data';
import { TextField } from '../../forms/text-field';
import { useI18n } from '../../i18n/i18n-context';
import { scopeSearch } from '../../scope/use-scope';
import { cachingKeys, configurationPath } from './caching-queries';
import { newDocument } from './editor/document-draft';
import { DocumentEditor } from './editor/document-editor';
import { useDocumentDraft } from './editor/use-document-draft';
import { configurationNameProblem, placeProblems, type RequestProblems } from './request-problems';

const FIELDS = ['name', 'comment'] as const;

export function NewConfigurationForm({ scid }: { readonly scid: string }) {
  const { t, language } = useI18n();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const draft = useDocumentDraft({ document: newDocument() });
  const [nameProblem, setNameProblem] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<RequestProblems | null>(null);

  const create = useMutation({
    mutationFn: (request: Parameters<typeof createConfiguration>[2]) => createConfiguration(client, scid, request),
    onMutate: () => setFailure(null),
    onError: (error) => setFailure(placeProblems(error, FIELDS, draft)),
    onSuccess: async (configuration) => {
      await queryClient.invalidateQueries({ queryKey: cachingKeys.configurations(scid) });
      await navigate({ pathname: configurationPath(configuration.id), search: scopeSearch(params) });
    },
  });

  const onSubmit = (data: FormData) => {
    const name = textOf(data, 'name');
    const problem = configurationNameProblem(name, language);
    setNameProblem(problem);
    const document = draft.attempt();
    if (problem !== undefined || document === null) return;
    create.mutate({ name, comment: textOf(data, 'comment'), document });
  };

  return (
    <DisclosureForm
      openLabel={t('caching.new.open')}
      title={t('caching.new.title')}
      submitLabel={t('caching.new.submit')}
      pending={create.isPending}
      problems={{ error: failure?.error ?? null, unplaced: failure?.unplaced ?? [] }}
      onSubmit={onSubmit}
    >
      <TextField name="name" label={t('caching.field.name')} hint={t('caching.field.nameHint')} autoComplete="off" required error={nameProblem ?? failure?.fields['name']} />
      <TextField name="comment" label={t('caching.field.comment')} hint={t('caching.field.commentHint')} autoComplete="off" error={failure?.fields['comment']} />
      <DocumentEditor draft={draft} label={t('caching.new.editor')} />
    </DisclosureForm>
  );
}
