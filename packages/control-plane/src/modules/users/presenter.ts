// User rows → the contract's ManagedUser and GroupUser (house rule 6): the status is computed at `nowMs`
// (domain.md §1: inactive after 180 days without sign-in), timestamps leave as ISO strings.
import type { GroupUser, Language, ManagedUser } from '@candela/contract';
import type { UserRow } from '../../db/schema.js';
import { isLocked, userStatusAt } from '../accounts/account-rules.js';
import { roleName } from '../accounts/session-presenter.js';
import type { MembershipRow } from './repository.js';

export function statusOf(user: UserRow, nowMs: number): ManagedUser['status'] {
  return userStatusAt({ status: user.status, lastSignInAtMs: user.last_sign_in_at, createdAtMs: user.created_at, reactivatedAtMs: user.reactivated_at, nowMs });
}

export function presentManagedUser(user: UserRow, nowMs: number): ManagedUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    language: user.language,
    status: statusOf(user, nowMs),
    lastSignInAt: user.last_sign_in_at === null ? null : new Date(user.last_sign_in_at).toISOString(),
    locked: isLocked({ failedCount: user.failed_sign_ins, lastFailedAtMs: user.last_failed_sign_in_at, lockedUntilMs: user.locked_until_at }, nowMs),
  };
}

/**
 * `memberships` are the user's roles within the group's subtree; `groupId` is the group asked about,
 * whose role is also given on its own for the common case of a flat organisation.
 */
export function presentGroupUser(
  user: UserRow,
  input: { memberships: readonly MembershipRow[]; groupId: string; language: Language; nowMs: number },
): GroupUser {
  const roles = input.memberships
    .filter((m) => m.user_id === user.id)
    .map((m) => ({ accessGroupId: m.access_group_id, accessGroupName: m.group_name, roleId: m.id, roleName: roleName(m, input.language) }));
  const own = roles.find((r) => r.accessGroupId === input.groupId);
  return { ...presentManagedUser(user, input.nowMs), roleId: own?.roleId ?? null, roleName: own?.roleName ?? null, roles };
}

/** docs/api.md: the cursor is opaque; it carries the last e-mail of the page (the list's sort key). */
export function encodeCursor(lastEmail: string): string {
  return Buffer.from(lastEmail, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}
