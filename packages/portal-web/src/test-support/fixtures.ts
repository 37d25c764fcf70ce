// Shapes the fake API answers with, shared by the component tests.
import type { AccessGroupNode, Role, Service, Session } from '../api/types';

export const SESSION: Session = {
  user: { id: 'usr_1', email: 'ana@example.com', displayName: 'Ana Pérez', language: 'en' },
  csrfToken: 'csrf-123',
  staffRole: null,
  mimic: null,
  memberships: [{ accessGroupId: 'ag_root', accessGroupName: 'Acme', roleId: 'domain-admin', roleName: 'Domain admin' }],
};

/** The customer's top-level group with its one child. */
export const ACME_GROUP: AccessGroupNode = {
  id: 'ag_root',
  parentId: null,
  name: 'Acme',
  customerNumber: '100200',
  scids: ['ABC123XYZ', 'DEF456UVW'],
  children: [{ id: 'ag_child', parentId: 'ag_root', name: 'Acme Video', customerNumber: null, scids: ['ABC123XYZ'], children: [] }],
};

export const GROUPS: readonly AccessGroupNode[] = [ACME_GROUP];

export const SERVICES: readonly Service[] = [
  { scid: 'ABC123XYZ', name: 'Video', product: 'cdn', accessGroupId: 'ag_root' },
  { scid: 'DEF456UVW', name: 'Web', product: 'cdn', accessGroupId: 'ag_root' },
];

export const ROLES: readonly Role[] = [
  { id: 'domain-admin', name: 'Domain admin', builtIn: true, permissions: ['roles:manage'], assignable: false },
  { id: 'admin', name: 'Admin', builtIn: true, permissions: ['users:manage', 'api-keys:manage'], assignable: true },
  { id: 'reporting', name: 'Reporting (read-only)', builtIn: true, permissions: ['reports:view'], assignable: true },
];
