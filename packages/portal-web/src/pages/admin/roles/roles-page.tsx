// Portal Admin → Roles: the built-in roles and the customer's custom ones, with what each may do.
import { isPermission, type AccessGroupNode, type Role } from '../../../api/types';
import { ErrorNotice } from '../../../forms/error-notice';
import { useI18n } from '../../../i18n/i18n-context';
import { ScopedPage } from '../../scoped-page';
import { useRoles } from '../admin-queries';
import { CreateRoleForm } from './create-role-form';

export function RolesPage() {
  const { t } = useI18n();
  return <ScopedPage title={t('roles.title')}>{(group) => <RolesPanel group={group} />}</ScopedPage>;
}

function RolesPanel({ group }: { readonly group: AccessGroupNode }) {
  const { t } = useI18n();
  const roles = useRoles(group.id);
  return (
    <>
      {roles.isPending && <p aria-busy="true">{t('common.loading')}</p>}
      {roles.isError && <ErrorNotice error={roles.error} />}
      {roles.data !== undefined && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('field.name')}</th>
                <th scope="col">{t('roles.kind')}</th>
                <th scope="col">{t('roles.permissions')}</th>
              </tr>
            </thead>
            <tbody>
              {roles.data.map((role) => (
                <RoleRow key={role.id} role={role} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateRoleForm group={group} />
    </>
  );
}

function RoleRow({ role }: { readonly role: Role }) {
  const { t } = useI18n();
  return (
    <tr>
      <th scope="row">{role.name}</th>
      <td>{role.builtIn ? t('roles.builtIn') : t('roles.custom')}</td>
      {/* A permission newer than this build is shown by its name rather than hidden. */}
      <td>{role.permissions.map((p) => (isPermission(p) ? t(`permission.${p}`) : p)).join(', ')}</td>
    </tr>
  );
}
