// A custom role: a name and a set of permissions (only a Domain admin may create one; the API says so
// with FORBIDDEN, shown like any other error).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiClient } from '../../../api/api-context';
import { createRole } from '../../../api/roles';
import { CUSTOM_ROLE_PERMISSIONS, isPermission, type AccessGroupNode, type CreateRoleRequest } from '../../../api/types';
import { CheckboxGroup } from '../../../forms/checkbox-group';
import { DisclosureForm } from '../../../forms/disclosure-form';
import { problemsOf } from '../../../forms/field-errors';
import { allTextOf, textOf } from '../../../forms/form-data';
import { StatusMessage } from '../../../forms/status-message';
import { TextField } from '../../../forms/text-field';
import { useI18n } from '../../../i18n/i18n-context';
import { adminKeys } from '../admin-queries';

const FIELDS = ['name', 'permissions'] as const;

export function CreateRoleForm({ group }: { readonly group: AccessGroupNode }) {
  const { t } = useI18n();
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
  const problems = problemsOf(mutation, FIELDS);

  const onSubmit = (data: FormData, form: HTMLFormElement) => {
    mutation.mutate(
      { name: textOf(data, 'name'), permissions: allTextOf(data, 'permissions').filter(isPermission) },
      { onSuccess: () => form.reset() },
    );
  };

  return (
    <>
      <StatusMessage text={created} />
      <DisclosureForm
        openLabel={t('roles.create.open')}
        title={t('roles.create.title')}
        submitLabel={t('roles.create.submit')}
        pending={mutation.isPending}
        problems={problems}
        onSubmit={onSubmit}
      >
        <TextField name="name" label={t('field.name')} required autoComplete="off" error={problems.fieldErrors.name} />
        <CheckboxGroup
          name="permissions"
          legend={t('roles.permissions')}
          options={CUSTOM_ROLE_PERMISSIONS.map((permission) => ({ value: permission, label: t(`permission.${permission}`) }))}
          error={problems.fieldErrors.permissions}
          emptyText={t('common.none')}
        />
      </DisclosureForm>
    </>
  );
}
