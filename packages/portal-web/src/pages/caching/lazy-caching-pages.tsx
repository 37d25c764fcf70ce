// The Caching pages load on first visit: they validate documents in the browser with the contract's zod
// schemas, which every other page can do without, so zod stays out of the bundle the sign-in page needs.
import { Suspense, lazy, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';

const CachingPage = lazy(async () => ({ default: (await import('./caching-page')).CachingPage }));
const ConfigurationPage = lazy(async () => ({ default: (await import('./configuration-page')).ConfigurationPage }));

function Loading() {
  const { t } = useI18n();
  return <p aria-busy="true">{t('common.loading')}</p>;
}

function Deferred({ children }: { readonly children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

export function LazyCachingPage() {
  return (
    <Deferred>
      <CachingPage />
    </Deferred>
  );
}

export function LazyConfigurationPage() {
  return (
    <Deferred>
      <ConfigurationPage />
    </Deferred>
  );
}
