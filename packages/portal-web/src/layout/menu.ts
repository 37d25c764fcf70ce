// The menus of the Media portal (domain.md) in one place: the header renders them and the router makes a
// "coming soon" page for every entry whose feature is not built yet, so the two can never disagree.
import type { MessageKey } from '../i18n/messages';

export interface MenuEntry {
  readonly labelKey: MessageKey;
  readonly path: string;
  /** False until the feature exists; the router then shows the coming-soon page at this path. */
  readonly built: boolean;
}

export interface MenuSection {
  readonly id: string;
  readonly labelKey: MessageKey;
  readonly entries: readonly MenuEntry[];
  /** Shown only to the operator's staff (session.staffRole set). */
  readonly staffOnly?: boolean;
}

export const MENU: readonly MenuSection[] = [
  {
    id: 'services',
    labelKey: 'menu.services',
    entries: [
      { labelKey: 'menu.services.list', path: '/services', built: true },
      { labelKey: 'menu.services.caching', path: '/services/caching', built: true },
      { labelKey: 'menu.services.certificates', path: '/services/certificates', built: false },
    ],
  },
  {
    id: 'network-tools',
    labelKey: 'menu.networkTools',
    entries: [
      { labelKey: 'menu.networkTools.monitor', path: '/network-tools/real-time-monitor', built: false },
      { labelKey: 'menu.networkTools.propertyRegistry', path: '/network-tools/property-registry', built: true },
      { labelKey: 'menu.networkTools.invalidation', path: '/network-tools/content-invalidation', built: true },
      { labelKey: 'menu.networkTools.diagnostics', path: '/network-tools/diagnostics', built: false },
      { labelKey: 'menu.networkTools.logStreaming', path: '/network-tools/log-streaming', built: false },
    ],
  },
  {
    id: 'reports',
    labelKey: 'menu.reports',
    entries: [
      { labelKey: 'menu.reports.usage', path: '/reports/usage', built: false },
      { labelKey: 'menu.reports.monthly', path: '/reports/monthly-summary', built: false },
      { labelKey: 'menu.reports.scheduled', path: '/reports/scheduled', built: false },
    ],
  },
  {
    id: 'tickets',
    labelKey: 'menu.tickets',
    entries: [
      { labelKey: 'menu.tickets.list', path: '/tickets', built: false },
      { labelKey: 'menu.tickets.new', path: '/tickets/new', built: false },
    ],
  },
  {
    id: 'billing',
    labelKey: 'menu.billing',
    entries: [
      { labelKey: 'menu.billing.invoices', path: '/billing/invoices', built: false },
      { labelKey: 'menu.billing.requests', path: '/billing/requests', built: false },
      { labelKey: 'menu.billing.account', path: '/billing/account', built: false },
    ],
  },
  {
    id: 'admin',
    labelKey: 'menu.admin',
    entries: [
      { labelKey: 'menu.admin.users', path: '/admin/users', built: true },
      { labelKey: 'menu.admin.roles', path: '/admin/roles', built: true },
      { labelKey: 'menu.admin.accessGroups', path: '/admin/access-groups', built: true },
      { labelKey: 'menu.admin.apiKeys', path: '/admin/api-keys', built: true },
      { labelKey: 'menu.admin.auditLog', path: '/admin/audit-log', built: true },
    ],
  },
  {
    id: 'contacts',
    labelKey: 'menu.contacts',
    entries: [{ labelKey: 'menu.contacts', path: '/contacts', built: true }],
  },
  {
    id: 'staff',
    labelKey: 'menu.staff',
    staffOnly: true,
    entries: [
      { labelKey: 'menu.staff.customers', path: '/staff/customers', built: true },
      { labelKey: 'menu.staff.tickets', path: '/staff/tickets', built: false },
      { labelKey: 'menu.staff.billingRequests', path: '/staff/billing-requests', built: false },
      { labelKey: 'menu.staff.auditLog', path: '/staff/audit-log', built: true },
      { labelKey: 'menu.staff.edges', path: '/staff/edges', built: true },
    ],
  },
];

export function visibleSections(isStaff: boolean): readonly MenuSection[] {
  return MENU.filter((section) => isStaff || section.staffOnly !== true);
}
