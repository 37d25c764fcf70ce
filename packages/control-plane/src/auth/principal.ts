// Who is calling: nobody, a signed-in user (possibly mimicking another), or an API key. Resolved once per
// request by authenticate.ts; routes ask caller.ts what it may do.
import type { ApiKeyRow, Flag, UserRow } from '../db/schema.js';
import type { Grant } from '../modules/access/permissions.js';

/** A role the effective user holds on a group, with the names the session shows (session-presenter.ts). */
export interface Membership {
  readonly accessGroupId: string;
  readonly accessGroupName: string;
  readonly roleId: string;
  /** The stored name; built-in roles are shown in the reader's language instead. */
  readonly roleName: string;
  readonly builtIn: Flag;
}

export type Principal =
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'session';
      /** The hash of the cookie's token (sessions.id). */
      readonly sessionId: string;
      readonly csrfToken: string;
      /** The person signed in; the one audited as the actor. */
      readonly user: UserRow;
      /** domain.md §1 mimic: the user whose view and rights are in force; audited as "acting as". */
      readonly mimic: UserRow | null;
      /**
       * The effective user's grants, read by authenticate.ts in the same query as the session, so the
       * request path does not ask again. Absent on a principal built without them (tests); caller.ts then
       * reads them.
       */
      readonly grants?: readonly Grant[];
      /** The same roles with group and role names, ordered by group name, for GET /auth/session. */
      readonly memberships?: readonly Membership[];
    }
  | {
      readonly kind: 'api-key';
      readonly key: ApiKeyRow;
      /** The key's one grant (its role on its group), read with the key; absent: caller.ts reads it. */
      readonly grants?: readonly Grant[];
    };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/** The user whose rights apply: the mimicked one while mimicking. */
export function effectiveUser(principal: Principal): UserRow | undefined {
  return principal.kind === 'session' ? (principal.mimic ?? principal.user) : undefined;
}
