// Browser entry point: detect the language, create the API client and mount the router.
import '@picocss/pico/css/pico.min.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiClient } from './api/client';
import { AppProviders } from './app/app-providers';
import { createQueryClient } from './app/query-client';
import { appRoutes } from './app/routes';
import { detectBrowserLanguage } from './i18n/language';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

const language = detectBrowserLanguage();
document.documentElement.lang = language;
const client = new ApiClient({ language });
const router = createBrowserRouter(appRoutes());

createRoot(root).render(
  <StrictMode>
    <AppProviders client={client} queryClient={createQueryClient()} initialLanguage={language}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
