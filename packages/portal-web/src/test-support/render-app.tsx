// Renders the real routes at a path, with a fake API behind them, the way the browser entry point does.
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { ApiClient } from '../api/client';
import type { Language } from '../api/types';
import { AppProviders } from '../app/app-providers';
import { createQueryClient } from '../app/query-client';
import { appRoutes } from '../app/routes';
import type { fakeApi } from './fake-api';

export function renderApp(path: string, api: ReturnType<typeof fakeApi>, language: Language = 'en') {
  const client = new ApiClient({ language, fetch: api.fetch });
  const queryClient = createQueryClient();
  const router = createMemoryRouter(appRoutes(), { initialEntries: [path] });
  const result = render(
    <AppProviders client={client} queryClient={queryClient} initialLanguage={language}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...result, router, client, queryClient };
}
