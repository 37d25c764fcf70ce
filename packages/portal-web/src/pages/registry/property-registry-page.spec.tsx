import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RegistryEntry } from '../../api/configurations';
import type { Session } from '../../api/types';
import { fakeApi, json } from '../../test-support/fake-api';
import { GROUPS, SERVICES, SESSION } from '../../test-support/fixtures';
import { renderApp } from '../../test-support/render-app';

const ENTRIES: RegistryEntry[] = [
  {
    primaryAlias: 'www.example.com',
    aliases: ['www.example.com', 'example.com'],
    scid: 'ABC123XYZ',
    configurationId: 'cfg_1',
    configurationName: 'Main site',
    staging: 3,
    productionCurrent: 2,
    productionCandidate: { version: 3, percent: 25 },
  },
  {
    primaryAlias: 'static.example.com',
    aliases: ['static.example.com'],
    scid: 'DEF456UVW',
    configurationId: 'cfg_2',
    configurationName: 'Static',
    staging: null,
    productionCurrent: 7,
    productionCandidate: null,
  },
];

function api(session: Session = SESSION) {
  return fakeApi({
    'GET /auth/session': () => json(session),
    'GET /access-groups': () => json({ items: GROUPS }),
    'GET /services': () => json({ items: SERVICES }),
    'GET /access-groups/ag_root/property-registry': () => json({ items: ENTRIES }),
  });
}

describe('PropertyRegistryPage', () => {
  it('lists what is active where for the selected group, with a link to each configuration', async () => {
    renderApp('/network-tools/property-registry?group=ag_root', api());
    const row = (await screen.findByRole('rowheader', { name: 'www.example.com' })).closest('tr') as HTMLElement;
    expect(within(row).getByText('example.com')).toBeTruthy();
    expect(within(row).getByText('Version 3')).toBeTruthy();
    expect(within(row).getByText('Version 2')).toBeTruthy();
    expect(within(row).getByText('Version 3 for 25% of clients')).toBeTruthy();
    expect(within(row).getByRole('link', { name: 'Main site' }).getAttribute('href')).toBe('/services/caching/cfg_1?group=ag_root&scid=ABC123XYZ');
    expect(screen.getByRole('rowheader', { name: 'static.example.com' })).toBeTruthy();
  });

  it('narrows to the selected SCID, and reads in Spanish', async () => {
    renderApp('/network-tools/property-registry?group=ag_root&scid=DEF456UVW', api({ ...SESSION, user: { ...SESSION.user, language: 'es' } }), 'es');
    expect(await screen.findByRole('heading', { name: 'Registro de propiedades' })).toBeTruthy();
    expect(await screen.findByRole('rowheader', { name: 'static.example.com' })).toBeTruthy();
    expect(screen.queryByRole('rowheader', { name: 'www.example.com' })).toBeNull();
    expect(screen.getByText('Versión 7')).toBeTruthy();
  });
});
