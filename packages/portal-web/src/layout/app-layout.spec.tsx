import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Session } from '../api/types';
import { fakeApi, json } from '../test-support/fake-api';
import { GROUPS, SERVICES, SESSION } from '../test-support/fixtures';
import { renderApp } from '../test-support/render-app';

function apiFor(session: Session, extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'GET /auth/session': () => json(session),
    'GET /access-groups': () => json({ items: GROUPS }),
    'GET /services': () => json({ items: SERVICES }),
    ...extra,
  });
}

describe('AppLayout', () => {
  it('shows the staff console only to staff', async () => {
    renderApp('/services', apiFor(SESSION));
    await screen.findByRole('heading', { name: 'Services' });
    expect(screen.getByText('Portal Admin')).toBeTruthy();
    expect(screen.queryByText('Staff console')).toBeNull();
  });

  it('shows the staff console to staff, and coming-soon pages in the session language', async () => {
    const staff: Session = { ...SESSION, staffRole: 'tsc-technician', user: { ...SESSION.user, language: 'es' } };
    renderApp('/staff/tickets', apiFor(staff));
    expect(await screen.findByText('Consola interna')).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Cola de tickets' })).toBeTruthy();
    expect(screen.getByText(/Esta sección estará disponible pronto/)).toBeTruthy();
  });

  it('names each menu after its summary, so it can be found by name', async () => {
    renderApp('/services', apiFor(SESSION));
    await screen.findByRole('heading', { name: 'Services' });
    const menu = screen.getByRole('navigation', { name: 'Main menu' });
    expect(within(menu).getByRole('group', { name: 'Portal Admin' })).toBeTruthy();
    expect(screen.getByRole('group', { name: `Menu of ${SESSION.user.displayName}` })).toBeTruthy();
  });

  it('offers the scope selectors on customer pages, not on the staff console (which would load every customer for them)', async () => {
    const staff: Session = { ...SESSION, staffRole: 'platform-operator', memberships: [] };
    const api = apiFor(staff, { 'GET /staff/customers': () => json({ items: [], nextCursor: null }) });
    const { router } = renderApp('/staff/customers', api);
    await screen.findByRole('heading', { name: 'Customers', level: 1 });
    expect(screen.queryByRole('combobox', { name: 'Access group' })).toBeNull();
    expect(api.calls.some((call) => call.path === '/access-groups' || call.path === '/services')).toBe(false);

    await act(() => router.navigate('/services'));
    expect(await screen.findByRole('combobox', { name: 'Access group' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Service (SCID)' })).toBeTruthy();
  });

  it('keeps the selected group in menu links', async () => {
    renderApp('/services?group=ag_child', apiFor(SESSION));
    await screen.findByText('Access group: Acme Video');
    const link = screen.getByRole('link', { name: 'Users' });
    expect(link.getAttribute('href')).toBe('/admin/users?group=ag_child');
  });

  it('shows who is being mimicked and ends the mimic with the CSRF token', async () => {
    const mimicking: Session = { ...SESSION, mimic: { user: { id: 'usr_2', email: 'bob@example.com', displayName: 'Bob', language: 'en' } } };
    const api = apiFor(mimicking, {
      'DELETE /mimic': () => json(SESSION),
      'GET /access-groups/ag_root/users': () => json({ items: [], nextCursor: null }),
      'GET /access-groups/ag_root/roles': () => json({ items: [] }),
    });
    renderApp('/services', api);
    expect(await screen.findByText('Viewing as Bob (bob@example.com)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'End mimic' }));
    await waitFor(() => expect(screen.queryByText(/Viewing as Bob/)).toBeNull());
    expect(api.calls.find((call) => call.method === 'DELETE')?.headers['x-csrf-token']).toBe('csrf-123');
  });
});
