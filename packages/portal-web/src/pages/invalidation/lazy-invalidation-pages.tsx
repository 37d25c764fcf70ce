// The Content invalidation pages load on first visit: they check path patterns in the browser with the
// contract's parser (and read its hints), which the other pages can do without, so that code stays out of
// the bundle the sign-in page needs.
import { Suspense, lazy, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';

const InvalidationPage = lazy(async () => ({ default: (await import('./invalidation-page')).InvalidationPage }));
const InvalidationDetailPage = lazy(async () => ({ default: (await import('./invalidation-detail-page')).InvalidationDetailPage }));

function Loading() {
  const { t } = useI18n();
  return <p aria-busy="true">{t('common.loading')}</p>;
}

function Deferred({ children }: { readonly children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

export function LazyInvalidationPage() {
  return (
    <Deferred>
      <InvalidationPage />
    </Deferred>
  );
}

export function LazyInvalidationDetailPage() {
  return (
    <Deferred>
      <InvalidationDetailPage />
    </Deferred>
  );
}
