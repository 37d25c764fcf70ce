// Everything a page needs around it: the API client, server-state cache and language. Shared by the real
// app and by the tests, which pass their own client (fake fetch) and query client.
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiClientProvider } from '../api/api-context';
import type { ApiClient } from '../api/client';
import type { Language } from '../api/types';
import { I18nProvider } from '../i18n/i18n-context';

export interface AppProvidersProps {
  readonly client: ApiClient;
  readonly queryClient: QueryClient;
  readonly initialLanguage: Language;
  readonly children: ReactNode;
}

export function AppProviders({ client, queryClient, initialLanguage, children }: AppProvidersProps) {
  const [syncClientLanguage] = useState(() => (language: Language) => {
    client.language = language;
  });
  return (
    <ApiClientProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <I18nProvider initialLanguage={initialLanguage} onLanguageChange={syncClientLanguage}>
          {children}
        </I18nProvider>
      </QueryClientProvider>
    </ApiClientProvider>
  );
}
