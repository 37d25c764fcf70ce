import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../../test-support/fake-api';
import { renderApp } from '../../test-support/render-app';
import { DOCUMENT_V1, SCID, configuration, configurationApi, version } from './caching-fixtures';

const SLOW = { timeout: 3000 };

describe('CachingPage', () => {
  it('asks for a service first, then lists its configurations with their slots', async () => {
    const api = configurationApi({
      'GET /services/ABC123XYZ/configurations': () =>
        json({ items: [configuration({ slots: { staging: { version: 2 }, production: { current: { version: 1 }, candidate: { version: 2, percent: 10 } } } })] }),
    });
    const { router } = renderApp('/services/caching?group=ag_root', api);
    expect(await screen.findByText('Choose a service (SCID) to see its configurations:', {}, SLOW)).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: `${SCID} · Video` }));

    const row = (await screen.findByRole('rowheader', { name: 'Main site' }, SLOW)).closest('tr') as HTMLElement;
    expect(router.state.location.search).toBe(`?group=ag_root&scid=${SCID}`);
    expect(within(row).getByText('Version 2')).toBeTruthy();
    expect(within(row).getByText('Version 1')).toBeTruthy();
    expect(within(row).getByText('Version 2 for 10% of clients')).toBeTruthy();
    expect(within(row).getByRole('link', { name: 'Main site' }).getAttribute('href')).toBe(`/services/caching/cfg_1?group=ag_root&scid=${SCID}`);
  });

  it('creates a configuration from the form: name, first property, TTL', async () => {
    const api = configurationApi({
      'GET /services/ABC123XYZ/configurations': () => json({ items: [] }),
      'POST /services/ABC123XYZ/configurations': () => json(configuration({ latestVersion: 1 }), 201),
      'GET /configurations/cfg_1': () => json(configuration({ latestVersion: 1 })),
      'GET /configurations/cfg_1/versions/1': () => json(version(1, DOCUMENT_V1)),
    });
    const { router } = renderApp(`/services/caching?group=ag_root&scid=${SCID}`, api);
    expect(await screen.findByText('This service has no configurations yet.', {}, SLOW)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'New configuration' }));
    const form = screen.getByRole('form', { name: 'New configuration' });

    // Nothing filled in: every problem is said and nothing is sent.
    fireEvent.click(within(form).getByRole('button', { name: 'Create configuration' }));
    expect(within(form).getByText('expected 1 to 80 letters, digits, spaces, ".", "_" or "-"')).toBeTruthy();
    expect(within(form).getByLabelText('Primary alias').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByLabelText('Origin host').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls.some((call) => call.method === 'POST')).toBe(false);

    fireEvent.change(within(form).getByLabelText('Configuration name'), { target: { value: 'Main site' } });
    fireEvent.change(within(form).getByLabelText('Primary alias'), { target: { value: 'www.example.com' } });
    fireEvent.change(within(form).getByLabelText('Origin host'), { target: { value: 'origin.example.com' } });
    const defaults = within(form).getByRole('group', { name: 'Default behaviours' });
    fireEvent.change(within(defaults).getByLabelText('Cache policy'), { target: { value: 'ttl' } });
    fireEvent.change(within(defaults).getByLabelText('TTL'), { target: { value: '5m' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create configuration' }));

    expect(await screen.findByRole('heading', { name: 'Main site' }, SLOW)).toBeTruthy();
    expect(router.state.location.pathname).toBe('/services/caching/cfg_1');
    const post = api.calls.find((call) => call.method === 'POST');
    expect(post?.path).toBe(`/services/${SCID}/configurations`);
    expect(post?.body).toMatchObject({
      name: 'Main site',
      comment: '',
      document: {
        properties: [
          {
            aliases: ['www.example.com'],
            origin: { protocol: 'http', host: 'origin.example.com' },
            defaults: { cacheControl: { internal: { policy: 'ttl', ttl: '5m' } } },
          },
        ],
      },
    });
  });

  it('shows a taken name from the server beside the name field', async () => {
    const api = configurationApi({
      'GET /services/ABC123XYZ/configurations': () => json({ items: [] }),
      'POST /services/ABC123XYZ/configurations': () =>
        apiError(409, {
          code: 'CONFLICT',
          message: 'The request conflicts with the current state of the resource.',
          details: [{ pointer: '/name', message: 'another configuration of this service already has this name' }],
        }),
    });
    renderApp(`/services/caching?group=ag_root&scid=${SCID}`, api);
    await screen.findByText('This service has no configurations yet.', {}, SLOW);
    fireEvent.click(screen.getByRole('button', { name: 'New configuration' }));
    const form = screen.getByRole('form', { name: 'New configuration' });
    fireEvent.change(within(form).getByLabelText('Configuration name'), { target: { value: 'Main site' } });
    fireEvent.change(within(form).getByLabelText('Primary alias'), { target: { value: 'www.example.com' } });
    fireEvent.change(within(form).getByLabelText('Origin host'), { target: { value: 'origin.example.com' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create configuration' }));
    const message = await within(form).findByText('another configuration of this service already has this name', {}, SLOW);
    expect(within(form).getByLabelText('Configuration name').getAttribute('aria-describedby')?.split(' ')).toContain(message.id);
  });
});
