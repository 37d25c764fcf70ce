import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Invalidation } from '../../api/invalidations';
import { apiError, json } from '../../test-support/fake-api';
import { SESSION } from '../../test-support/fixtures';
import { renderApp } from '../../test-support/render-app';
import { COMPLETE, PAGE_URL, SCID, invalidation, invalidationApi, rateLimited } from './invalidation-fixtures';

/** The machine running the tests is shared: give chains of requests (and polls) time to finish. */
const SLOW = { timeout: 4000 };
/** The history is read again every 2 s while a request is open. */
const POLL = { timeout: 6000 };

async function openForm() {
  return screen.findByRole('form', { name: 'New invalidation request' }, SLOW);
}

function paths(form: HTMLElement): HTMLTextAreaElement {
  return within(form).getByLabelText<HTMLTextAreaElement>('Paths, one per line');
}

function typePaths(form: HTMLElement, text: string) {
  fireEvent.change(paths(form), { target: { value: text } });
}

function posts(api: ReturnType<typeof invalidationApi>) {
  return api.calls.filter((call) => call.method === 'POST');
}

describe('InvalidationPage', () => {
  it('is in the Network Tools menu, and offers the active properties of the selected service only', async () => {
    renderApp(PAGE_URL, invalidationApi());
    const menu = await screen.findByRole('navigation', { name: 'Main menu' }, SLOW);
    const tools = within(menu).getByRole('group', { name: 'Network Tools' });
    expect(within(tools).getByRole('link', { name: 'Content invalidation' }).getAttribute('href')).toBe(PAGE_URL.replace(/^[^?]*/, '/network-tools/content-invalidation'));
    expect(await screen.findByRole('heading', { name: 'Content invalidation', level: 1 }, SLOW)).toBeTruthy();

    const form = await openForm();
    const properties = within(form).getByRole('group', { name: 'Properties' });
    expect(within(properties).getAllByRole('checkbox').map((box) => box.getAttribute('value'))).toEqual(['static.example.com', 'www.example.com']);
    expect(within(form).getByRole('radio', { name: 'Paths' })).toHaveProperty('checked', true);
    // Each type says what it does, read out with its radio.
    const normal = within(form).getByRole('radio', { name: 'Normal' });
    expect(normal).toHaveProperty('checked', true);
    expect(document.getElementById(normal.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/unchanged object costs only a 304/);
    const force = within(form).getByRole('radio', { name: 'Force' });
    expect(document.getElementById(force.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/^Refetch/);
  });

  it('asks for a service when the group holds several and none is selected', async () => {
    renderApp('/network-tools/content-invalidation?group=ag_root', invalidationApi());
    expect(await screen.findByText(/Invalidation requests are per service/, {}, SLOW)).toBeTruthy();
    expect(screen.getByRole('link', { name: /ABC123XYZ · Video/ }).getAttribute('href')).toBe(`/network-tools/content-invalidation?group=ag_root&scid=${SCID}`);
    expect(screen.queryByRole('form', { name: 'New invalidation request' })).toBeNull();
  });

  it('checks each path as it is typed and shows where the pattern breaks, with a caret under the character', async () => {
    const api = invalidationApi();
    renderApp(PAGE_URL, api);
    const form = await openForm();
    typePaths(form, '/img/*.jpg\n\n  /css/[a-  \n/ok');
    const field = paths(form);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const problem = within(form).getByText('Line 3: the set opened at character 6 has no closing "]"');
    // The description read with the field names the line and the position.
    expect(field.getAttribute('aria-describedby')?.split(' ').some((id) => document.getElementById(id)?.textContent?.includes('Line 3: the set opened at character 6'))).toBe(true);
    const caret = within(problem.closest('li') as HTMLElement).getByTestId('pattern-caret');
    expect(caret.textContent).toBe('/css/[a-\n     ^');
    expect(caret.getAttribute('aria-hidden')).toBe('true');

    // Nothing is sent while a problem remains; the first field with one gets the focus.
    fireEvent.click(within(form).getByRole('checkbox', { name: 'www.example.com' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Invalidate' }));
    expect(within(form).getByText('Fix the 1 problem(s) shown beside the fields first.')).toBeTruthy();
    expect(document.activeElement).toBe(field);
    expect(posts(api)).toHaveLength(0);

    // Fixed: the problem goes at once.
    typePaths(form, '/img/*.jpg\n/css/[a-z]*.css');
    expect(within(form).queryByText(/Line 2:/)).toBeNull();
    expect(field.getAttribute('aria-invalid')).toBeNull();
  });

  it('says what is missing only once the user tries to send, beside each field', async () => {
    const api = invalidationApi();
    renderApp(PAGE_URL, api);
    const form = await openForm();
    expect(within(form).queryByRole('alert')).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Invalidate' }));
    const properties = within(form).getByRole('group', { name: 'Properties' });
    expect(properties.getAttribute('aria-invalid')).toBe('true');
    expect(within(properties).getByText('Choose at least one property.')).toBeTruthy();
    expect(within(form).getByText('give at least one path for a path invalidation')).toBeTruthy();
    expect(document.activeElement).toBe(within(properties).getAllByRole('checkbox')[0]);
    expect(posts(api)).toHaveLength(0);
  });

  it('sends the request, then follows its progress live until every edge is done', async () => {
    let asked = 0;
    const created = invalidation({ properties: ['www.example.com', 'static.example.com'], items: [{ value: '/img/*.jpg', objectsMatched: 0 }, { value: '/index.html', objectsMatched: 0 }], type: 'force', ignoreCase: true, notify: ['ops@example.com', 'web@example.com'] });
    const api = invalidationApi({
      [`POST /services/${SCID}/invalidations`]: () => json(created, 202),
      'GET /invalidations/inv_1': () => {
        asked += 1;
        return json(
          asked === 1
            ? { ...created, status: 'in-progress', edgesDone: 1, objectsMatched: 4 }
            : { ...created, status: 'complete', edgesDone: 3, edgesCounted: 3, objectsMatched: 12, completedAt: '2026-11-28T12:00:00.800Z' },
        );
      },
    });
    renderApp(PAGE_URL, api);
    const form = await openForm();
    fireEvent.click(within(form).getByRole('checkbox', { name: 'www.example.com' }));
    fireEvent.click(within(form).getByRole('checkbox', { name: 'static.example.com' }));
    typePaths(form, ' /img/*.jpg \n\n/index.html\n');
    fireEvent.click(within(form).getByRole('switch', { name: 'Ignore case' }));
    fireEvent.click(within(form).getByRole('radio', { name: 'Force' }));
    fireEvent.change(within(form).getByLabelText('Notify when complete'), { target: { value: 'ops@example.com, web@example.com' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Invalidate' }));

    await waitFor(() => expect(posts(api)).toHaveLength(1), SLOW);
    const [post] = posts(api);
    expect(post?.headers['x-csrf-token']).toBe(SESSION.csrfToken);
    expect(post?.body).toEqual({
      kind: 'path',
      properties: ['www.example.com', 'static.example.com'],
      paths: ['/img/*.jpg', '/index.html'],
      type: 'force',
      ignoreCase: true,
      notify: 'ops@example.com, web@example.com',
    });

    expect(await within(form).findByText('Request sent.', {}, SLOW)).toBeTruthy();
    const status = within(form).getByRole('status');
    expect(status.textContent).toMatch(/Pending: no edge has applied it yet \(0 of 3 edges\)/);
    await waitFor(() => expect(within(form).getByRole('status').textContent).toMatch(/In progress: 1 of 3 edges done, 4 objects matched/), SLOW);
    expect(within(form).getByRole('progressbar')).toBeTruthy();
    await waitFor(() => expect(within(form).getByRole('status').textContent).toMatch(/Complete: 3 edges done, 12 objects matched/), SLOW);
    expect(within(form).queryByRole('progressbar')).toBeNull();
    expect(within(form).getByRole('link', { name: 'See its details' }).getAttribute('href')).toBe(`/network-tools/content-invalidation/inv_1?group=ag_root&scid=${SCID}`);
  });

  it('sends cache tags, or whole properties, without paths', async () => {
    const api = invalidationApi({ [`POST /services/${SCID}/invalidations`]: () => json(invalidation(), 202), 'GET /invalidations/inv_1': () => json(invalidation()) });
    renderApp(PAGE_URL, api);
    const form = await openForm();
    fireEvent.click(within(form).getByRole('checkbox', { name: 'static.example.com' }));
    fireEvent.click(within(form).getByRole('radio', { name: 'Cache tags' }));
    expect(within(form).queryByLabelText('Paths, one per line')).toBeNull();
    expect(within(form).queryByRole('switch', { name: 'Ignore case' })).toBeNull();
    fireEvent.change(within(form).getByLabelText('Cache tags, one per line'), { target: { value: 'product-42\nhome' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Invalidate' }));
    await waitFor(() => expect(posts(api)).toHaveLength(1), SLOW);
    expect(posts(api)[0]?.body).toEqual({ kind: 'tag', properties: ['static.example.com'], tags: ['product-42', 'home'], type: 'normal', ignoreCase: false, notify: '' });

    fireEvent.click(within(form).getByRole('radio', { name: 'Whole property' }));
    expect(within(form).getByText('Everything the edges hold for the chosen properties is invalidated.')).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Invalidate' }));
    await waitFor(() => expect(posts(api)).toHaveLength(2), SLOW);
    expect(posts(api)[1]?.body).toEqual({ kind: 'property', properties: ['static.example.com'], type: 'normal', ignoreCase: false, notify: '' });
  });

  it('checks the notify list: at most 250 characters of e-mail addresses', async () => {
    const api = invalidationApi();
    renderApp(PAGE_URL, api);
    const form = await openForm();
    const notify = within(form).getByLabelText('Notify when complete');
    fireEvent.change(notify, { target: { value: 'ops@example.com, nobody' } });
    expect(within(form).getByText('"nobody" is not an e-mail address')).toBeTruthy();
    fireEvent.change(notify, { target: { value: `${'a'.repeat(240)}@example.com` } });
    expect(within(form).getByText('The list of addresses has at most 250 characters.')).toBeTruthy();
    expect(notify.getAttribute('aria-invalid')).toBe('true');
  });

  it('puts the API’s problems beside the fields: /paths/1 on the line that path came from', async () => {
    const api = invalidationApi({
      [`POST /services/${SCID}/invalidations`]: () =>
        apiError(400, {
          code: 'VALIDATION_FAILED',
          message: 'The request contains invalid data. Check the fields listed.',
          details: [
            { pointer: '/paths/1', message: 'the path is not allowed' },
            { pointer: '/notify', message: '"x@y" is not an e-mail address' },
            { pointer: '/properties/0', message: 'no property of this service is active under the alias "www.example.com"' },
            { pointer: '', message: 'Something about the whole body.' },
          ],
        }),
    });
    renderApp(PAGE_URL, api);
    const form = await openForm();
    fireEvent.click(within(form).getByRole('checkbox', { name: 'www.example.com' }));
    typePaths(form, '/a\n\n/b');
    fireEvent.click(within(form).getByRole('button', { name: 'Invalidate' }));

    expect(await within(form).findByText('Line 3: the path is not allowed', {}, SLOW)).toBeTruthy();
    expect(paths(form).getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByText('"x@y" is not an e-mail address')).toBeTruthy();
    expect(within(within(form).getByRole('group', { name: 'Properties' })).getByText('no property of this service is active under the alias "www.example.com"')).toBeTruthy();
    const alert = within(form).getByText('The request contains invalid data. Check the fields listed.').closest('[role="alert"]') as HTMLElement;
    expect(within(alert).getByText('Something about the whole body.')).toBeTruthy();
    // Editing the paths makes the API's remark on them stale.
    typePaths(form, '/a\n\n/c');
    expect(within(form).queryByText('Line 3: the path is not allowed')).toBeNull();
  });

  it('says clearly when the access group is over its limit, and when the next request can go', async () => {
    const api = invalidationApi({ [`POST /services/${SCID}/invalidations`]: () => rateLimited(42) });
    renderApp(PAGE_URL, api);
    const form = await openForm();
    fireEvent.click(within(form).getByRole('checkbox', { name: 'www.example.com' }));
    typePaths(form, '/');
    fireEvent.click(within(form).getByRole('button', { name: 'Invalidate' }));
    const alert = (await within(form).findByText(/Too many invalidation requests for this access group/, {}, SLOW)).closest('[role="alert"]') as HTMLElement;
    expect(within(alert).getByText(/You can send the next request at .+ \(in 4[12] s\)\./)).toBeTruthy();
  });

  it('shows other failures with the server’s message (e.g. no permission)', async () => {
    const api = invalidationApi({
      [`POST /services/${SCID}/invalidations`]: () => apiError(403, { code: 'FORBIDDEN', message: 'You do not have permission to perform this action.' }),
    });
    renderApp(PAGE_URL, api);
    const form = await openForm();
    fireEvent.click(within(form).getByRole('checkbox', { name: 'www.example.com' }));
    fireEvent.click(within(form).getByRole('radio', { name: 'Whole property' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Invalidate' }));
    expect(await within(form).findByRole('alert', {}, SLOW)).toHaveProperty('textContent', 'You do not have permission to perform this action.');
  });

  it('reads in Spanish, pattern errors included', async () => {
    const api = invalidationApi({ 'GET /auth/session': () => json({ ...SESSION, user: { ...SESSION.user, language: 'es' } }) });
    renderApp(PAGE_URL, api, 'es');
    const form = await screen.findByRole('form', { name: 'Nueva solicitud de invalidación' }, SLOW);
    fireEvent.change(within(form).getByLabelText('Rutas, una por línea'), { target: { value: '/a/{3' } });
    expect(within(form).getByText('Línea 1: la repetición abierta en el carácter 4 no tiene "}" de cierre')).toBeTruthy();
    expect(within(form).getByRole('radio', { name: 'Forzada' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Solicitudes', level: 2 })).toBeTruthy();
    expect(await screen.findByText(/Completada: 3 edges listos, 9 objetos coincidentes/, {}, SLOW)).toBeTruthy();
  });
});

describe('InvalidationPage history', () => {
  it('lists the last 100, newest first, each with its progress, and pages on with nextCursor', async () => {
    const open = invalidation({ status: 'in-progress', edgesDone: 2, objectsMatched: 5, items: ['/a', '/b', '/c', '/d', '/e'].map((value) => ({ value, objectsMatched: 1 })) });
    const api = invalidationApi({
      [`GET /services/${SCID}/invalidations`]: () => json({ items: [open], nextCursor: 'c2' }),
    });
    // The first page, then the next one for cursor c2.
    const { fetch } = api;
    const pages = (input: string, init: RequestInit) =>
      new URL(input, 'http://portal.test').searchParams.get('cursor') === 'c2' ? Promise.resolve(json({ items: [COMPLETE], nextCursor: null })) : fetch(input, init);
    renderApp(PAGE_URL, { ...api, fetch: pages });

    const table = await screen.findByRole('table', { name: `Invalidation requests of service ${SCID}` }, SLOW);
    const row = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(row).getByText('In progress: 2 of 3 edges done, 5 objects matched')).toBeTruthy();
    expect(within(row).getByText('/a')).toBeTruthy();
    expect(within(row).getByText('and 2 more')).toBeTruthy();
    expect(within(row).getByRole('link').getAttribute('href')).toBe(`/network-tools/content-invalidation/inv_1?group=ag_root&scid=${SCID}`);
    expect(api.queries(`/services/${SCID}/invalidations`)[0]?.get('limit')).toBe('100');

    fireEvent.click(screen.getByRole('button', { name: 'Show 100 more' }));
    expect(await within(table).findByText('Complete: 3 edges done, 9 objects matched', {}, SLOW)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Show 100 more' })).toBeNull();
  });

  it('reads the history again while a request is open, and stops once all are complete', async () => {
    let reads = 0;
    const api = invalidationApi({
      [`GET /services/${SCID}/invalidations`]: () => {
        reads += 1;
        const row = reads === 1 ? invalidation() : invalidation({ status: 'complete', edgesDone: 3, objectsMatched: 1, completedAt: '2026-11-28T12:00:01.000Z' });
        return json({ items: [row], nextCursor: null });
      },
    });
    renderApp(PAGE_URL, api);
    expect(await screen.findByText('Pending: no edge has applied it yet (0 of 3 edges)', {}, SLOW)).toBeTruthy();
    expect(await screen.findByText('Complete: 3 edges done, 1 objects matched', {}, POLL)).toBeTruthy();
    const settled = reads;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(reads).toBe(settled);
  }, 15_000);

  it('searches older requests by status, property, text and dates', async () => {
    const api = invalidationApi();
    renderApp(PAGE_URL, api);
    const search = await screen.findByRole('form', { name: 'Search requests' }, SLOW);
    // No control shadows a member of its form (form.contains must stay Node.contains).
    for (const form of document.querySelectorAll('form')) expect(typeof form.contains).toBe('function');
    fireEvent.change(within(search).getByLabelText('Status'), { target: { value: 'complete' } });
    fireEvent.change(within(search).getByLabelText('Property'), { target: { value: ' WWW.example.com ' } });
    fireEvent.change(within(search).getByLabelText('Path or tag contains'), { target: { value: 'logo' } });
    fireEvent.change(within(search).getByLabelText('From (date)'), { target: { value: '2026-11-01' } });
    fireEvent.change(within(search).getByLabelText('To (date, included)'), { target: { value: '2026-11-30' } });
    fireEvent.click(within(search).getByRole('button', { name: 'Search' }));

    await waitFor(() => expect(api.queries(`/services/${SCID}/invalidations`).length).toBe(2), SLOW);
    const query = api.queries(`/services/${SCID}/invalidations`)[1];
    expect(query?.get('status')).toBe('complete');
    expect(query?.get('property')).toBe('www.example.com');
    expect(query?.get('contains')).toBe('logo');
    expect(query?.get('from')).toBe(new Date(2026, 10, 1).toISOString());
    expect(query?.get('to')).toBe(new Date(2026, 11, 1).toISOString());

    // A backwards range is refused at the field.
    fireEvent.change(within(search).getByLabelText('From (date)'), { target: { value: '2026-12-05' } });
    fireEvent.click(within(search).getByRole('button', { name: 'Search' }));
    expect(within(search).getByText('The end date is before the start date.')).toBeTruthy();

    // Cleared: every request again (the unfiltered list is still in the cache).
    fireEvent.click(within(search).getByRole('button', { name: 'Clear filters' }));
    expect(within(search).getByLabelText<HTMLSelectElement>('Status').value).toBe('');
    expect(within(search).queryByText('The end date is before the start date.')).toBeNull();
    expect(await screen.findByText('Complete: 3 edges done, 9 objects matched', {}, SLOW)).toBeTruthy();
  });

  it('says when nothing matches the filters', async () => {
    const api = invalidationApi({ [`GET /services/${SCID}/invalidations`]: () => json({ items: [], nextCursor: null }) });
    renderApp(PAGE_URL, api);
    expect(await screen.findByText('No invalidation request yet.', {}, SLOW)).toBeTruthy();
    const search = screen.getByRole('form', { name: 'Search requests' });
    fireEvent.change(within(search).getByLabelText('Path or tag contains'), { target: { value: 'zzz' } });
    fireEvent.click(within(search).getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('No request matches these filters.', {}, SLOW)).toBeTruthy();
  });
});

describe('InvalidationDetailPage', () => {
  const DETAIL_URL = `/network-tools/content-invalidation/inv_1?group=ag_root&scid=${SCID}`;

  it('shows the request and the objects matched per item, following it live while open and while its edges count', async () => {
    let asked = 0;
    const base: Invalidation = invalidation({
      items: [
        { value: '/img/*.jpg', objectsMatched: 3 },
        { value: '/index.html', objectsMatched: 1 },
      ],
      status: 'in-progress',
      edgesDone: 2,
      objectsMatched: 4,
      notify: ['ops@example.com'],
    });
    const api = invalidationApi({
      'GET /invalidations/inv_1': () => {
        asked += 1;
        const complete = { ...base, status: 'complete' as const, edgesDone: 3, completedAt: '2026-11-28T12:00:01.000Z' };
        if (asked === 1) return json(base);
        // Complete (every edge has it in force) while one edge is still counting, then counted.
        if (asked === 2) return json({ ...complete, edgesCounted: 2, objectsMatched: 4 });
        return json({ ...complete, edgesCounted: 3, objectsMatched: 6, items: [{ value: '/img/*.jpg', objectsMatched: 5 }, { value: '/index.html', objectsMatched: 1 }] });
      },
    });
    renderApp(DETAIL_URL, api);
    expect(await screen.findByRole('heading', { name: 'Invalidation request', level: 1 }, SLOW)).toBeTruthy();
    expect((await screen.findByRole('status', {}, SLOW)).textContent).toMatch(/In progress: 2 of 3 edges done, 4 objects matched/);
    const table = screen.getByRole('table', { name: 'Objects matched per item' });
    expect(within(within(table).getByRole('rowheader', { name: '/img/*.jpg' }).closest('tr') as HTMLElement).getByRole('cell').textContent).toBe('3');
    expect(screen.getByText('ops@example.com')).toBeTruthy();

    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Complete: 3 edges done; counting the objects matched \(4 so far, from 2 of 3 edges\)/), SLOW);
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Complete: 3 edges done, 6 objects matched/), SLOW);
    expect(within(within(table).getByRole('rowheader', { name: '/img/*.jpg' }).closest('tr') as HTMLElement).getByRole('cell').textContent).toBe('5');
    expect(screen.getByRole('link', { name: 'Back to content invalidation' }).getAttribute('href')).toBe(PAGE_URL);
  });

  it('says so when a request was still open after 12 hours', async () => {
    const api = invalidationApi({ 'GET /invalidations/inv_1': () => json(invalidation({ alertedAt: '2026-11-29T00:00:00.000Z' })) });
    renderApp(DETAIL_URL, api);
    expect(await screen.findByText(/Still open 12 hours after it was requested/, {}, SLOW)).toBeTruthy();
  });

  it('shows a request of another customer as not found', async () => {
    const api = invalidationApi({ 'GET /invalidations/inv_1': () => apiError(404, { code: 'NOT_FOUND', message: 'Not found.' }) });
    renderApp(DETAIL_URL, api);
    expect(await screen.findByText('Not found.', {}, SLOW)).toBeTruthy();
  });
});
