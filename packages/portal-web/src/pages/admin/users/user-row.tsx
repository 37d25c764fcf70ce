// One user of the group: role (changed in place) and the admin actions their status allows.
import { useId } from 'react';
import type { GroupUser, Role } from '../../../api/types';
import { formatDateTime } from '../../../i18n/format';
import { useI18n } from '../../../i18n/i18n-context';

export type UserRowAction = 'change-role' | 'reset-password' | 'reactivate' | 'disable' | 'mimic';

export interface UserRowProps {
  readonly user: GroupUser;
  readonly roles: readonly Role[];
  /** Nobody disables, or views the portal as, themselves. */
  readonly isSelf: boolean;
  readonly busy: boolean;
  readonly onAction: (action: UserRowAction, roleId?: string) => void;
}

/**
 * The roles the admin may hand out (the server marks them `assignable`), plus the user's current one so
 * the select shows it even when the admin could not have given it. A user who holds roles only on groups
 * below this one gets an empty first choice saying so.
 */
function roleChoices(user: GroupUser, roles: readonly Role[], roleBelowLabel: string): { id: string; name: string }[] {
  const choices: { id: string; name: string }[] = roles.filter((role) => role.assignable || role.id === user.roleId);
  if (user.roleId === null) return [{ id: '', name: roleBelowLabel }, ...choices];
  if (!choices.some((role) => role.id === user.roleId)) choices.unshift({ id: user.roleId, name: user.roleName ?? user.roleId });
  return choices;
}

export function UserRow({ user, roles, isSelf, busy, onAction }: UserRowProps) {
  const { t, language } = useI18n();
  const roleSelectId = useId();
  const roleOptions = roleChoices(user, roles, t('users.roleBelow'));

  const confirmThen = (question: string, action: UserRowAction) => {
    if (window.confirm(question)) onAction(action);
  };

  return (
    <tr>
      <td>{user.displayName}</td>
      <td>{user.email}</td>
      <td>
        {t(`userStatus.${user.status}`)}
        {user.locked && (
          <>
            <br />
            <small>{t('users.locked')}</small>
          </>
        )}
      </td>
      <td>
        <label htmlFor={roleSelectId} className="visually-hidden">
          {t('users.roleOf', { name: user.displayName })}
        </label>
        <select
          id={roleSelectId}
          value={user.roleId ?? ''}
          disabled={busy || isSelf}
          onChange={(event) => {
            if (event.target.value !== '') onAction('change-role', event.target.value);
          }}
        >
          {roleOptions.map((role) => (
            <option key={role.id} value={role.id}>
              {role.name}
            </option>
          ))}
        </select>
      </td>
      <td>{user.lastSignInAt === null ? t('users.never') : formatDateTime(user.lastSignInAt, language)}</td>
      <td>
        <div className="actions">
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => confirmThen(t('users.confirm.resetPassword', { email: user.email }), 'reset-password')}
          >
            {t('users.action.resetPassword')}
          </button>
          {user.status !== 'active' && (
            <button type="button" className="secondary" disabled={busy} onClick={() => onAction('reactivate')}>
              {t('users.action.reactivate')}
            </button>
          )}
          {user.status === 'active' && !isSelf && (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => confirmThen(t('users.confirm.disable', { name: user.displayName }), 'disable')}
            >
              {t('users.action.disable')}
            </button>
          )}
          {/* domain.md §1: no mimic of expired, inactive or disabled users; the server checks the rest. */}
          {user.status === 'active' && !isSelf && (
            <button type="button" className="outline" disabled={busy} onClick={() => onAction('mimic')}>
              {t('users.action.mimic')}
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
