// Who is calling: nobody, a signed-in user (possibly mimicking another), or an API key. Resolved once per
// request by authenticate.ts; routes ask caller.ts what it may do.
import type { ApiKeyRow, UserRow } from '../db/schema.js';

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
    }
  | { readonly kind: 'api-key'; readonly key: ApiKeyRow };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/** The user whose rights apply: the mimicked one while mimicking. */
export function effectiveUser(principal: Principal): UserRow | undefined {
  return principal.kind === 'session' ? (principal.mimic ?? principal.user) : undefined;
}
