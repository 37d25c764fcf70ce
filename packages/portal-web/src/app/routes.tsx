// Every page and its path. Menu entries not built yet get the coming-soon page from the menu itself.
import type { JSX } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { AppLayout } from '../layout/app-layout';
import { MENU } from '../layout/menu';
import { AccessGroupsPage } from '../pages/admin/access-groups/access-groups-page';
import { ApiKeysPage } from '../pages/admin/api-keys/api-keys-page';
import { AuditLogPage } from '../pages/admin/audit-log/audit-log-page';
import { RolesPage } from '../pages/admin/roles/roles-page';
import { UsersPage } from '../pages/admin/users/users-page';
import { ForgotPasswordPage } from '../pages/auth/forgot-password-page';
import { SetPasswordPage } from '../pages/auth/set-password-page';
import { SignInPage } from '../pages/auth/sign-in-page';
import { ComingSoonPage } from '../pages/coming-soon-page';
import { LazyCachingPage, LazyConfigurationPage } from '../pages/caching/lazy-caching-pages';
import { LazyInvalidationDetailPage, LazyInvalidationPage } from '../pages/invalidation/lazy-invalidation-pages';
import { ContactsPage } from '../pages/contacts/contacts-page';
import { NotFoundPage } from '../pages/not-found-page';
import { PropertyRegistryPage } from '../pages/registry/property-registry-page';
import { ServicesPage } from '../pages/services/services-page';
import { StaffAuditLogPage } from '../pages/staff/audit-log/staff-audit-log-page';
import { CustomerPage } from '../pages/staff/customers/customer-page';
import { CustomersPage } from '../pages/staff/customers/customers-page';
import { EdgeFleetPage } from '../pages/staff/edges/edge-fleet-page';
import { RequireSession } from '../session/require-session';
import { RequireStaff } from '../session/require-staff';

/** Paths whose page exists; a menu entry marked built without one here would be a dead link. */
const BUILT_PAGES: Readonly<Record<string, JSX.Element>> = {
  '/services': <ServicesPage />,
  '/services/caching': <LazyCachingPage />,
  '/network-tools/property-registry': <PropertyRegistryPage />,
  '/network-tools/content-invalidation': <LazyInvalidationPage />,
  '/admin/users': <UsersPage />,
  '/admin/roles': <RolesPage />,
  '/admin/access-groups': <AccessGroupsPage />,
  '/admin/api-keys': <ApiKeysPage />,
  '/admin/audit-log': <AuditLogPage />,
  '/contacts': <ContactsPage />,
  '/staff/customers': <CustomersPage />,
  '/staff/audit-log': <StaffAuditLogPage />,
  '/staff/edges': <EdgeFleetPage />,
};

function menuRoutes(): RouteObject[] {
  return MENU.flatMap((section) =>
    section.entries.map((entry) => {
      const page = entry.built ? (BUILT_PAGES[entry.path] ?? <NotFoundPage />) : <ComingSoonPage titleKey={entry.labelKey} />;
      return { path: entry.path.slice(1), element: section.staffOnly === true ? <RequireStaff>{page}</RequireStaff> : page };
    }),
  );
}

/** Customer pages below a menu entry (not menu entries themselves). */
function detailRoutes(): RouteObject[] {
  return [
    { path: 'services/caching/:configurationId', element: <LazyConfigurationPage /> },
    { path: 'network-tools/content-invalidation/:invalidationId', element: <LazyInvalidationDetailPage /> },
  ];
}

/** Staff pages below a menu entry (not menu entries themselves); customers get the not-found page. */
function staffRoutes(): RouteObject[] {
  return [
    {
      path: 'staff/customers/:customerId',
      element: (
        <RequireStaff>
          <CustomerPage />
        </RequireStaff>
      ),
    },
  ];
}

export function appRoutes(): RouteObject[] {
  return [
    { path: '/sign-in', element: <SignInPage /> },
    { path: '/password/set', element: <SetPasswordPage /> },
    { path: '/password/forgot', element: <ForgotPasswordPage /> },
    {
      path: '/',
      element: (
        <RequireSession>
          <AppLayout />
        </RequireSession>
      ),
      children: [{ index: true, element: <Navigate to="/services" replace /> }, ...menuRoutes(), ...detailRoutes(), ...staffRoutes(), { path: '*', element: <NotFoundPage /> }],
    },
  ];
}
