// The frame of a page that works on the selected access group: heading, the group's name, and the
// loading and empty states, so each page only deals with a group that exists.
import type { ReactNode } from 'react';
import type { AccessGroupNode } from '../api/types';
import { ErrorNotice } from '../forms/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useScope } from '../scope/use-scope';

export interface ScopedPageProps {
  readonly title: string;
  readonly children: (group: AccessGroupNode) => ReactNode;
}

export function ScopedPage({ title, children }: ScopedPageProps) {
  const { t } = useI18n();
  const scope = useScope();
  let body: ReactNode;
  if (scope.isPending) body = <p aria-busy="true">{t('common.loading')}</p>;
  else if (scope.error !== null) body = <ErrorNotice error={scope.error} />;
  else if (scope.group === null) body = <p>{t('scope.noGroups')}</p>;
  // Keyed by group: a form half-filled for one group must not be submitted to another.
  else body = <div key={scope.group.id}>{children(scope.group)}</div>;

  return (
    <section>
      <hgroup>
        <h1>{title}</h1>
        {scope.group !== null && <p>{t('scope.inGroup', { name: scope.group.name })}</p>}
      </hgroup>
      {body}
    </section>
  );
}
