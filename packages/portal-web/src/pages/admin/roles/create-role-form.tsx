// A custom role: a name and a set of permissions (only a Domain admin may create one; the API says so
// with FORBIDDEN, shown like any other error).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useApiClient } from '../../../api/api-context';
import { toApiError } from '../../../api/api-error';
import { createRole } from '../../../api/roles';
import { CUSTOM_ROLE_PERMISSIONS, isPermission, type AccessGroupNode, type CreateRoleRequest } from '../../../api/types';
import { CheckboxGroup } from '../../../forms/checkbox-group';
import { ErrorNotice } from '../../../forms/error-notice';
import { splitProblems } from '../../../forms/field-errors';
import { allTextOf, textOf } from '../../../forms/form-data';
import { StatusMessage } from '../../../forms/status-message';
import { TextField } from '../../../forms/text-field';
import { useI18n } from '../../../i18n/i18n-context';
import { adminKeys } from '../admin-queries';

const FIELDS = ['name', 'permissions'] as const;

export function CreateRoleForm({ group }: { readonly group: AccessGroupNode }) {
  const { t } = useI18n();
  const headingId = useId();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (request: CreateRoleRequest) => createRole(client, group.id, request),
    onMutate: () => setCreated(null),
    onSuccess: async (role) => {
      setCreated(t('roles.created', { name: role.name }));
      await queryClient.invalidateQueries({ queryKey: adminKeys.roles(group.id) });
    },
  });
  const error = mutation.isError ? toApiError(mutation.error) : null;
  const { fieldErrors, unplaced } = splitProblems(error, FIELDS);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    mutation.mutate(
      { name: textOf(data, 'name'), permissions: allTextOf(data, 'permissions').filter(isPermission) },
      { onSuccess: () => form.reset() },
    );
  };

  return (
    <>
      <StatusMessage text={created} />
      <details>
        <summary role="button" className="outline">
          {t('roles.create.open')}
        </summary>
        <form onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
          <h2 id={headingId}>{t('roles.create.title')}</h2>
          {error !== null && <ErrorNotice error={error} unplaced={unplaced} />}
          <TextField name="name" label={t('field.name')} required autoComplete="off" error={fieldErrors.name} />
          <CheckboxGroup
            name="permissions"
            legend={t('roles.permissions')}
            options={CUSTOM_ROLE_PERMISSIONS.map((permission) => ({ value: permission, label: t(`permission.${permission}`) }))}
            error={fieldErrors.permissions}
            emptyText={t('common.none')}
          />
          <button type="submit" aria-busy={mutation.isPending} disabled={mutation.isPending}>
            {t('roles.create.submit')}
          </button>
        </form>
      </details>
    </>
  );
}
