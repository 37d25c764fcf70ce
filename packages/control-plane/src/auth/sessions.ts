// Sign-in sessions. The cookie carries a random token; the database keeps only its SHA-256, so a copy of
// the sessions table cannot be replayed as cookies. Each session has its own CSRF token (sent back by
// sign-in and GET /auth/session, required on every cookie-authenticated write).
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, SessionRow } from '../db/schema.js';

export const SESSION_COOKIE = 'candela_session';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface NewSession {
  readonly token: string;
  readonly row: SessionRow;
}

export async function createSession(db: Kysely<Database>, userId: string, nowMs: number, ttlMs: number): Promise<NewSession> {
  const token = newToken();
  const row: SessionRow = {
    id: hashToken(token),
    user_id: userId,
    mimic_user_id: null,
    csrf_token: newToken(),
    created_at: nowMs,
    expires_at: nowMs + ttlMs,
  };
  await db.insertInto('sessions').values(row).execute();
  return { token, row };
}

export async function findSession(db: Kysely<Database>, token: string, nowMs: number): Promise<SessionRow | undefined> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', hashToken(token))
    .where('expires_at', '>', nowMs)
    .executeTakeFirst();
}

export async function deleteSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** A password change or a disabled account ends every session of the user. */
export async function deleteSessionsOfUser(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function setMimic(db: Kysely<Database>, sessionId: string, mimicUserId: string | null): Promise<void> {
  await db.updateTable('sessions').set({ mimic_user_id: mimicUserId }).where('id', '=', sessionId).execute();
}
