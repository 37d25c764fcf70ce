// Invitations (domain.md §1: "invited by e-mail (they set their own password)"): who an e-mail address
// already belongs to, and the mail with the one-time link.
import type { Kysely } from 'kysely';
import type { Caller } from '../../auth/caller.js';
import type { Database, UserRow } from '../../db/schema.js';
import { customerGroupOf } from '../access/permissions.js';
import type { AccessGroupTree, Grant } from '../access/permissions.js';
import { issueUserToken, passwordLink, TOKEN_LIFETIME_MS } from '../accounts/user-tokens.js';
import { enqueueMail } from '../mail/outbox-repository.js';

export type Invitee =
  | { readonly kind: 'new' }
  /** A user of this customer (or one nobody holds any more): the invitation adds a role. */
  | { readonly kind: 'existing'; readonly user: UserRow }
  /** Another customer's user or the operator's staff: refused without saying which. */
  | { readonly kind: 'foreign' };

/**
 * A user whose every role was removed belongs to no customer any more, so they may be invited again by
 * anyone; one holding a role elsewhere stays with that customer (an e-mail is one login, one organisation).
 */
export function classifyInvitee(user: UserRow | undefined, grants: readonly Grant[], customerGroupId: string, tree: AccessGroupTree): Invitee {
  if (user === undefined) return { kind: 'new' };
  if (user.staff_role !== null) return { kind: 'foreign' };
  const elsewhere = grants.some((g) => customerGroupOf(g.accessGroupId, tree) !== customerGroupId);
  return elsewhere ? { kind: 'foreign' } : { kind: 'existing', user };
}

/** The name the invitee reads as "X invited you": the person signed in (even while mimicking), or the API key. */
export function inviterName(caller: Caller): string {
  return caller.principal.kind === 'session' ? caller.principal.user.display_name : caller.principal.key.name;
}

/**
 * Issues an invitation token and queues the mail in the invitee's language. Call inside the transaction
 * of the change, and wake the mail sender after it commits.
 */
export async function queueInvitation(
  db: Kysely<Database>,
  input: { user: UserRow; inviter: string; organisation: string; publicUrl: string; nowMs: number },
): Promise<void> {
  const token = await issueUserToken(db, input.user.id, 'invitation', input.nowMs);
  await enqueueMail(
    db,
    {
      to: input.user.email,
      language: input.user.language,
      template: 'invitation',
      vars: {
        displayName: input.user.display_name,
        inviterName: input.inviter,
        organisation: input.organisation,
        link: passwordLink(input.publicUrl, token, input.user.language),
        expiresInHours: TOKEN_LIFETIME_MS.invitation / 3_600_000,
      },
    },
    input.nowMs,
  );
}

export async function queuePasswordReset(db: Kysely<Database>, input: { user: UserRow; publicUrl: string; nowMs: number }): Promise<void> {
  const token = await issueUserToken(db, input.user.id, 'password-reset', input.nowMs);
  await enqueueMail(
    db,
    {
      to: input.user.email,
      language: input.user.language,
      template: 'password-reset',
      vars: { displayName: input.user.display_name, link: passwordLink(input.publicUrl, token, input.user.language), expiresInMinutes: TOKEN_LIFETIME_MS['password-reset'] / 60_000 },
    },
    input.nowMs,
  );
}
