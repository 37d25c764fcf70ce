// A new key for the group with a role; at most 5 active per group (409 API_KEY_LIMIT, shown as sent).
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { createApiKey } from '../../../api/api-keys';
import { useApiClient } from '../../../api/api-context';
import type { AccessGroupNode, CreateApiKeyRequest } from '../../../api/types';
import { DisclosureForm } from '../../../forms/disclosure-form';
import { problemsOf } from '../../../forms/field-errors';
import { textOf } from '../../../forms/form-data';
import { SelectField } from '../../../forms/select-field';
import { TextField } from '../../../forms/text-field';
import { useI18n } from '../../../i18n/i18n-context';
import { useRoles } from '../admin-queries';
import type { ShownSecret } from './secret-panel';

const FIELDS = ['name', 'contact', 'notes', 'roleId'] as const;

export interface CreateApiKeyFormProps {
  readonly group: AccessGroupNode;
  readonly onCreated: (shown: ShownSecret) => void;
}

export function CreateApiKeyForm({ group, onCreated }: CreateApiKeyFormProps) {
  const { t } = useI18n();
  const [roleMissing, setRoleMissing] = useState(false);
  const client = useApiClient();
  const roles = useRoles(group.id);
  // gcTime 0 and reset() after handing the secret over: the answer must not outlive this moment.
  const mutation = useMutation({ gcTime: 0, mutationFn: (request: CreateApiKeyRequest) => createApiKey(client, group.id, request) });
  const problems = problemsOf(mutation, FIELDS);
  const { fieldErrors } = problems;

  const onSubmit = (data: FormData, form: HTMLFormElement) => {
    const request: CreateApiKeyRequest = {
      name: textOf(data, 'name'),
      contact: textOf(data, 'contact'),
      notes: textOf(data, 'notes'),
      roleId: textOf(data, 'roleId'),
    };
    setRoleMissing(request.roleId === '');
    if (request.roleId === '') return;
    mutation.mutate(request, {
      onSuccess: ({ key, secret }) => {
        form.reset();
        mutation.reset();
        onCreated({ keyId: key.id, keyName: key.name, secret });
      },
    });
  };

  return (
    <DisclosureForm
      openLabel={t('apiKeys.create.open')}
      title={t('apiKeys.create.title')}
      submitLabel={t('apiKeys.create.submit')}
      pending={mutation.isPending}
      problems={problems}
      onSubmit={onSubmit}
    >
      <TextField name="name" label={t('field.name')} required autoComplete="off" error={fieldErrors.name} />
      <TextField name="contact" label={t('apiKeys.contact')} required autoComplete="off" error={fieldErrors.contact} />
      <TextField name="notes" label={t('apiKeys.notes')} autoComplete="off" error={fieldErrors.notes} />
      <SelectField
        name="roleId"
        label={t('field.role')}
        required
        options={(roles.data ?? []).filter((role) => role.assignable).map((role) => ({ value: role.id, label: role.name }))}
        placeholder={t('field.chooseRole')}
        error={roleMissing ? t('field.roleRequired') : fieldErrors.roleId}
      />
    </DisclosureForm>
  );
}
