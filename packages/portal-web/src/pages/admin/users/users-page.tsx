// Portal Admin → Users: who has a role on the selected group, and what an admin can do about them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { startMimic } from '../../../api/auth';
import { useApiClient } from '../../../api/api-context';
import type { AccessGroupNode, GroupUser } from '../../../api/types';
import { changeUserRole, fetchGroupUsers, runUserAction } from '../../../api/users';
import { ErrorNotice } from '../../../forms/error-notice';
import { StatusMessage } from '../../../forms/status-message';
import { useI18n } from '../../../i18n/i18n-context';
import { useSession, useSwitchSession } from '../../../session/session-queries';
import { ScopedPage } from '../../scoped-page';
import { adminKeys, useRoles } from '../admin-queries';
import { InviteUserForm } from './invite-user-form';
import { UserRow, type UserRowAction } from './user-row';

export function UsersPage() {
  const { t } = useI18n();
  return <ScopedPage title={t('users.title')}>{(group) => <UsersPanel group={group} />}</ScopedPage>;
}

function UsersPanel({ group }: { readonly group: AccessGroupNode }) {
  const { t } = useI18n();
  const client = useApiClient();
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const switchSession = useSwitchSession();
  const [status, setStatus] = useState<string | null>(null);
  const users = useQuery({ queryKey: adminKeys.users(group.id), queryFn: () => fetchGroupUsers(client, group.id) });
  const roles = useRoles(group.id);

  const action = useMutation({
    mutationFn: async ({ user, kind, roleId }: { user: GroupUser; kind: UserRowAction; roleId?: string }) => {
      switch (kind) {
        case 'change-role':
          await changeUserRole(client, group.id, user.id, roleId ?? '');
          return null;
        case 'mimic':
          return startMimic(client, user.id);
        default:
          await runUserAction(client, user.id, kind);
          return null;
      }
    },
    onMutate: () => setStatus(null),
    onSuccess: async (newSession, { user, kind }) => {
      if (kind === 'mimic' && newSession !== null) {
        switchSession(newSession);
        await navigate('/');
        return;
      }
      if (kind === 'mimic') return;
      setStatus(t(`users.done.${kind}`, { name: user.displayName, email: user.email }));
      await queryClient.invalidateQueries({ queryKey: adminKeys.users(group.id) });
    },
  });

  return (
    <>
      <StatusMessage text={status} />
      {action.isError && <ErrorNotice error={action.error} />}
      {users.isPending && <p aria-busy="true">{t('common.loading')}</p>}
      {users.isError && <ErrorNotice error={users.error} />}
      {users.data !== undefined && (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('users.caption', { name: group.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.displayName')}</th>
                <th scope="col">{t('field.email')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">{t('field.role')}</th>
                <th scope="col">{t('users.lastSignIn')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.length === 0 && (
                <tr>
                  <td colSpan={6}>{t('users.empty')}</td>
                </tr>
              )}
              {users.data.items.map((user) => (
                <UserRow
                  key={user.id}
                  user={user}
                  roles={roles.data ?? []}
                  isSelf={user.id === session.user.id}
                  busy={action.isPending}
                  onAction={(kind, roleId) => action.mutate({ user, kind, ...(roleId !== undefined ? { roleId } : {}) })}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <InviteUserForm
        group={group}
        roles={(roles.data ?? []).filter((role) => role.assignable)}
        onInvited={(user) => setStatus(t('users.done.invite', { email: user.email, name: user.displayName }))}
      />
    </>
  );
}
