// domain.md §1: custom roles are made "only by a domain admin", and only a Domain admin can hand out the
// Domain admin role (mayAssignRole). A customer left without one could never get one back without the
// operator, so the last one is kept: removing, demoting or disabling them is refused.

export interface DomainAdminHolder {
  readonly userId: string;
  /** As stored: an account that went inactive by the clock can still come back by itself (a reset link). */
  readonly status: 'active' | 'inactive' | 'disabled' | 'expired';
}

/** Would `losingUserId` losing the Domain admin role (or their account) leave no usable Domain admin? */
export function leavesCustomerWithoutDomainAdmin(holders: readonly DomainAdminHolder[], losingUserId: string): boolean {
  const usable = holders.filter((h) => h.status === 'active' || h.status === 'inactive');
  return usable.some((h) => h.userId === losingUserId) && usable.every((h) => h.userId === losingUserId);
}
