// What the fake API answers to the staff console's tests: staff sessions, the whole tree staff see, and a
// recorder of full request URLs (fakeApi routes on the path alone, and these pages send queries).
import type { AccessGroupNode, AccountTeam, Service, Session } from '../../api/types';
import type { CustomerDetail, CustomerSummary } from '../../api/staff';
import { fakeApi, json, type FakeRoute } from '../../test-support/fake-api';
import { ACME_GROUP, GROUPS, SERVICES, SESSION } from '../../test-support/fixtures';

export function staffSession(staffRole: NonNullable<Session['staffRole']>): Session {
  return {
    ...SESSION,
    user: { id: 'usr_staff', email: 'ops@candela.test', displayName: 'Olga Ops', language: 'en' },
    staffRole,
    memberships: [],
  };
}

export const STAFF_GROUPS: readonly AccessGroupNode[] = [
  ...GROUPS,
  { id: 'ag_globex', parentId: null, name: 'Globex', customerNumber: 'C-2000', scids: [], children: [] },
];

export const STAFF_SERVICES: readonly Service[] = SERVICES;

export const ACME: CustomerSummary = {
  id: 'ag_root',
  name: 'Acme',
  customerNumber: '100200',
  serviceCount: 2,
  userCount: 3,
  createdAt: '2026-11-01T10:00:00.000Z',
};

export const GLOBEX: CustomerSummary = {
  id: 'ag_globex',
  name: 'Globex',
  customerNumber: 'C-2000',
  serviceCount: 0,
  userCount: 0,
  createdAt: '2026-11-02T10:00:00.000Z',
};

export const TEAM: AccountTeam = {
  customerId: 'ag_root',
  accountManager: { name: 'Marta Gómez', email: 'marta@candela.example', phone: '+541140001234', hours: null },
  salesEngineers: { data: null, dataCenter: null, voice: null },
  bcc: null,
  tsc: [
    { country: 'AR', name: 'TSC Argentina', email: 'tsc.ar@candela.example', phone: '+541140009999', hours: '24×7' },
    { country: 'CL', name: 'TSC Chile', email: 'tsc.cl@candela.example', phone: '+56221234567', hours: '24×7' },
  ],
};

/** Acme as GET /staff/customers/ag_root answers it: everything the customer page shows, in one answer. */
export const ACME_DETAIL: CustomerDetail = {
  ...ACME,
  group: ACME_GROUP,
  services: [...SERVICES],
  team: TEAM,
};

/** The fake API with every call's full URL (query included) recorded, newest last. */
export function staffApi(session: Session, routes: Readonly<Record<string, FakeRoute>>) {
  const api = fakeApi({
    'GET /auth/session': () => json(session),
    'GET /access-groups': () => json({ items: STAFF_GROUPS }),
    'GET /services': () => json({ items: STAFF_SERVICES }),
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
