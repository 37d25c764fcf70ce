import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CustomerSummary } from '../../../api/staff';
import { apiError, json } from '../../../test-support/fake-api';
import { SESSION } from '../../../test-support/fixtures';
import { renderApp } from '../../../test-support/render-app';
import { ACME, GLOBEX, staffApi, staffSession } from '../staff-fixtures';

describe('CustomersPage', () => {
  it('lists customers, searches with ?q= and pages with the nextCursor', async () => {
    const customers = [ACME, GLOBEX];
    const api = staffApi(staffSession('tsc-technician'), {
      'GET /staff/customers': () => {
        const query = api.lastQuery('/staff/customers');
        const q = query?.get('q');
        if (q !== null && q !== undefined) return json({ items: customers.filter((c) => c.name.toLowerCase().includes(q.toLowerCase())), nextCursor: null });
        return query?.get('cursor') === 'page-2' ? json({ items: [GLOBEX], nextCursor: null }) : json({ items: [ACME], nextCursor: 'page-2' });
      },
    });
    const { router } = renderApp('/staff/customers', api);

    const acme = await screen.findByRole('rowheader', { name: 'Acme' });
    const row = acme.closest('tr') as HTMLElement;
    expect(within(row).getByText('100200')).toBeTruthy();
    expect(within(acme).getByRole('link', { name: 'Acme' }).getAttribute('href')).toBe('/staff/customers/ag_root');
    // Not a platform operator: no customer can be created from this session.
    expect(screen.queryByText('Create a customer')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('rowheader', { name: 'Globex' })).toBeTruthy();
    expect(api.lastQuery('/staff/customers')?.get('cursor')).toBe('page-2');

    fireEvent.change(screen.getByLabelText('Search by name or customer number'), { target: { value: ' glo ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('Customers matching “glo”')).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: 'Globex' })).toBeTruthy();
    expect(screen.queryByRole('rowheader', { name: 'Acme' })).toBeNull();
    expect(api.lastQuery('/staff/customers')?.get('q')).toBe('glo');
    expect(router.state.location.search).toBe('?q=glo');
  });

  it('creates a customer with the right body and shows it in the refreshed list', async () => {
    const customers: CustomerSummary[] = [ACME];
    const api = staffApi(staffSession('platform-operator'), {
      'GET /staff/customers': () => json({ items: customers, nextCursor: null }),
      'POST /staff/customers': ({ body }) => {
        const request = body as { name: string; customerNumber: string };
        const created = { ...GLOBEX, id: 'ag_new', name: request.name, customerNumber: request.customerNumber.toUpperCase() };
        customers.push(created);
        return json(created, 201);
      },
    });
    renderApp('/staff/customers', api);
    await screen.findByRole('rowheader', { name: 'Acme' });

    fireEvent.click(screen.getByText('Create a customer'));
    const form = screen.getByRole('form', { name: 'New customer' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: ' Initech ' } });
    fireEvent.change(within(form).getByLabelText('Customer number'), { target: { value: 'c-3000' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create customer' }));

    expect(await screen.findByText('The customer Initech (no. C-3000) was created.')).toBeTruthy();
    const post = api.calls.find((call) => call.method === 'POST');
    expect(post?.path).toBe('/staff/customers');
    expect(post?.body).toEqual({ name: 'Initech', customerNumber: 'c-3000' });
    expect(post?.headers['x-csrf-token']).toBe('csrf-123');
    expect(await screen.findByRole('rowheader', { name: 'Initech' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open Initech' }).getAttribute('href')).toBe('/staff/customers/ag_new');
  });

  it('shows a taken customer number (409 CONFLICT) at the customer-number field', async () => {
    const api = staffApi(staffSession('platform-operator'), {
      'GET /staff/customers': () => json({ items: [ACME], nextCursor: null }),
      'POST /staff/customers': () =>
        apiError(409, {
          code: 'CONFLICT',
          message: 'The request conflicts with the current state.',
          details: [{ pointer: '/customerNumber', message: 'Another customer already has this customer number.' }],
        }),
    });
    renderApp('/staff/customers', api);
    await screen.findByRole('rowheader', { name: 'Acme' });
    fireEvent.click(screen.getByText('Create a customer'));
    const form = screen.getByRole('form', { name: 'New customer' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Acme again' } });
    fireEvent.change(within(form).getByLabelText('Customer number'), { target: { value: '100200' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create customer' }));

    const message = await within(form).findByText('Another customer already has this customer number.');
    const field = within(form).getByLabelText('Customer number');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')?.split(' ')).toContain(message.id);
    expect(within(form).getByLabelText('Name').getAttribute('aria-invalid')).toBeNull();
  });

  it('does not exist for customers: the staff pages show the not-found page and call no staff route', async () => {
    for (const path of ['/staff/customers', '/staff/customers/ag_root', '/staff/audit-log']) {
      const api = staffApi(SESSION, {});
      const { unmount } = renderApp(path, api);
      expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
      expect(screen.queryByText('Staff console')).toBeNull();
      expect(api.calls.some((call) => call.path.startsWith('/staff'))).toBe(false);
      unmount();
    }
  });
});
