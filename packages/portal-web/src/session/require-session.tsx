// Guards the signed-in part of the portal: signed-out visitors go to sign-in and come back afterwards.
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorNotice } from '../forms/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { SessionLanguageSync } from './session-language-sync';
import { useSessionQuery } from './session-queries';

export function RequireSession({ children }: { readonly children: ReactNode }) {
  const { t } = useI18n();
  const location = useLocation();
  const query = useSessionQuery();

  if (query.isPending) {
    return (
      <main className="container" aria-busy="true">
        {t('common.loading')}
      </main>
    );
  }
  if (query.isError) {
    return (
      <main className="container">
        <ErrorNotice error={query.error} />
      </main>
    );
  }
  if (query.data === null) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  return (
    <>
      <SessionLanguageSync session={query.data} />
      {children}
    </>
  );
}
