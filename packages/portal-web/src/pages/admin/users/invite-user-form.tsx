// Invites a user to the group with a role; the API mails them a link to set their own password.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiClient } from '../../../api/api-context';
import type { AccessGroupNode, GroupUser, InviteUserRequest, Role } from '../../../api/types';
import { inviteUser } from '../../../api/users';
import { DisclosureForm } from '../../../forms/disclosure-form';
import { problemsOf } from '../../../forms/field-errors';
import { textOf } from '../../../forms/form-data';
import { SelectField } from '../../../forms/select-field';
import { TextField } from '../../../forms/text-field';
import { isLanguage } from '../../../i18n/language';
import { useI18n } from '../../../i18n/i18n-context';
import { adminKeys } from '../admin-queries';

const FIELDS = ['email', 'displayName', 'language', 'roleId'] as const;

export interface InviteUserFormProps {
  readonly group: AccessGroupNode;
  readonly roles: readonly Role[];
  readonly onInvited: (user: GroupUser) => void;
}

export function InviteUserForm({ group, roles, onInvited }: InviteUserFormProps) {
  const { t, language } = useI18n();
  const [roleMissing, setRoleMissing] = useState(false);
  const client = useApiClient();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (request: InviteUserRequest) => inviteUser(client, group.id, request),
    onSuccess: async (user) => {
      onInvited(user);
      await queryClient.invalidateQueries({ queryKey: adminKeys.users(group.id) });
    },
  });
  const problems = problemsOf(mutation, FIELDS);
  const { fieldErrors } = problems;

  const onSubmit = (data: FormData, form: HTMLFormElement) => {
    const chosenLanguage = textOf(data, 'language');
    const roleId = textOf(data, 'roleId');
    setRoleMissing(roleId === '');
    if (roleId === '') return;
    mutation.mutate(
      {
        email: textOf(data, 'email'),
        displayName: textOf(data, 'displayName'),
        language: isLanguage(chosenLanguage) ? chosenLanguage : language,
        roleId,
      },
      { onSuccess: () => form.reset() },
    );
  };

  return (
    <DisclosureForm
      openLabel={t('users.invite.open')}
      title={t('users.invite.title')}
      submitLabel={t('users.invite.submit')}
      pending={mutation.isPending}
      problems={problems}
      onSubmit={onSubmit}
    >
      <TextField name="email" type="email" label={t('field.email')} required autoComplete="off" error={fieldErrors.email} />
      <TextField name="displayName" label={t('field.displayName')} required autoComplete="off" error={fieldErrors.displayName} />
      <SelectField
        name="language"
        label={t('field.language')}
        defaultValue={language}
        options={[
          { value: 'es', label: t('language.es') },
          { value: 'en', label: t('language.en') },
        ]}
        error={fieldErrors.language}
      />
      <SelectField
        name="roleId"
        label={t('field.role')}
        options={roles.map((role) => ({ value: role.id, label: role.name }))}
        placeholder={t('field.chooseRole')}
        required
        error={roleMissing ? t('field.roleRequired') : fieldErrors.roleId}
      />
    </DisclosureForm>
  );
}
