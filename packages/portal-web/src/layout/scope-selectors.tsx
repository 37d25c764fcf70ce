// The access-group and SCID selectors: every page below works on the selected scope.
import { useId } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { useScope } from '../scope/use-scope';

/** Indents a group under its parent inside a native <select>, which cannot show a tree otherwise. */
const INDENT = '\u2003';

export function ScopeSelectors() {
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
