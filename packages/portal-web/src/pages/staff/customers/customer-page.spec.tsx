import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AccountTeam, Service } from '../../../api/types';
import { apiError, json } from '../../../test-support/fake-api';
import { renderApp } from '../../../test-support/render-app';
import { ACME_DETAIL, staffApi, staffSession } from '../staff-fixtures';

const VALIDATION = { code: 'VALIDATION_FAILED', message: 'Some fields are not valid.' };

function customerApi(role: Parameters<typeof staffSession>[0], extra: Parameters<typeof staffApi>[1] = {}) {
  return staffApi(staffSession(role), {
    'GET /staff/customers/ag_root': () => json(ACME_DETAIL),
    ...extra,
  });
}

/** The value and error wiring of a field inside a labelled group (a role or a TSC row). */
function fieldIn(groupName: string, label: string): HTMLInputElement {
  return within(screen.getByRole('group', { name: groupName })).getByLabelText(label);
}

function errorOf(field: HTMLElement): string | null {
  if (field.getAttribute('aria-invalid') !== 'true') return null;
  const ids = field.getAttribute('aria-describedby')?.split(' ') ?? [];
  const error = ids.map((id) => document.getElementById(id)).find((el) => el?.getAttribute('role') === 'alert');
  return error?.textContent ?? null;
}

describe('CustomerPage', () => {
  it('lists the customer’s services and adds one, showing the generated SCID', async () => {
    let detail = ACME_DETAIL;
    const api = customerApi('platform-operator', {
      'GET /staff/customers/ag_root': () => json(detail),
      'POST /staff/customers/ag_root/services': ({ body }) => {
        const created: Service = { scid: 'NEW000001', accessGroupId: 'ag_root', ...(body as { name: string; product: string }) };
        detail = { ...detail, serviceCount: detail.serviceCount + 1, services: [...detail.services, created], group: { ...detail.group, scids: [...detail.group.scids, created.scid] } };
        return json(created, 201);
      },
    });
    renderApp('/staff/customers/ag_root', api);

    expect(await screen.findByRole('heading', { level: 1, name: 'Acme' })).toBeTruthy();
    expect(screen.getByText('Customer no. 100200')).toBeTruthy();
    const video = (await screen.findByRole('rowheader', { name: 'ABC123XYZ' })).closest('tr') as HTMLElement;
    expect(within(video).getByText('Video')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'See this customer’s changes' }).getAttribute('href')).toBe('/staff/audit-log?accessGroupId=ag_root');

    fireEvent.click(screen.getByText('Add a service'));
    const form = screen.getByRole('form', { name: 'New service' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Radio' } });
    fireEvent.change(within(form).getByLabelText('Product'), { target: { value: 'streaming' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create service' }));

    expect(await screen.findByText('The service Radio was created with SCID NEW000001.')).toBeTruthy();
    const post = api.calls.find((call) => call.method === 'POST');
    expect(post?.body).toEqual({ name: 'Radio', product: 'streaming' });
    expect(post?.headers['x-csrf-token']).toBe('csrf-123');
    const added = (await screen.findByRole('rowheader', { name: 'NEW000001' })).closest('tr') as HTMLElement;
    expect(within(added).getByText('streaming')).toBeTruthy();
  });

  it('sends the whole account team, with added TSC rows and "nobody" as null', async () => {
    const api = customerApi('account-manager', {
      'PUT /staff/customers/ag_root/contacts': ({ body }) => {
        const sent = body as AccountTeam;
        return json({ ...sent, customerId: 'ag_root', tsc: sent.tsc.map((c) => ({ ...c, phone: c.phone.replace(/ /g, '') })) });
      },
    });
    renderApp('/staff/customers/ag_root', api);
    await screen.findByRole('heading', { name: 'Account team and contacts' });
    // An account manager maintains contacts but does not create services.
    expect(screen.queryByText('Add a service')).toBeNull();
    expect(fieldIn('Account manager', 'Name').value).toBe('Marta Gómez');

    fireEvent.change(fieldIn('Billing Customer Care (BCC)', 'Name'), { target: { value: 'Bea Cobos' } });
    fireEvent.change(fieldIn('Billing Customer Care (BCC)', 'E-mail address'), { target: { value: 'bea@candela.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove TSC contact 1: Argentina' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a TSC contact' }));
    // The new row is the second one now, and its country field has the focus.
    const country = fieldIn('TSC contact 2', 'Country');
    expect(document.activeElement).toBe(country);
    fireEvent.change(country, { target: { value: 'mx' } });
    fireEvent.change(fieldIn('TSC contact 2: Mexico', 'Name'), { target: { value: 'TSC México' } });
    fireEvent.change(fieldIn('TSC contact 2: Mexico', 'E-mail address'), { target: { value: 'tsc.mx@candela.example' } });
    fireEvent.change(fieldIn('TSC contact 2: Mexico', 'Phone'), { target: { value: '+52 55 1234 5678' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save team and contacts' }));

    expect(await screen.findByText('The account team and contacts of Acme were saved.')).toBeTruthy();
    const put = api.calls.find((call) => call.method === 'PUT');
    expect(put?.headers['x-csrf-token']).toBe('csrf-123');
    expect(put?.body).toEqual({
      accountManager: { name: 'Marta Gómez', email: 'marta@candela.example', phone: '+541140001234', hours: null },
      salesEngineers: { data: null, dataCenter: null, voice: null },
      bcc: { name: 'Bea Cobos', email: 'bea@candela.example', phone: null, hours: null },
      tsc: [
        { country: 'CL', name: 'TSC Chile', email: 'tsc.cl@candela.example', phone: '+56221234567', hours: '24×7' },
        { country: 'MX', name: 'TSC México', email: 'tsc.mx@candela.example', phone: '+52 55 1234 5678', hours: '24×7' },
      ],
    });
    // The form now shows what the server stored.
    await waitFor(() => expect(fieldIn('TSC contact 2: Mexico', 'Phone').value).toBe('+525512345678'));
  });

  it('shows each validation problem beside the field its pointer names, TSC rows included', async () => {
    const api = customerApi('platform-operator', {
      'PUT /staff/customers/ag_root/contacts': () =>
        apiError(400, {
          ...VALIDATION,
          details: [
            { pointer: '/tsc/1/phone', message: 'Expected a country code and 7 to 15 digits.' },
            { pointer: '/salesEngineers/voice/email', message: 'Invalid e-mail address.' },
            { pointer: '/tsc/2/country', message: 'A TSC contact for CL is already listed.' },
            { pointer: '/somethingElse', message: 'Unknown key.' },
          ],
        }),
    });
    renderApp('/staff/customers/ag_root', api);
    await screen.findByRole('heading', { name: 'Account team and contacts' });

    fireEvent.change(fieldIn('Sales engineer (Voice)', 'Name'), { target: { value: 'Víctor' } });
    fireEvent.change(fieldIn('Sales engineer (Voice)', 'E-mail address'), { target: { value: 'victor@' } });
    fireEvent.change(fieldIn('TSC contact 2: Chile', 'Phone'), { target: { value: '12' } });
    // A row added and left empty is not sent, so it does not shift the pointers' indexes…
    fireEvent.click(screen.getByRole('button', { name: 'Add a TSC contact' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a TSC contact' }));
    // …while a filled one is: it goes out as /tsc/2.
    fireEvent.change(fieldIn('TSC contact 4', 'Country'), { target: { value: 'CL' } });
    fireEvent.change(fieldIn('TSC contact 4: Chile', 'Name'), { target: { value: 'Otra' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save team and contacts' }));

    expect(await screen.findByText('Expected a country code and 7 to 15 digits.')).toBeTruthy();
    const sent = api.calls.find((call) => call.method === 'PUT')?.body as AccountTeam;
    expect(sent.tsc.map((contact) => contact.country)).toEqual(['AR', 'CL', 'CL']);

    expect(errorOf(fieldIn('TSC contact 2: Chile', 'Phone'))).toBe('Expected a country code and 7 to 15 digits.');
    expect(errorOf(fieldIn('TSC contact 1: Argentina', 'Phone'))).toBeNull();
    expect(errorOf(fieldIn('Sales engineer (Voice)', 'E-mail address'))).toBe('Invalid e-mail address.');
    expect(errorOf(fieldIn('TSC contact 4: Chile', 'Country'))).toBe('A TSC contact for CL is already listed.');
    expect(errorOf(fieldIn('TSC contact 3', 'Country'))).toBeNull();
    // A pointer no field matches still reaches the user, in the form's alert.
    expect(within(screen.getByText('Some fields are not valid.').closest('[role="alert"]') as HTMLElement).getByText('Unknown key.')).toBeTruthy();

    // Removing a row above keeps each error on the row it belongs to.
    fireEvent.click(screen.getByRole('button', { name: 'Remove TSC contact 1: Argentina' }));
    expect(errorOf(fieldIn('TSC contact 1: Chile', 'Phone'))).toBe('Expected a country code and 7 to 15 digits.');
  });

  it('shows the team read-only to staff who do not maintain contacts', async () => {
    const api = customerApi('sales-engineer');
    renderApp('/staff/customers/ag_root', api);
    expect(await screen.findByRole('rowheader', { name: 'Account manager' })).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: 'Argentina' })).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save team and contacts' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'See this customer’s changes' })).toBeNull();
  });

  it('loads this customer alone: neither every customer’s tree, nor every service, nor the team apart', async () => {
    const api = customerApi('platform-operator');
    renderApp('/staff/customers/ag_root', api);
    await screen.findByRole('heading', { name: 'Account team and contacts' });
    expect(api.calls.filter((call) => call.method === 'GET').map((call) => call.path).sort()).toEqual(['/auth/session', '/staff/customers/ag_root']);
  });

  it('shows the error of a failed load, and keeps not-found for a 404 alone', async () => {
    const api = customerApi('platform-operator', {
      // Not a 5xx: those are retried, and this test would wait for the retries.
      'GET /staff/customers/ag_root': () => apiError(403, { code: 'FORBIDDEN', message: 'You may not do this.' }),
    });
    renderApp('/staff/customers/ag_root', api);
    expect(await screen.findByText('You may not do this.')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Page not found' })).toBeNull();
  });

  it('answers not-found for an id that is not a customer', async () => {
    renderApp('/staff/customers/ag_child', customerApi('platform-operator'));
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
  });
});
