import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { apiError, json } from '../../test-support/fake-api';
import { renderApp } from '../../test-support/render-app';
import { CONFIGURATION_URL, DOCUMENT_V1, DOCUMENT_V2, activation, configuration, configurationApi, version, versionSummary } from './caching-fixtures';

/** The machine running the tests is shared: give chains of requests time to finish. */
const SLOW = { timeout: 3000 };

async function openEditor() {
  await screen.findByRole('heading', { name: 'Main site' }, SLOW);
  await screen.findByRole('heading', { name: 'Version 2' }, SLOW);
  return screen.getByRole('group', { name: 'Default behaviours' });
}

function setTtl(defaults: HTMLElement, value: string) {
  fireEvent.change(within(defaults).getByLabelText('TTL'), { target: { value } });
}

describe('ConfigurationPage', () => {
  it('shows the slots and opens the latest version in the editor', async () => {
    renderApp(CONFIGURATION_URL, configurationApi());
    const defaults = await openEditor();
    const slots = screen.getByLabelText('Where it is active');
    expect(within(slots).getByText('Staging').nextElementSibling?.textContent).toBe('Version 2');
    expect(within(slots).getByText('Production').nextElementSibling?.textContent).toBe('Version 1');
    expect(within(defaults).getByLabelText<HTMLInputElement>('TTL').value).toBe('10m');
    expect(screen.getByLabelText<HTMLInputElement>('Primary alias').value).toBe('www.example.com');
    expect(screen.getByText('Saved primary alias: it names the property and cannot change.')).toBeTruthy();
  });

  it('saves the edit as the next version with its comment and the latest version it knew of', async () => {
    let latest = 2;
    const api = configurationApi({
      'GET /configurations/cfg_1': () => json(configuration({ latestVersion: latest })),
      'POST /configurations/cfg_1/versions': () => {
        latest = 3;
        return json(versionSummary(3, 'One hour'), 201);
      },
      'GET /configurations/cfg_1/versions/3': () => json(version(3, DOCUMENT_V2, 'One hour')),
    });
    const { router } = renderApp(CONFIGURATION_URL, api);
    const defaults = await openEditor();
    setTtl(defaults, '1h');
    fireEvent.change(screen.getByRole('form', { name: 'Save a new version' }).querySelector('input') as HTMLInputElement, { target: { value: ' One hour ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Version 3 was saved.', {}, SLOW)).toBeTruthy();
    const post = api.calls.find((call) => call.method === 'POST');
    expect(post?.headers['x-csrf-token']).toBe('csrf-123');
    const body = post?.body as { baseVersion: number; comment: string; document: typeof DOCUMENT_V2 };
    expect(body.baseVersion).toBe(2);
    expect(body.comment).toBe('One hour');
    expect(body.document.properties[0]?.defaults).toEqual({ cacheControl: { internal: { policy: 'ttl', ttl: '1h' } } });
    await screen.findByRole('heading', { name: 'Version 3' }, SLOW);
    expect(new URLSearchParams(router.state.location.search).get('version')).toBe('3');
  });

  it('does not send a document the schema rejects, and says why beside the field', async () => {
    const api = configurationApi();
    renderApp(CONFIGURATION_URL, api);
    const defaults = await openEditor();
    setTtl(defaults, '5');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const ttl = within(defaults).getByLabelText('TTL');
    expect(ttl.getAttribute('aria-invalid')).toBe('true');
    expect(within(defaults).getByText('expected an integer and a unit s, m, h, d, w or y (e.g. "10m")')).toBeTruthy();
    expect(screen.getByText('Fix the 1 problem(s) shown in the editor first.')).toBeTruthy();
    expect(api.calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('on a version conflict, says so and offers the latest version instead of overwriting it', async () => {
    let latest = 2;
    const api = configurationApi({
      'GET /configurations/cfg_1': () => json(configuration({ latestVersion: latest })),
      'POST /configurations/cfg_1/versions': () => {
        latest = 3;
        return apiError(409, {
          code: 'VERSION_CONFLICT',
          message: 'Someone saved a newer version of this configuration. Load the latest version, reapply your changes and save again.',
          details: [{ pointer: '/baseVersion', message: 'version 3 was saved after version 2, which you edited' }],
        });
      },
      'GET /configurations/cfg_1/versions/3': () => json(version(3, DOCUMENT_V1, 'By someone else')),
    });
    renderApp(CONFIGURATION_URL, api);
    const defaults = await openEditor();
    setTtl(defaults, '1h');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    const alert = (await screen.findByText(/Someone saved a newer version of this configuration/, {}, SLOW)).closest('[role="alert"]') as HTMLElement;
    expect(within(alert).getByText('version 3 was saved after version 2, which you edited')).toBeTruthy();
    // The draft is still there until the user chooses.
    expect(within(defaults).getByLabelText<HTMLInputElement>('TTL').value).toBe('1h');
    fireEvent.click(within(alert).getByRole('button', { name: 'Load the latest version (discards your changes)' }));

    expect(await screen.findByRole('heading', { name: 'Version 3' }, SLOW)).toBeTruthy();
    expect(screen.getByText('Version 3 was loaded. Reapply your changes and save.')).toBeTruthy();
    const fresh = screen.getByRole('group', { name: 'Default behaviours' });
    expect(within(fresh).getByLabelText<HTMLInputElement>('TTL').value).toBe('5m');
    expect(screen.queryByText(/Someone saved a newer version/)).toBeNull();
  });

  it('puts the server’s problems inside the document beside their fields', async () => {
    renderApp(
      CONFIGURATION_URL,
      configurationApi({
        'POST /configurations/cfg_1/versions': () =>
          apiError(400, {
            code: 'VALIDATION_FAILED',
            message: 'The request contains invalid data. Check the fields listed.',
            details: [{ pointer: '/document/properties/0/origin/host', message: 'The origin resolves to a private address.' }],
          }),
      }),
    );
    await openEditor();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findAllByText('The origin resolves to a private address.', {}, SLOW);
    const host = screen.getByLabelText('Origin host');
    expect(host.getAttribute('aria-invalid')).toBe('true');
    const beside = document.getElementById(host.getAttribute('aria-describedby')?.split(' ')[0] ?? '');
    expect(beside?.textContent).toBe('The origin resolves to a private address.');
    // Editing the value makes the server's remark stale.
    fireEvent.change(host, { target: { value: 'origin2.example.com' } });
    await waitFor(() => expect(screen.queryByText('The origin resolves to a private address.')).toBeNull(), SLOW);
  });

  it('saves as a new configuration under a new name and opens it', async () => {
    const api = configurationApi({
      'POST /services/ABC123XYZ/configurations': () => json(configuration({ id: 'cfg_2', name: 'Copy', latestVersion: 1 }), 201),
      'GET /configurations/cfg_2': () => json(configuration({ id: 'cfg_2', name: 'Copy', latestVersion: 1 })),
      'GET /configurations/cfg_2/versions': () => json({ items: [], nextCursor: null }),
      'GET /configurations/cfg_2/versions/1': () => json({ ...version(1, DOCUMENT_V2), configurationId: 'cfg_2' }),
      'GET /configurations/cfg_2/activations': () => json({ items: [], nextCursor: null }),
    });
    const { router } = renderApp(CONFIGURATION_URL, api);
    await openEditor();
    fireEvent.change(screen.getByLabelText('New configuration name'), { target: { value: 'Copy' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save as' }));
    expect(await screen.findByRole('heading', { name: 'Copy' }, SLOW)).toBeTruthy();
    expect(router.state.location.pathname).toBe('/services/caching/cfg_2');
    const post = api.calls.find((call) => call.method === 'POST');
    expect(post?.body).toMatchObject({ name: 'Copy', comment: '', document: { properties: [{ aliases: ['www.example.com'] }] } });
  });

  it('activates a version and follows its status every second until every edge has it', async () => {
    const answers = [activation({ status: 'propagating', edgesDone: 3 }), activation({ status: 'active', edgesDone: 5, finishedAt: '2026-11-28T12:00:02.000Z' })];
    const api = configurationApi({
      'POST /configurations/cfg_1/activations': () => json(activation(), 202),
      'GET /activations/act_1': () => json(answers.length > 1 ? answers.shift() : answers[0]),
    });
    renderApp(CONFIGURATION_URL, api);
    await openEditor();
    const form = screen.getByRole('form', { name: 'Activate a version' });
    expect(within(form).getByLabelText<HTMLSelectElement>('Version to activate').value).toBe('2');
    fireEvent.click(within(form).getByLabelText('Production'));
    fireEvent.change(within(form).getByLabelText('Activation comment'), { target: { value: 'Go live' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Activate' }));

    // The 202 answer says pending; the next two polls say propagating, then active.
    const live = await screen.findByText('Propagating: 3 of 5 edges', {}, { timeout: 4000 });
    expect(live.closest('[role="status"]')).not.toBeNull();
    expect(screen.getByRole('progressbar', { name: 'Propagating: 3 of 5 edges' })).toBeTruthy();
    expect((await screen.findAllByText('Active on 5 edges', {}, { timeout: 4000 })).length).toBeGreaterThan(0);
    expect(api.calls.find((call) => call.method === 'POST')?.body).toEqual({ target: 'production', version: 2, comment: 'Go live' });
    const polls = api.calls.filter((call) => call.path === '/activations/act_1').length;
    // Settled: no more asking.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(api.calls.filter((call) => call.path === '/activations/act_1').length).toBe(polls);
  }, 15_000);

  it('shows a rolled-back activation with its reason, and an alias conflict with the alias named', async () => {
    const api = configurationApi({
      'GET /configurations/cfg_1/activations': () =>
        json({ items: [activation({ id: 'act_0', status: 'rolled-back', edgesDone: 2, reason: 'edge lima-1 refused the document' })], nextCursor: null }),
      'POST /configurations/cfg_1/activations': () =>
        apiError(409, { code: 'CONFLICT', message: 'The alias www.example.com is active for another service.' }),
    });
    renderApp(CONFIGURATION_URL, api);
    await openEditor();
    expect(await screen.findByText('Rolled back: edge lima-1 refused the document', {}, SLOW)).toBeTruthy();
    const form = screen.getByRole('form', { name: 'Activate a version' });
    fireEvent.click(within(form).getByRole('button', { name: 'Activate' }));
    expect(await within(form).findByText('The alias www.example.com is active for another service.', {}, SLOW)).toBeTruthy();
  });

  it('starts a canary with a custom share, and promotes or removes the candidate', async () => {
    const api = configurationApi({
      'GET /configurations/cfg_1': () => json(configuration({ slots: { staging: null, production: { current: { version: 2 }, candidate: { version: 1, percent: 5 } } } })),
      'POST /configurations/cfg_1/activations': () => json(activation({ status: 'active', edgesDone: 5 }), 202),
    });
    renderApp(CONFIGURATION_URL, api);
    await openEditor();
    const form = screen.getByRole('form', { name: 'Activate a version' });
    fireEvent.click(within(form).getByLabelText('Canary candidate'));
    fireEvent.change(within(form).getByLabelText('Share of clients'), { target: { value: 'custom' } });
    fireEvent.change(within(form).getByLabelText('Custom percentage'), { target: { value: '0' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Activate' }));
    expect(within(form).getByText('Enter a whole number from 1 to 100.')).toBeTruthy();
    expect(api.calls.some((call) => call.method === 'POST')).toBe(false);

    fireEvent.change(within(form).getByLabelText('Custom percentage'), { target: { value: '33' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Activate' }));
    await waitFor(() => expect(api.calls.filter((call) => call.method === 'POST')).toHaveLength(1), SLOW);

    expect(screen.getByText('Current candidate: version 1 for 5% of clients.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Promote candidate to production' }));
    await waitFor(() => expect(api.calls.filter((call) => call.method === 'POST')).toHaveLength(2), SLOW);
    fireEvent.click(screen.getByRole('button', { name: 'Remove candidate' }));
    await waitFor(() => expect(api.calls.filter((call) => call.method === 'POST')).toHaveLength(3), SLOW);
    expect(api.calls.filter((call) => call.method === 'POST').map((call) => call.body)).toEqual([
      { target: 'candidate', version: 2, percent: 33, comment: '' },
      { target: 'promote', comment: '' },
      { target: 'candidate', percent: 0, comment: '' },
    ]);
  });

  it('says when activating an older version rolls production back', async () => {
    renderApp(CONFIGURATION_URL, configurationApi({ 'GET /configurations/cfg_1': () => json(configuration({ slots: { staging: null, production: { current: { version: 2 }, candidate: null } } })) }));
    await openEditor();
    const form = screen.getByRole('form', { name: 'Activate a version' });
    fireEvent.click(within(form).getByLabelText('Production'));
    fireEvent.change(within(form).getByLabelText('Version to activate'), { target: { value: '1' } });
    expect(within(form).getByText('This rolls production back from version 2 to version 1.')).toBeTruthy();
  });

  it('compares two versions as a readable list of changes', async () => {
    const api = configurationApi({
      'GET /configurations/cfg_1/diff': () =>
        json({
          from: 1,
          to: 2,
          changes: [
            { pointer: '/properties/0/defaults/cacheControl/internal/ttl', op: 'replace', before: '5m', after: '10m' },
            { pointer: '/properties/0/rules/0', op: 'add', after: { match: { op: '*=', value: '/static/*', negate: false }, behaviours: {} } },
            { pointer: '/properties/0/aliases/1', op: 'remove', before: 'old.example.com' },
          ],
        }),
    });
    renderApp(CONFIGURATION_URL, api);
    await openEditor();
    const form = screen.getByRole('form', { name: 'Compare versions' });
    expect(within(form).getByLabelText<HTMLSelectElement>('From').value).toBe('1');
    expect(within(form).getByLabelText<HTMLSelectElement>('To').value).toBe('2');
    fireEvent.click(within(form).getByRole('button', { name: 'Compare' }));

    const table = await screen.findByRole('table', { name: 'Changes from version 1 to 2 (3)' }, SLOW);
    expect(api.lastQuery('/configurations/cfg_1/diff')?.toString()).toBe('from=1&to=2');
    const ttlRow = within(table).getByRole('rowheader', { name: '/properties/0/defaults/cacheControl/internal/ttl' }).closest('tr') as HTMLElement;
    expect(within(ttlRow).getByText('Changed')).toBeTruthy();
    expect(within(ttlRow).getByText('"5m"')).toBeTruthy();
    expect(within(ttlRow).getByText('"10m"')).toBeTruthy();
    const added = within(table).getByRole('rowheader', { name: '/properties/0/rules/0' }).closest('tr') as HTMLElement;
    expect(within(added).getByText('Added')).toBeTruthy();
    expect(within(added).getByText(/"value": "\/static\/\*"/)).toBeTruthy();
    const removed = within(table).getByRole('rowheader', { name: '/properties/0/aliases/1' }).closest('tr') as HTMLElement;
    expect(within(removed).getByText('Removed')).toBeTruthy();
    expect(within(removed).getByText('"old.example.com"')).toBeTruthy();
  });

  it('opens another version from the history, asking before it drops unsaved changes', async () => {
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    const { router } = renderApp(CONFIGURATION_URL, configurationApi());
    const defaults = await openEditor();
    setTtl(defaults, '1h');
    fireEvent.click(await screen.findByRole('button', { name: 'View version 1' }, SLOW));
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('heading', { name: 'Version 2' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'View version 1' }));
    expect(await screen.findByRole('heading', { name: 'Version 1' }, SLOW)).toBeTruthy();
    expect(new URLSearchParams(router.state.location.search).get('version')).toBe('1');
    expect(within(screen.getByRole('group', { name: 'Default behaviours' })).getByLabelText<HTMLInputElement>('TTL').value).toBe('5m');
    confirm.mockRestore();
  });

  it('answers an unknown or foreign configuration with the not-found page', async () => {
    renderApp(CONFIGURATION_URL, configurationApi({ 'GET /configurations/cfg_1': () => apiError(404, { code: 'NOT_FOUND', message: 'The requested resource does not exist.' }) }));
    expect(await screen.findByRole('heading', { name: 'Page not found' }, SLOW)).toBeTruthy();
  });
});
