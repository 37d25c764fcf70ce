// Cache keys of the staff console, and what the signed-in staff member's role lets them do.
import { staffMay, type StaffCapability } from '../../api/staff';
import { useSession } from '../../session/session-queries';

export const staffKeys = {
  /** Every page of every search: a new customer or service invalidates them all. */
  customers: ['staff-customers'] as const,
  customerSearch: (q: string) => ['staff-customers', q] as const,
  /** One customer's page; apart from the searches, so a search named like it can never share its entry. */
  customer: (customerId: string) => ['staff-customer', customerId] as const,
  auditLog: (accessGroupId: string) => ['staff-audit-log', accessGroupId] as const,
};

/** Only hides what the role cannot use: the server checks every request anyway. */
export function useStaffMay(capability: StaffCapability): boolean {
  return staffMay(useSession().staffRole, capability);
}

export function customerPath(customerId: string): string {
  return `/staff/customers/${encodeURIComponent(customerId)}`;
}
