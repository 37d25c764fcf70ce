// What the fake API answers to the Content invalidation pages' tests: the SCID ABC123XYZ with two active
// properties (and one of another SCID that must not be offered), requests in every state, and a recorder
// of full request URLs (fakeApi routes on the path alone, and the history sends ?limit=&cursor=&status=…).
import type { RegistryEntry } from '../../api/configurations';
import type { Invalidation } from '../../api/invalidations';
import { fakeApi, json, type FakeRoute } from '../../test-support/fake-api';
import { GROUPS, SERVICES, SESSION } from '../../test-support/fixtures';

export const SCID = 'ABC123XYZ';
export const PAGE_URL = `/network-tools/content-invalidation?group=ag_root&scid=${SCID}`;

function entry(primaryAlias: string, scid: string): RegistryEntry {
  return {
    primaryAlias,
    aliases: [primaryAlias],
    scid,
    configurationId: `cfg_${primaryAlias}`,
    configurationName: primaryAlias,
    staging: null,
    productionCurrent: 1,
    productionCandidate: null,
  };
}

export const REGISTRY: readonly RegistryEntry[] = [entry('www.example.com', SCID), entry('static.example.com', SCID), entry('web.example.org', 'DEF456UVW')];

export function invalidation(overrides: Partial<Invalidation> = {}): Invalidation {
  return {
    id: 'inv_1',
    scid: SCID,
    kind: 'path',
    type: 'normal',
    properties: ['www.example.com'],
    items: [{ value: '/img/*.jpg', objectsMatched: 0 }],
    ignoreCase: false,
    notify: [],
    status: 'pending',
    edgesDone: 0,
    edgesTotal: 3,
    objectsMatched: 0,
    feedSeq: 41,
    requestedBy: 'ana@example.com',
    createdAt: '2026-11-28T12:00:00.000Z',
    completedAt: null,
    alertedAt: null,
    ...overrides,
    // Every done edge has sent its counts unless a test says otherwise.
    edgesCounted: overrides.edgesCounted ?? overrides.edgesDone ?? 0,
  };
}

export const COMPLETE = invalidation({
  id: 'inv_0',
  kind: 'tag',
  type: 'force',
  items: [
    { value: 'product-42', objectsMatched: 7 },
    { value: 'home', objectsMatched: 2 },
  ],
  status: 'complete',
  edgesDone: 3,
  objectsMatched: 9,
  createdAt: '2026-11-27T09:00:00.000Z',
  completedAt: '2026-11-27T09:00:01.000Z',
});

/** The page's reads, answered; `routes` adds or replaces any of them. */
export function invalidationApi(routes: Readonly<Record<string, FakeRoute>> = {}) {
  const api = fakeApi({
    'GET /auth/session': () => json(SESSION),
    'GET /access-groups': () => json({ items: GROUPS }),
    'GET /services': () => json({ items: SERVICES }),
    'GET /access-groups/ag_root/property-registry': () => json({ items: REGISTRY }),
    [`GET /services/${SCID}/invalidations`]: () => json({ items: [COMPLETE], nextCursor: null }),
    ...routes,
  });
  const urls: URL[] = [];
  const fetch = (input: string, init: RequestInit): Promise<Response> => {
    urls.push(new URL(input, 'http://portal.test'));
    return api.fetch(input, init);
  };
  /** The queries of every request to a path (after /api/v1), oldest first. */
  const queries = (path: string): URLSearchParams[] => urls.filter((url) => url.pathname === `/api/v1${path}`).map((url) => url.searchParams);
  return { ...api, fetch, urls, queries };
}

/** A 429 as the API sends it: the envelope and a Retry-After header. */
export function rateLimited(retryAfterS: number): Response {
  const body = { error: { code: 'RATE_LIMITED', message: 'Too many requests. Wait a moment and try again.', requestId: 'req-429' } };
  return new Response(JSON.stringify(body), { status: 429, headers: { 'Content-Type': 'application/json', 'Retry-After': String(retryAfterS) } });
}
