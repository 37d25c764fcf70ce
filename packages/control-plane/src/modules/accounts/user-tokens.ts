// One-time links mailed to users: an invitation sets the first password, a reset sets a new one. The link
// carries a random token; the database keeps its SHA-256 (user_tokens.id), like sessions.
import type { Kysely } from 'kysely';
import type { Language } from '@candela/contract';
import type { Database, UserTokenPurpose, UserTokenRow } from '../../db/schema.js';
import { hashToken, newToken } from '../../auth/sessions.js';

/** How long a link works: an invitation waits days for the person, a reset is meant to be used now. */
export const TOKEN_LIFETIME_MS: Readonly<Record<UserTokenPurpose, number>> = {
  invitation: 72 * 3_600_000,
  'password-reset': 60 * 60_000,
};

export async function issueUserToken(db: Kysely<Database>, userId: string, purpose: UserTokenPurpose, nowMs: number): Promise<string> {
  const token = newToken();
  // A new link replaces older unused ones of the same kind, so only the latest mail works.
  await db.updateTable('user_tokens').set({ used_at: nowMs }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
  await db
    .insertInto('user_tokens')
    .values({ id: hashToken(token), user_id: userId, purpose, created_at: nowMs, expires_at: nowMs + TOKEN_LIFETIME_MS[purpose], used_at: null })
    .execute();
  return token;
}

export type TokenLookup = { readonly ok: true; readonly row: UserTokenRow } | { readonly ok: false; readonly reason: 'unknown' | 'expired' };

/** Marks the token used and returns it; an unknown token and a used one look the same to the caller. */
export async function consumeUserToken(db: Kysely<Database>, token: string, nowMs: number): Promise<TokenLookup> {
  const row = await db.selectFrom('user_tokens').selectAll().where('id', '=', hashToken(token)).executeTakeFirst();
  if (row === undefined || row.used_at !== null) return { ok: false, reason: 'unknown' };
  if (row.expires_at <= nowMs) return { ok: false, reason: 'expired' };
  const updated = await db.updateTable('user_tokens').set({ used_at: nowMs }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
  // Two concurrent uses of one link: only the first wins.
  if (updated.numUpdatedRows !== 1n) return { ok: false, reason: 'unknown' };
  return { ok: true, row };
}

/** The link carries the recipient's language, so the page opens in the language of the mail. */
export function passwordLink(publicUrl: string, token: string, language: Language): string {
  return `${publicUrl}/password/set?token=${encodeURIComponent(token)}&lang=${language}`;
}
