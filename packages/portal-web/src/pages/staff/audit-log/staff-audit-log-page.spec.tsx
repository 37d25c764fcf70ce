import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../api/types';
import { apiError, json } from '../../../test-support/fake-api';
import { renderApp } from '../../../test-support/render-app';
import { staffApi, staffSession } from '../staff-fixtures';

function entry(id: string, accessGroupId: string | null, action: string): AuditEntry {
  return {
    id,
    at: '2026-11-28T10:00:00.000Z',
    actor: { id: 'usr_staff', email: 'ops@candela.test', displayName: 'Olga Ops' },
    actingAs: null,
    apiKeyId: null,
    accessGroupId,
    action,
    targetType: 'access-group',
    targetId: accessGroupId ?? 'usr_9',
    before: null,
    after: { name: 'x' },
    requestId: 'req-1',
  };
}

describe('StaffAuditLogPage', () => {
  it('shows every change with its group, pages, and filters by access group', async () => {
    const api = staffApi(staffSession('tsc-technician'), {
      'GET /staff/audit-log': () => {
        const query = api.lastQuery('/staff/audit-log');
        if (query?.get('accessGroupId') === 'ag_child') return json({ items: [entry('e9', 'ag_child', 'access-group.create')], nextCursor: null });
        if (query?.get('cursor') === 'c2') return json({ items: [entry('e3', null, 'user.lock')], nextCursor: null });
        return json({ items: [entry('e1', 'ag_globex', 'customer.create'), entry('e2', 'ag_gone', 'user.invite')], nextCursor: 'c2' });
      },
    });
    const { router } = renderApp('/staff/audit-log', api);

    const created = (await screen.findByText('customer.create')).closest('tr') as HTMLElement;
    expect(within(created).getByText('Globex (C-2000)')).toBeTruthy();
    // A group deleted since is named by its id.
    expect(within(screen.getByText('user.invite').closest('tr') as HTMLElement).getAllByText('ag_gone')).toHaveLength(2);

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    const lock = (await screen.findByText('user.lock')).closest('tr') as HTMLElement;
    expect(within(lock).getByText('None')).toBeTruthy();
    expect(api.lastQuery('/staff/audit-log')?.get('cursor')).toBe('c2');

    const select = await screen.findByRole('combobox', { name: 'Changes in' });
    expect(within(select).getByRole('option', { name: 'Acme (100200) › Acme Video' })).toBeTruthy();
    fireEvent.change(select, { target: { value: 'ag_child' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(await screen.findByText('access-group.create')).toBeTruthy();
    expect(screen.queryByText('customer.create')).toBeNull();
    expect(api.lastQuery('/staff/audit-log')?.get('accessGroupId')).toBe('ag_child');
    expect(router.state.location.search).toBe('?accessGroupId=ag_child');
  });

  it('reads the filter from the URL, so a customer page can link to its changes', async () => {
    const api = staffApi(staffSession('platform-operator'), {
      'GET /staff/audit-log': () => json({ items: [], nextCursor: null }),
    });
    renderApp('/staff/audit-log?accessGroupId=ag_root', api);
    expect(await screen.findByText('No changes recorded.')).toBeTruthy();
    expect(api.lastQuery('/staff/audit-log')?.get('accessGroupId')).toBe('ag_root');
    expect((await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Changes in' })).value).toBe('ag_root');
  });

  it('shows the server’s refusal to a staff role without the audit log', async () => {
    const api = staffApi(staffSession('account-manager'), {
      'GET /staff/audit-log': () => apiError(403, { code: 'FORBIDDEN', message: 'Your role does not allow this.' }),
    });
    renderApp('/staff/audit-log', api);
    expect(await screen.findByText('Your role does not allow this.')).toBeTruthy();
  });
});
