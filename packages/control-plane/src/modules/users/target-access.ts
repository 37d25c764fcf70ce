// Who may act on a user account (reset its password, reactivate, disable; docs/api.md /users/{userId}/…).
// Pure: the caller's grants and visible groups, the target's grants and the tree are passed in.
import { can, mayAssignRole } from '../access/permissions.js';
import type { AccessGroupTree, Grant } from '../access/permissions.js';

export type TargetRule =
  /** Managing users on some group where the target holds a role: enough to mail them a reset link. */
  | 'manages'
  /**
   * Also holding every permission of every role the target holds, where they hold it (mayAssignRole for
   * each): whoever disables or reactivates an account could have given it all its roles. Otherwise a
   * child group's Admin could disable the customer's Domain admin, who holds a role on that child too.
   */
  | 'outranks';

export type TargetAccess =
  /** No role on any group the caller can see: another customer's user, or one out of reach; answered 404. */
  | { readonly ok: false; readonly reason: 'INVISIBLE' }
  | { readonly ok: false; readonly reason: 'FORBIDDEN' }
  /** `accessGroupId`: a group where the caller manages the target, for the audit log. */
  | { readonly ok: true; readonly accessGroupId: string };

export function targetAccess(input: {
  callerGrants: readonly Grant[];
  visibleGroups: ReadonlySet<string>;
  targetGrants: readonly Grant[];
  tree: AccessGroupTree;
  rule: TargetRule;
}): TargetAccess {
  const { callerGrants, targetGrants, tree } = input;
  if (!targetGrants.some((g) => input.visibleGroups.has(g.accessGroupId))) return { ok: false, reason: 'INVISIBLE' };
  const managed = targetGrants.find((g) => can(callerGrants, 'users:manage', g.accessGroupId, tree));
  if (managed === undefined) return { ok: false, reason: 'FORBIDDEN' };
  if (input.rule === 'outranks' && !targetGrants.every((g) => mayAssignRole(callerGrants, g.role, g.accessGroupId, tree))) {
    return { ok: false, reason: 'FORBIDDEN' };
  }
  return { ok: true, accessGroupId: managed.accessGroupId };
}
