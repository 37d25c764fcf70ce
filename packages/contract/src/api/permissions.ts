// The permission names of domain.md §1 ("Permissions at least: …"), shared by the control plane (which
// checks them) and the portal (which offers them when a domain admin builds a custom role). Plain data
// with no zod, so the browser can import it alone (package export "@candela/contract/permissions").

export const PERMISSIONS = [
  'reports:view',
  /** Ours: read-only roles need to see configurations without editing them. */
  'configurations:view',
  'configurations:edit',
  'configurations:activate',
  'content:invalidate',
  'certificates:manage',
  'tickets:view',
  'tickets:open',
  'billing:view',
  'billing:request',
  'users:manage',
  /** Create, edit and delete custom roles; only the Domain admin role holds it. */
  'roles:manage',
  'access-groups:manage',
  'api-keys:manage',
  'audit-log:view',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** roles:manage stays with the built-in Domain admin role: no custom role may carry it. */
export const CUSTOM_ROLE_PERMISSIONS: readonly Permission[] = PERMISSIONS.filter((p) => p !== 'roles:manage');
