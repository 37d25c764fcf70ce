// The access-group and SCID selectors: every customer page below works on the selected scope.
import { useId } from 'react';
import { useLocation } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { useScope } from '../scope/use-scope';

/** Indents a group under its parent inside a native <select>, which cannot show a tree otherwise. */
const INDENT = '\u2003';

/** The staff console's pages, which name their customer themselves (in the path or a filter). */
function isStaffConsolePath(pathname: string): boolean {
  return pathname === '/staff' || pathname.startsWith('/staff/');
}

export function ScopeSelectors() {
  const { pathname } = useLocation();
  // The scope picks nothing on the staff console, and for staff it is every customer's groups and
  // services: loading those on every staff page would undo the customer page's single-customer request.
  if (isStaffConsolePath(pathname)) return null;
  return <ScopeSelectorFields />;
}

function ScopeSelectorFields() {
  const { t } = useI18n();
  const scope = useScope();
  const groupId = useId();
  const scidId = useId();

  if (scope.groups.length === 0) return null;
  return (
    <>
      <label htmlFor={groupId}>
        {t('scope.group')}
        <select id={groupId} value={scope.group?.id ?? ''} onChange={(event) => scope.selectGroup(event.target.value)}>
          {scope.groups.map(({ group, depth }) => (
            <option key={group.id} value={group.id}>
              {INDENT.repeat(depth) + group.name}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={scidId}>
        {t('scope.scid')}
        <select
          id={scidId}
          value={scope.scid ?? ''}
          onChange={(event) => scope.selectScid(event.target.value === '' ? null : event.target.value)}
        >
          <option value="">{t('scope.allServices')}</option>
          {scope.services.map((service) => (
            <option key={service.scid} value={service.scid}>
              {`${service.scid} · ${service.name}`}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
