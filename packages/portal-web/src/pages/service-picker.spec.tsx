import { fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import type { AccessGroupNode } from '../api/types';
import { AppProviders } from '../app/app-providers';
import { createQueryClient } from '../app/query-client';
import { apiError, fakeApi, json, type FakeRoute } from '../test-support/fake-api';
import { ACME_GROUP, SERVICES } from '../test-support/fixtures';
import { ScopedPage } from './scoped-page';
import { ServicePicker } from './service-picker';

const SLOW = { timeout: 3000 };

/** Acme with a second child that holds no services. */
const TREE: readonly AccessGroupNode[] = [
  { ...ACME_GROUP, children: [...ACME_GROUP.children, { id: 'ag_empty', parentId: 'ag_root', name: 'Acme Empty', customerNumber: null, scids: [], children: [] }] },
];

/** The picker inside the page frame the pages give it, which waits for the group tree first. */
function renderPicker(path: string, services: FakeRoute = () => json({ items: SERVICES })) {
  const api = fakeApi({ 'GET /access-groups': () => json({ items: TREE }), 'GET /services': services });
  const client = new ApiClient({ language: 'en', fetch: api.fetch });
  const routes = [{ path: '/pick', element: <ScopedPage title="Pick">{() => <ServicePicker prompt="Choose a service:" />}</ScopedPage> }];
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProviders client={client} queryClient={createQueryClient()} initialLanguage="en">
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return router;
}

describe('ServicePicker', () => {
  it('lists the group’s services as links that select one, keeping the rest of the URL and naming the group', async () => {
    const router = renderPicker('/pick?view=compact');
    expect(await screen.findByText('Choose a service:', {}, SLOW)).toBeTruthy();
    const link = screen.getByRole('link', { name: 'ABC123XYZ · Video' });
    // No group in the URL: the link names the one shown (the top-level group), so the choice stays in it.
    expect(link.getAttribute('href')).toBe('/pick?view=compact&group=ag_root&scid=ABC123XYZ');
    expect(screen.getByRole('link', { name: 'DEF456UVW · Web' })).toBeTruthy();

    fireEvent.click(link);
    expect(router.state.location.search).toBe('?view=compact&group=ag_root&scid=ABC123XYZ');
  });

  it('offers only the selected group’s services', async () => {
    renderPicker('/pick?group=ag_child');
    expect(await screen.findByRole('link', { name: 'ABC123XYZ · Video' }, SLOW)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'DEF456UVW · Web' })).toBeNull();
  });

  it('says so when the group holds no services', async () => {
    renderPicker('/pick?group=ag_empty');
    expect(await screen.findByText('This access group holds no services.', {}, SLOW)).toBeTruthy();
    expect(screen.queryByText('Choose a service:')).toBeNull();
  });

  it('says it is loading, not "no services", while the services are on their way', async () => {
    renderPicker('/pick', () => new Promise<Response>(() => undefined));
    expect(await screen.findByText('Access group: Acme', {}, SLOW)).toBeTruthy();
    expect(screen.getByText('Loading…').getAttribute('aria-busy')).toBe('true');
    expect(screen.queryByText('This access group holds no services.')).toBeNull();
  });

  it('shows a failed services request as an alert', async () => {
    // A 4xx, which the query client does not retry: the alert shows at once.
    renderPicker('/pick', () => apiError(403, { code: 'FORBIDDEN', message: 'You do not have permission to perform this action.' }));
    expect((await screen.findByRole('alert', {}, SLOW)).textContent).toContain('You do not have permission to perform this action.');
  });
});
