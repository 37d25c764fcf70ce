import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiKey } from '../../../api/types';
import { fakeApi, json } from '../../../test-support/fake-api';
import { GROUPS, ROLES, SERVICES, SESSION } from '../../../test-support/fixtures';
import { renderApp } from '../../../test-support/render-app';

const SECRET = 'c2VjcmV0LW9ubHktb25jZQ';

function apiWithKeys() {
  const keys: ApiKey[] = [];
  const api = fakeApi({
    'GET /auth/session': () => json(SESSION),
    'GET /access-groups': () => json({ items: GROUPS }),
    'GET /services': () => json({ items: SERVICES }),
    'GET /access-groups/ag_root/roles': () => json({ items: ROLES }),
    'GET /access-groups/ag_root/api-keys': () => json({ items: keys, nextCursor: null }),
    'POST /access-groups/ag_root/api-keys': ({ body }) => {
      const request = body as { name: string; contact: string; notes: string; roleId: string };
      const key: ApiKey = {
        id: 'ck_key1',
        accessGroupId: 'ag_root',
        ...request,
        roleName: 'Admin',
        status: 'active',
        createdAt: '2026-11-28T10:00:00.000Z',
        lastUsedAt: null,
        regeneratedAt: null,
        warnAt: '2027-02-26T10:00:00.000Z',
        disableAt: '2027-03-28T10:00:00.000Z',
        deleteAt: '2027-05-27T10:00:00.000Z',
      };
      keys.push(key);
      return json({ key, secret: SECRET }, 201);
    },
  });
  return api;
}

async function fillKeyForm() {
  await screen.findByText('This group has no API keys.');
  fireEvent.click(screen.getByText('Create an API key'));
  await screen.findByRole('option', { name: 'Admin' });
  // Only roles the admin may hand out are offered (the server marks them assignable).
  expect(screen.queryByRole('option', { name: 'Domain admin' })).toBeNull();
  fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Purge script' } });
  fireEvent.change(screen.getByLabelText('Contact person'), { target: { value: 'ops@example.com' } });
}

async function createKey() {
  await fillKeyForm();
  // No role is chosen for the admin: the select starts on "Choose a role".
  expect(screen.getByLabelText<HTMLSelectElement>('Role').value).toBe('');
  fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'admin' } });
  fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
}

describe('ApiKeysPage', () => {
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'clipboard');
  });

  it('shows a new secret once, with a copy button, and forgets it when dismissed', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const api = apiWithKeys();
    const { queryClient } = renderApp('/admin/api-keys?group=ag_root', api);
    await createKey();

    const secretInput = await screen.findByLabelText('Secret');
    expect((secretInput as HTMLInputElement).value).toBe(SECRET);
    expect(screen.getByText(/this is the only time it is shown/)).toBeTruthy();
    const post = api.calls.find((call) => call.method === 'POST');
    expect(post?.headers['x-csrf-token']).toBe('csrf-123');
    expect(post?.body).toEqual({ name: 'Purge script', contact: 'ops@example.com', notes: '', roleId: 'admin' });

    // The list is refetched and shows the key, never its secret.
    const row = (await screen.findByRole('rowheader', { name: 'Purge script' })).closest('tr');
    expect(row).not.toBeNull();
    expect(within(row as HTMLElement).queryByText(SECRET)).toBeNull();
    expect(screen.getAllByDisplayValue(SECRET)).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Copy secret' }));
    await screen.findByText('Secret copied to the clipboard.');
    expect(writeText).toHaveBeenCalledWith(SECRET);

    fireEvent.click(screen.getByRole('button', { name: 'I have saved it, close' }));
    await waitFor(() => expect(screen.queryByLabelText('Secret')).toBeNull());
    expect(document.body.innerHTML).not.toContain(SECRET);
    const cached = JSON.stringify([
      queryClient.getQueryCache().getAll().map((query) => query.state.data),
      queryClient.getMutationCache().getAll().map((mutation) => mutation.state.data),
    ]);
    expect(cached).not.toContain(SECRET);
    expect(window.localStorage.length === 0 || !JSON.stringify({ ...window.localStorage }).includes(SECRET)).toBe(true);
  });

  it('asks for a role instead of sending the first one in the list', async () => {
    const api = apiWithKeys();
    renderApp('/admin/api-keys?group=ag_root', api);
    await fillKeyForm();
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('Choose the role the user or key will have.')).toBeTruthy();
    expect(api.calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('shows the API error of a rejected key next to the form', async () => {
    const api = fakeApi({
      'GET /auth/session': () => json(SESSION),
      'GET /access-groups': () => json({ items: GROUPS }),
      'GET /services': () => json({ items: SERVICES }),
      'GET /access-groups/ag_root/roles': () => json({ items: ROLES }),
      'GET /access-groups/ag_root/api-keys': () => json({ items: [], nextCursor: null }),
      'POST /access-groups/ag_root/api-keys': () =>
        json({ error: { code: 'API_KEY_LIMIT', message: 'The access group already has 5 active API keys.', requestId: 'r1' } }, 409),
    });
    renderApp('/admin/api-keys?group=ag_root', api);
    await createKey();
    expect(await screen.findByText('The access group already has 5 active API keys.')).toBeTruthy();
    expect(screen.queryByLabelText('Secret')).toBeNull();
  });
});
