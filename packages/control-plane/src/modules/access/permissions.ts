// Who may do what where (domain.md §1, "Access group" and "Roles"). Pure: the access-group tree and the
// grants are passed in, so every route check and every test asks the same question the same way.
import { PERMISSIONS, isPermission } from '@candela/contract';
import type { Localized, Permission } from '@candela/contract';

// The permission names live in the contract (the portal offers them too); the rules about them live here.
export { PERMISSIONS, isPermission } from '@candela/contract';
export type { Permission } from '@candela/contract';

export interface Role {
  readonly id: string;
  readonly permissions: readonly Permission[];
}

export type BuiltInRoleId = 'domain-admin' | 'admin' | 'configuration-editor' | 'reporting' | 'billing' | 'support';

export interface BuiltInRole extends Role {
  readonly id: BuiltInRoleId;
  readonly name: Localized;
}

const allBut = (...excluded: Permission[]): Permission[] => PERMISSIONS.filter((p) => !excluded.includes(p));

/**
 * domain.md §1 built-in roles. "Custom roles (only a domain admin creates them)" is enforced through one
 * permission: roles:manage is held by Domain admin alone and may not be put in a custom role, so the
 * ordinary `can` check answers it and no role can be used to mint a stronger one.
 */
export const BUILT_IN_ROLES: Readonly<Record<BuiltInRoleId, BuiltInRole>> = {
  'domain-admin': {
    id: 'domain-admin',
    name: { es: 'Administrador de dominio', en: 'Domain admin' },
    permissions: [...PERMISSIONS],
  },
  admin: {
    id: 'admin',
    name: { es: 'Administrador', en: 'Admin' },
    permissions: allBut('roles:manage'),
  },
  'configuration-editor': {
    id: 'configuration-editor',
    name: { es: 'Editor de configuración', en: 'Configuration editor' },
    permissions: [
      'reports:view',
      'configurations:view',
      'configurations:edit',
      'configurations:activate',
      'content:invalidate',
      'certificates:manage',
      'tickets:view',
    ],
  },
  reporting: {
    id: 'reporting',
    name: { es: 'Informes (solo lectura)', en: 'Reporting (read-only)' },
    permissions: ['reports:view', 'configurations:view'],
  },
  billing: {
    id: 'billing',
    name: { es: 'Facturación', en: 'Billing' },
    permissions: ['billing:view', 'billing:request', 'reports:view'],
  },
  support: {
    id: 'support',
    name: { es: 'Soporte', en: 'Support' },
    permissions: ['tickets:view', 'tickets:open', 'reports:view', 'configurations:view'],
  },
};

/** domain.md §1: "A user holds a role per AG." */
export interface Grant {
  readonly accessGroupId: string;
  readonly role: Role;
  /** domain.md §1: "parent users reach children by default"; false confines the grant to its own group. */
  readonly reachesChildren?: boolean;
}

/** Access-group id → parent id, null for a top-level group (one customer number). */
export type AccessGroupTree = ReadonlyMap<string, string | null>;

/**
 * The group and its ancestors, nearest first, ending at the top-level group. Undefined for an unknown
 * group or a broken or cyclic chain, which every caller treats as "no access" rather than guessing.
 */
export function ancestorsOf(accessGroupId: string, tree: AccessGroupTree): string[] | undefined {
  const chain: string[] = [];
  let current: string | null = accessGroupId;
  while (current !== null) {
    if (chain.includes(current)) return undefined;
    const parent = tree.get(current);
    if (parent === undefined) return undefined;
    chain.push(current);
    current = parent;
  }
  return chain;
}

/** The top-level group (the customer) a group belongs to. */
export function customerGroupOf(accessGroupId: string, tree: AccessGroupTree): string | undefined {
  return ancestorsOf(accessGroupId, tree)?.at(-1);
}

/**
 * domain.md §1: may the holder of `grants` use `permission` on `accessGroupId`? A grant on the group
 * itself counts, and so does a grant on any ancestor ("parent users reach children by default"). Grants
 * never reach upwards or sideways, so another customer's tree is out of reach by construction.
 */
export function can(
  grants: readonly Grant[],
  permission: Permission,
  accessGroupId: string,
  tree: AccessGroupTree,
): boolean {
  const chain = ancestorsOf(accessGroupId, tree);
  if (chain === undefined) return false;
  return grants.some((grant) => {
    const depth = chain.indexOf(grant.accessGroupId);
    if (depth === -1 || (depth > 0 && grant.reachesChildren === false)) return false;
    return grant.role.permissions.includes(permission);
  });
}

/**
 * domain.md §1: "custom roles (only a domain admin creates them)". Custom roles belong to the customer,
 * so the question is asked at the customer's top-level group.
 */
export function mayCreateCustomRole(grants: readonly Grant[], accessGroupId: string, tree: AccessGroupTree): boolean {
  const customer = customerGroupOf(accessGroupId, tree);
  return customer !== undefined && can(grants, 'roles:manage', customer, tree);
}

export type CustomRoleProblem =
  | { readonly code: 'EMPTY' }
  | { readonly code: 'UNKNOWN_PERMISSION'; readonly permission: string }
  /** roles:manage stays with the Domain admin role (see BUILT_IN_ROLES). */
  | { readonly code: 'RESERVED_PERMISSION'; readonly permission: Permission };

export type CustomRolePermissions =
  | { readonly ok: true; readonly permissions: Permission[] }
  | { readonly ok: false; readonly problems: CustomRoleProblem[] };

/** Checks the permission list of a custom role; duplicates are dropped, the result is in canonical order. */
export function checkCustomRolePermissions(requested: readonly string[]): CustomRolePermissions {
  const problems: CustomRoleProblem[] = [];
  if (requested.length === 0) problems.push({ code: 'EMPTY' });
  for (const permission of new Set(requested)) {
    if (!isPermission(permission)) problems.push({ code: 'UNKNOWN_PERMISSION', permission });
    else if (permission === 'roles:manage') problems.push({ code: 'RESERVED_PERMISSION', permission });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, permissions: PERMISSIONS.filter((p) => requested.includes(p)) };
}

/**
 * Who may give a user a role on a group: someone who manages users there and holds every permission of
 * the role there. The second half stops an admin from handing out more than they have (an Admin cannot
 * make anyone a Domain admin).
 */
export function mayAssignRole(
  actorGrants: readonly Grant[],
  role: Role,
  accessGroupId: string,
  tree: AccessGroupTree,
): boolean {
  return (
    can(actorGrants, 'users:manage', accessGroupId, tree) &&
    role.permissions.every((p) => can(actorGrants, p, accessGroupId, tree))
  );
}

/**
 * What the operator's own people may do across customers (domain.md §1 staff roles; their jobs are the
 * seed handbook's "Who the customer deals with"). Staff hold no access-group grants: these capabilities
 * are checked instead, and every use is audited like any other change.
 */
export const STAFF_CAPABILITIES = [
  /** Read any customer's account: groups, services, users, roles. */
  'customers:view',
  /** Create customers (top-level groups with customer numbers) and their SCIDs. */
  'customers:manage',
  'configurations:view',
  'reports:view',
  'tickets:view',
  /** Take tickets, reply, move them through their states (TSC, 24×7). */
  'tickets:work',
  'billing:view',
  /** Analyse and answer billing requests (BCC). */
  'billing-requests:work',
  /** Issue SLA and dispute credits (the handbook: BCC "issues the corresponding credits"). */
  'credits:issue',
  /** Maintain each customer's account team and TSC contacts (domain.md §8). */
  'contacts:manage',
  'audit-log:view',
  /** Edges, the feed, platform health. */
  'platform:operate',
  /** Create staff users and give them staff roles. */
  'staff:manage',
] as const;

export type StaffCapability = (typeof STAFF_CAPABILITIES)[number];

export type StaffRoleId = 'tsc-technician' | 'bcc-specialist' | 'account-manager' | 'sales-engineer' | 'platform-operator';

export interface StaffRole {
  readonly id: StaffRoleId;
  readonly name: Localized;
  readonly capabilities: readonly StaffCapability[];
}

export const STAFF_ROLES: Readonly<Record<StaffRoleId, StaffRole>> = {
  'tsc-technician': {
    id: 'tsc-technician',
    name: { es: 'Técnico TSC', en: 'TSC technician' },
    capabilities: ['customers:view', 'configurations:view', 'reports:view', 'tickets:view', 'tickets:work', 'audit-log:view'],
  },
  'bcc-specialist': {
    id: 'bcc-specialist',
    name: { es: 'Especialista BCC', en: 'BCC specialist' },
    capabilities: ['customers:view', 'billing:view', 'billing-requests:work', 'credits:issue'],
  },
  'account-manager': {
    id: 'account-manager',
    name: { es: 'Gerente de cuenta', en: 'Account manager' },
    capabilities: ['customers:view', 'reports:view', 'tickets:view', 'billing:view', 'contacts:manage'],
  },
  'sales-engineer': {
    id: 'sales-engineer',
    name: { es: 'Ingeniero de ventas', en: 'Sales engineer' },
    capabilities: ['customers:view', 'configurations:view', 'reports:view', 'tickets:view'],
  },
  // Runs the platform and its people, but works neither tickets nor money: those stay with TSC and BCC.
  'platform-operator': {
    id: 'platform-operator',
    name: { es: 'Operador de plataforma', en: 'Platform operator' },
    capabilities: [
      'customers:view',
      'customers:manage',
      'configurations:view',
      'reports:view',
      'tickets:view',
      'contacts:manage',
      'audit-log:view',
      'platform:operate',
      'staff:manage',
    ],
  },
};

export function staffMay(roles: readonly StaffRoleId[], capability: StaffCapability): boolean {
  return roles.some((id) => STAFF_ROLES[id].capabilities.includes(capability));
}
