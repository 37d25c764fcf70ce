import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EdgeSummary } from '../../../api/edges';
import { apiError, json } from '../../../test-support/fake-api';
import { SESSION } from '../../../test-support/fixtures';
import { renderApp } from '../../../test-support/render-app';
import { staffApi, staffSession } from '../staff-fixtures';

function edge(overrides: Partial<EdgeSummary>): EdgeSummary {
  return {
    id: 'edge_1',
    name: 'lima-1',
    region: 'sa-west',
    metro: 'LIM',
    state: 'online',
    health: 'ok',
    appliedVersion: 14,
    cursor: 120,
    lastHeartbeatAt: '2026-11-28T12:00:05.000Z',
    enrolledAt: '2026-11-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('EdgeFleetPage', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows each edge’s place, state, applied version against the latest, and last heartbeat', async () => {
    const api = staffApi(staffSession('tsc-technician'), {
      'GET /staff/edges': () =>
        json({
          items: [
            edge({}),
            edge({ id: 'edge_2', name: 'scl-1', region: 'sa-south', metro: 'SCL', state: 'offline', appliedVersion: 12, lastHeartbeatAt: '2026-11-28T11:00:00.000Z' }),
            edge({ id: 'edge_3', name: 'bog-1', region: 'sa-north', metro: 'BOG', state: 'removed', lastHeartbeatAt: null }),
          ],
          latestVersion: 14,
        }),
    });
    renderApp('/staff/edges', api);
    const lima = (await screen.findByRole('rowheader', { name: 'lima-1' })).closest('tr') as HTMLElement;
    expect(within(lima).getByText('sa-west / LIM')).toBeTruthy();
    expect(within(lima).getByText('Online')).toBeTruthy();
    expect(within(lima).getByText('14 (up to date)')).toBeTruthy();
    expect(within(lima).getByRole('time').getAttribute('datetime')).toBe('2026-11-28T12:00:05.000Z');
    const santiago = screen.getByRole('rowheader', { name: 'scl-1' }).closest('tr') as HTMLElement;
    expect(within(santiago).getByText('Offline')).toBeTruthy();
    expect(within(santiago).getByText('12 (latest is 14)')).toBeTruthy();
    const bogota = screen.getByRole('rowheader', { name: 'bog-1' }).closest('tr') as HTMLElement;
    expect(within(bogota).getByText('Removed')).toBeTruthy();
    expect(within(bogota).getByText('Never')).toBeTruthy();
    expect(screen.getByText('1 of 2 online · latest configuration snapshot: 14')).toBeTruthy();
    // Not a platform operator: nothing to remove with.
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
  });

  it('lets a platform operator remove an edge after confirming', async () => {
    let edges = [edge({}), edge({ id: 'edge_2', name: 'scl-1' })];
    const api = staffApi(staffSession('platform-operator'), {
      'GET /staff/edges': () => json({ items: edges, latestVersion: 14 }),
      'DELETE /staff/edges/edge_2': () => {
        edges = edges.map((e) => (e.id === 'edge_2' ? { ...e, state: 'removed' as const } : e));
        return new Response(null, { status: 204 });
      },
    });
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    renderApp('/staff/edges', api);
    const remove = await screen.findByRole('button', { name: 'Remove scl-1' });
    fireEvent.click(remove);
    expect(confirm).toHaveBeenCalledWith('Remove scl-1 from the fleet? It will stop receiving configurations and counting for activations.');
    expect(api.calls.some((call) => call.method === 'DELETE')).toBe(false);

    fireEvent.click(remove);
    expect(await screen.findByText('scl-1 was removed from the fleet.')).toBeTruthy();
    const call = api.calls.find((c) => c.method === 'DELETE');
    expect(call?.path).toBe('/staff/edges/edge_2');
    expect(call?.headers['x-csrf-token']).toBe('csrf-123');
    const row = (await screen.findByText('Removed')).closest('tr') as HTMLElement;
    expect(within(row).queryByRole('button')).toBeNull();
  });

  it('shows a refused removal', async () => {
    const api = staffApi(staffSession('platform-operator'), {
      'GET /staff/edges': () => json({ items: [edge({})], latestVersion: 14 }),
      'DELETE /staff/edges/edge_1': () => apiError(403, { code: 'FORBIDDEN', message: 'You do not have permission to do this.' }),
    });
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderApp('/staff/edges', api);
    fireEvent.click(await screen.findByRole('button', { name: 'Remove lima-1' }));
    await waitFor(() => expect(screen.getByText('You do not have permission to do this.')).toBeTruthy());
  });

  it('does not exist for customers', async () => {
    const api = staffApi(SESSION, {});
    renderApp('/staff/edges', api);
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
    expect(api.calls.some((call) => call.path.startsWith('/staff'))).toBe(false);
  });
});
