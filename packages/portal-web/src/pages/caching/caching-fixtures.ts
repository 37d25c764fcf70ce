// What the fake API answers to the Caching pages' tests: one configuration of the SCID ABC123XYZ with two
// versions, and a recorder of full request URLs (fakeApi routes on the path alone, and these pages send
// queries such as ?from=&to=).
import { emptyDefinitions } from '@candela/contract';
import type { Activation } from '../../api/activations';
import type { Configuration, ConfigurationVersion, VersionSummary } from '../../api/configurations';
import { fakeApi, json, type FakeRoute } from '../../test-support/fake-api';
import { GROUPS, SERVICES, SESSION } from '../../test-support/fixtures';

export const SCID = 'ABC123XYZ';

export function configuration(overrides: Partial<Configuration> = {}): Configuration {
  return {
    id: 'cfg_1',
    scid: SCID,
    name: 'Main site',
    latestVersion: 2,
    createdAt: '2026-11-28T10:00:00.000Z',
    createdBy: 'ana@example.com',
    slots: { staging: { version: 2 }, production: { current: { version: 1 }, candidate: null } },
    ...overrides,
  };
}

export const DOCUMENT_V1 = {
  properties: [
    {
      aliases: ['www.example.com'],
      origin: { protocol: 'http' as const, host: 'origin.example.com', webRoot: '/', connectTimeoutMs: 5000, responseTimeoutMs: 30000 },
      clientProtocols: 'both' as const,
      defaults: { cacheControl: { internal: { policy: 'ttl' as const, ttl: '5m' } } },
      rules: [],
    },
  ],
  definitions: emptyDefinitions(),
};

export const DOCUMENT_V2 = {
  ...DOCUMENT_V1,
  properties: [{ ...DOCUMENT_V1.properties[0]!, defaults: { cacheControl: { internal: { policy: 'ttl' as const, ttl: '10m' } } } }],
};

export function versionSummary(version: number, comment: string): VersionSummary {
  return { configurationId: 'cfg_1', version, comment, createdAt: `2026-11-28T1${version}:00:00.000Z`, createdBy: 'ana@example.com', properties: ['www.example.com'] };
}

export function version(version: number, document: ConfigurationVersion['document'], comment = `v${version}`): ConfigurationVersion {
  return { ...versionSummary(version, comment), document };
}

export function activation(overrides: Partial<Activation> = {}): Activation {
  return {
    id: 'act_1',
    configurationId: 'cfg_1',
    scid: SCID,
    target: 'production',
    version: 2,
    percent: null,
    comment: '',
    status: 'pending',
    feedSeq: null,
    edgesDone: 0,
    edgesTotal: 5,
    reason: null,
    requestedBy: 'ana@example.com',
    createdAt: '2026-11-28T12:00:00.000Z',
    finishedAt: null,
    ...overrides,
  };
}

/** The configuration page's reads, answered; `routes` adds or replaces any of them. */
export function configurationApi(routes: Readonly<Record<string, FakeRoute>> = {}) {
  const api = fakeApi({
    'GET /auth/session': () => json(SESSION),
    'GET /access-groups': () => json({ items: GROUPS }),
    'GET /services': () => json({ items: SERVICES }),
    'GET /configurations/cfg_1': () => json(configuration()),
    'GET /configurations/cfg_1/versions': () => json({ items: [versionSummary(2, 'Longer TTL'), versionSummary(1, 'First')], nextCursor: null }),
    'GET /configurations/cfg_1/versions/1': () => json(version(1, DOCUMENT_V1, 'First')),
    'GET /configurations/cfg_1/versions/2': () => json(version(2, DOCUMENT_V2, 'Longer TTL')),
    'GET /configurations/cfg_1/activations': () => json({ items: [], nextCursor: null }),
    ...routes,
  });
  const urls: URL[] = [];
  const fetch = (input: string, init: RequestInit): Promise<Response> => {
    urls.push(new URL(input, 'http://portal.test'));
    return api.fetch(input, init);
  };
  /** The query of the latest request to a path (after /api/v1). */
  const lastQuery = (path: string): URLSearchParams | undefined => urls.filter((url) => url.pathname === `/api/v1${path}`).at(-1)?.searchParams;
  return { ...api, fetch, urls, lastQuery };
}

export const CONFIGURATION_URL = `/services/caching/cfg_1?group=ag_root&scid=${SCID}`;
