// The operator's staff console (docs/api.md "/staff/*"): customers, their services, their account team,
// and the audit log of every change. Customers get 404 from all of it; the portal does not even show it.
import type { CustomerDetail, CustomerSummary } from '@candela/contract';
import { apiPath, type ApiClient } from './client';
import type { AccountTeam, AuditEntry, Page, Service, Session } from './types';

export type { CustomerDetail, CustomerSummary };

/** One customer with its groups, services and account team; the server records the read in the customer's log. */
export function fetchCustomer(client: ApiClient, customerId: string): Promise<CustomerDetail> {
  return client.get(apiPath`/staff/customers/${customerId}`);
}

export function fetchCustomers(client: ApiClient, query: { readonly q?: string | undefined; readonly cursor?: string | undefined }): Promise<Page<CustomerSummary>> {
  return client.get('/staff/customers', { q: query.q, cursor: query.cursor, limit: 50 });
}

export function createCustomer(client: ApiClient, request: CreateCustomerRequest): Promise<CustomerSummary> {
  return client.post('/staff/customers', request);
}

export function createCustomerService(client: ApiClient, customerId: string, request: CreateServiceRequest): Promise<Service> {
  return client.post(apiPath`/staff/customers/${customerId}/services`, request);
}

export function replaceAccountTeam(client: ApiClient, customerId: string, request: AccountTeamRequest): Promise<AccountTeam> {
  return client.put(apiPath`/staff/customers/${customerId}/contacts`, request);
}

export function fetchStaffAuditLog(
  client: ApiClient,
  query: { readonly accessGroupId?: string | undefined; readonly cursor?: string | undefined },
): Promise<Page<AuditEntry>> {
  return client.get('/staff/audit-log', { accessGroupId: query.accessGroupId, cursor: query.cursor, limit: 50 });
}

// ---- Request bodies: ASSUMED, mirroring packages/contract/src/api/staff.ts and contacts.ts (the
// contract exports the schemas, not their input types) ----

export interface CreateCustomerRequest {
  readonly name: string;
  readonly customerNumber: string;
}

export interface CreateServiceRequest {
  readonly name: string;
  /** Lower-case words joined by "-", e.g. "caching". */
  readonly product: string;
}

export interface TeamMemberRequest {
  readonly name: string;
  readonly email: string;
  readonly phone: string | null;
  readonly hours: string | null;
}

export interface TscContactRequest {
  readonly country: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  /** The server fills in "24×7" when it is left out. */
  readonly hours?: string;
}

/** PUT replaces the whole set: every role is named, null for "nobody". */
export interface AccountTeamRequest {
  readonly accountManager: TeamMemberRequest | null;
  readonly salesEngineers: {
    readonly data: TeamMemberRequest | null;
    readonly dataCenter: TeamMemberRequest | null;
    readonly voice: TeamMemberRequest | null;
  };
  readonly bcc: TeamMemberRequest | null;
  readonly tsc: readonly TscContactRequest[];
}

// ---- Staff capabilities: ASSUMED, copied from control-plane modules/access/permissions.ts (the session
// only names the staff role). Used to hide forms a role cannot use; the server still decides. ----

export type StaffRoleId = NonNullable<Session['staffRole']>;

export type StaffCapability = 'customers:view' | 'customers:manage' | 'contacts:manage' | 'audit-log:view';

const STAFF_CAPABILITIES: Readonly<Record<StaffRoleId, readonly StaffCapability[]>> = {
  'tsc-technician': ['customers:view', 'audit-log:view'],
  'bcc-specialist': ['customers:view'],
  'account-manager': ['customers:view', 'contacts:manage'],
  'sales-engineer': ['customers:view'],
  'platform-operator': ['customers:view', 'customers:manage', 'contacts:manage', 'audit-log:view'],
};

export function staffMay(role: StaffRoleId | null, capability: StaffCapability): boolean {
  return role !== null && STAFF_CAPABILITIES[role].includes(capability);
}
