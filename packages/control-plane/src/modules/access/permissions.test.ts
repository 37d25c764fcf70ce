import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ancestorsOf,
  BUILT_IN_ROLES,
  can,
  checkCustomRolePermissions,
  customerGroupOf,
  mayAssignRole,
  mayCreateCustomRole,
  PERMISSIONS,
  STAFF_CAPABILITIES,
  STAFF_ROLES,
  staffMay,
} from './permissions.js';
import type { AccessGroupTree, Grant, Permission, Role } from './permissions.js';

// Customer A: A ─ A1 ─ A11, A ─ A2.  Customer B: B ─ B1.
const tree: AccessGroupTree = new Map([
  ['A', null],
  ['A1', 'A'],
  ['A11', 'A1'],
  ['A2', 'A'],
  ['B', null],
  ['B1', 'B'],
]);

const grant = (accessGroupId: string, role: Role, reachesChildren?: boolean): Grant =>
  reachesChildren === undefined ? { accessGroupId, role } : { accessGroupId, role, reachesChildren };

test('domain §1 access groups: ancestry runs from the group to its top-level group', () => {
  assert.deepEqual(ancestorsOf('A11', tree), ['A11', 'A1', 'A']);
  assert.deepEqual(ancestorsOf('B', tree), ['B']);
  assert.equal(customerGroupOf('A11', tree), 'A');
  assert.equal(ancestorsOf('nope', tree), undefined);
  const cyclic: AccessGroupTree = new Map([
    ['X', 'Y'],
    ['Y', 'X'],
  ]);
  assert.equal(ancestorsOf('X', cyclic), undefined);
  assert.equal(ancestorsOf('C1', new Map([['C1', 'missing']])), undefined);
});

test('domain §1 access groups: parent users reach children by default', () => {
  const grants = [grant('A1', BUILT_IN_ROLES['configuration-editor'])];
  assert.equal(can(grants, 'configurations:edit', 'A1', tree), true);
  assert.equal(can(grants, 'configurations:edit', 'A11', tree), true);
});

test('domain §1 access groups: a grant never reaches its parent, siblings or another customer', () => {
  const grants = [grant('A1', BUILT_IN_ROLES['domain-admin'])];
  for (const group of ['A', 'A2', 'B', 'B1', 'unknown']) {
    for (const permission of PERMISSIONS) assert.equal(can(grants, permission, group, tree), false, `${permission} on ${group}`);
  }
});

test('domain §1 access groups: a grant confined to its own group does not reach children', () => {
  const grants = [grant('A1', BUILT_IN_ROLES.admin, false)];
  assert.equal(can(grants, 'users:manage', 'A1', tree), true);
  assert.equal(can(grants, 'users:manage', 'A11', tree), false);
});

test('domain §1 roles: a user holds a role per access group and rights add up', () => {
  const grants = [grant('A', BUILT_IN_ROLES.reporting), grant('A2', BUILT_IN_ROLES.billing)];
  assert.equal(can(grants, 'reports:view', 'A11', tree), true);
  assert.equal(can(grants, 'billing:view', 'A2', tree), true);
  assert.equal(can(grants, 'billing:view', 'A1', tree), false);
  assert.equal(can([], 'reports:view', 'A', tree), false);
});

test('domain §1 roles: the built-in roles and their permission sets', () => {
  const has = (id: keyof typeof BUILT_IN_ROLES, p: Permission): boolean => BUILT_IN_ROLES[id].permissions.includes(p);
  assert.deepEqual([...BUILT_IN_ROLES['domain-admin'].permissions].sort(), [...PERMISSIONS].sort());
  assert.deepEqual(
    PERMISSIONS.filter((p) => !has('admin', p)),
    ['roles:manage'],
  );
  for (const p of ['configurations:edit', 'configurations:activate', 'content:invalidate', 'certificates:manage'] as const) {
    assert.ok(has('configuration-editor', p), p);
  }
  assert.equal(has('configuration-editor', 'users:manage'), false);
  // Reporting is read-only: nothing that changes anything.
  assert.deepEqual([...BUILT_IN_ROLES.reporting.permissions].sort(), ['configurations:view', 'reports:view']);
  assert.ok(has('billing', 'billing:view') && has('billing', 'billing:request'));
  assert.equal(has('billing', 'configurations:edit'), false);
  assert.ok(has('support', 'tickets:view') && has('support', 'tickets:open'));
  assert.equal(has('support', 'billing:view'), false);
  for (const role of Object.values(BUILT_IN_ROLES)) {
    assert.ok(role.name.es.length > 0 && role.name.en.length > 0, role.id);
  }
});

test('domain §1 roles: only a domain admin creates custom roles', () => {
  for (const [id, role] of Object.entries(BUILT_IN_ROLES)) {
    const expected = id === 'domain-admin';
    assert.equal(mayCreateCustomRole([grant('A', role)], 'A', tree), expected, id);
    // Asked from a child group, the answer is still about the customer's top-level group.
    assert.equal(mayCreateCustomRole([grant('A', role)], 'A11', tree), expected, `${id} from A11`);
  }
  // A domain-admin grant on a child group does not make anyone the customer's domain admin.
  assert.equal(mayCreateCustomRole([grant('A1', BUILT_IN_ROLES['domain-admin'])], 'A1', tree), false);
  assert.equal(mayCreateCustomRole([grant('A', BUILT_IN_ROLES['domain-admin'])], 'B', tree), false);
});

test('domain §1 roles: custom role permissions are known names and never roles:manage', () => {
  assert.deepEqual(checkCustomRolePermissions(['tickets:open', 'reports:view', 'reports:view']), {
    ok: true,
    permissions: ['reports:view', 'tickets:open'],
  });
  assert.deepEqual(checkCustomRolePermissions([]), { ok: false, problems: [{ code: 'EMPTY' }] });
  assert.deepEqual(checkCustomRolePermissions(['reports:view', 'roles:manage', 'root']), {
    ok: false,
    problems: [
      { code: 'RESERVED_PERMISSION', permission: 'roles:manage' },
      { code: 'UNKNOWN_PERMISSION', permission: 'root' },
    ],
  });
});

test('domain §1 roles: an admin assigns only roles within their own rights', () => {
  const admin = [grant('A1', BUILT_IN_ROLES.admin)];
  assert.equal(mayAssignRole(admin, BUILT_IN_ROLES['configuration-editor'], 'A11', tree), true);
  assert.equal(mayAssignRole(admin, BUILT_IN_ROLES.admin, 'A1', tree), true);
  assert.equal(mayAssignRole(admin, BUILT_IN_ROLES['domain-admin'], 'A1', tree), false);
  assert.equal(mayAssignRole(admin, BUILT_IN_ROLES.reporting, 'A2', tree), false);
  const editor = [grant('A', BUILT_IN_ROLES['configuration-editor'])];
  assert.equal(mayAssignRole(editor, BUILT_IN_ROLES.reporting, 'A', tree), false);
  const domainAdmin = [grant('A', BUILT_IN_ROLES['domain-admin'])];
  assert.equal(mayAssignRole(domainAdmin, BUILT_IN_ROLES['domain-admin'], 'A', tree), true);
});

test('domain §1 staff roles: each staff role does its own job and no other', () => {
  assert.deepEqual(Object.keys(STAFF_ROLES).sort(), [
    'account-manager',
    'bcc-specialist',
    'platform-operator',
    'sales-engineer',
    'tsc-technician',
  ]);
  assert.equal(staffMay(['tsc-technician'], 'tickets:work'), true);
  assert.equal(staffMay(['tsc-technician'], 'credits:issue'), false);
  assert.equal(staffMay(['bcc-specialist'], 'billing-requests:work'), true);
  assert.equal(staffMay(['bcc-specialist'], 'credits:issue'), true);
  assert.equal(staffMay(['bcc-specialist'], 'tickets:work'), false);
  assert.equal(staffMay(['account-manager'], 'contacts:manage'), true);
  assert.equal(staffMay(['sales-engineer'], 'configurations:view'), true);
  assert.equal(staffMay(['sales-engineer'], 'customers:manage'), false);
  assert.equal(staffMay(['platform-operator'], 'platform:operate'), true);
  assert.equal(staffMay(['platform-operator'], 'credits:issue'), false);
  assert.equal(staffMay([], 'customers:view'), false);
  assert.equal(staffMay(['sales-engineer', 'bcc-specialist'], 'credits:issue'), true);
  // Every capability is held by somebody, and every staff member can at least see customers.
  for (const capability of STAFF_CAPABILITIES) {
    assert.ok(Object.values(STAFF_ROLES).some((r) => r.capabilities.includes(capability)), capability);
  }
  for (const role of Object.values(STAFF_ROLES)) assert.ok(role.capabilities.includes('customers:view'), role.id);
});
