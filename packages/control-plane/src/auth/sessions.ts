// Sign-in sessions. The cookie carries a random token; the database keeps only its SHA-256, so a copy of
// the sessions table cannot be replayed as cookies. Each session has its own CSRF token (sent back by
// sign-in and GET /auth/session, required on every cookie-authenticated write).
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { reusableQuery } from '../db/reusable-query.js';
import type { Database, Flag, SessionRow, UserRow } from '../db/schema.js';
import type { Membership } from './principal.js';

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

/** Every column of users, for the prefixed copies in findSessionContext; the check below keeps it complete. */
const USER_COLUMNS = [
  'id',
  'email',
  'display_name',
  'language',
  'status',
  'password_hash',
  'failed_sign_ins',
  'locked_until_at',
  'last_failed_sign_in_at',
  'last_sign_in_at',
  'staff_role',
  'reactivated_at',
  'created_at',
] as const satisfies readonly (keyof UserRow)[];
type MissingUserColumn = Exclude<keyof UserRow, (typeof USER_COLUMNS)[number]>;
// Fails to compile when a column is added to users but not to USER_COLUMNS.
const allUserColumns: [MissingUserColumn] extends [never] ? true : MissingUserColumn = true;
void allUserColumns;

type Row = Readonly<Record<string, unknown>>;

function userFrom(row: Row, prefix: 'u_' | 'm_'): UserRow {
  const user: Record<string, unknown> = {};
  for (const column of USER_COLUMNS) user[column] = row[`${prefix}${column}`];
  return user as unknown as UserRow;
}

export interface SessionContext {
  readonly session: SessionRow;
  /** The person signed in. */
  readonly user: UserRow;
  /** The mimicked user: null when not mimicking, undefined when the session names one who no longer exists. */
  readonly mimic: UserRow | null | undefined;
  /**
   * The effective user's role per access group (the mimicked user's while mimicking), as grantsOfUser
   * reads them, with the names GET /auth/session shows, ordered by group name as presentSession orders them.
   */
  readonly roles: readonly (Membership & { readonly permissions: string })[];
}

const sessionContextQuery = reusableQuery((db, p: { tokenHash: string; nowMs: number }) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('users as m', 'm.id', 's.mimic_user_id')
    .leftJoin('user_roles as ur', (join) => join.on((eb) => eb('ur.user_id', '=', eb.fn.coalesce('s.mimic_user_id', 's.user_id'))))
    .leftJoin('roles as r', 'r.id', 'ur.role_id')
    .leftJoin('access_groups as ag', 'ag.id', 'ur.access_group_id')
    .select(['s.id', 's.user_id', 's.mimic_user_id', 's.csrf_token', 's.created_at', 's.expires_at'])
    .select(['ur.access_group_id as role_group_id', 'ag.name as role_group_name', 'r.id as role_id', 'r.name as role_name', 'r.built_in as role_built_in', 'r.permissions as role_permissions'])
    .select((eb) => USER_COLUMNS.flatMap((column) => [eb.ref(`u.${column}`).as(`u_${column}`), eb.ref(`m.${column}`).as(`m_${column}`)]))
    .where('s.id', '=', p.tokenHash)
    .where('s.expires_at', '>', p.nowMs)
    .orderBy('ag.name'),
);

/**
 * The session of a cookie with its user, the mimicked user if any, and the effective user's roles: what
 * every authenticated request needs, in one query (one row per role held; at least one row) compiled
 * once (db/reusable-query.ts). It used to be four sequential queries (session, users, grants with roles,
 * and for GET /auth/session the memberships again); on PostgreSQL each is a round trip.
 */
export async function findSessionContext(db: Kysely<Database>, token: string, nowMs: number): Promise<SessionContext | undefined> {
  const rows: Row[] = await sessionContextQuery(db, { tokenHash: hashToken(token), nowMs });
  const first = rows[0];
  if (first === undefined) return undefined;
  const session: SessionRow = {
    id: first.id as string,
    user_id: first.user_id as string,
    mimic_user_id: first.mimic_user_id as string | null,
    csrf_token: first.csrf_token as string,
    created_at: first.created_at as number,
    expires_at: first.expires_at as number,
  };
  const mimic = session.mimic_user_id === null ? null : first.m_id === null ? undefined : userFrom(first, 'm_');
  // Left joins give one row with nulls for a user without roles; a role or group gone missing (the
  // foreign keys prevent it) is skipped, as the inner joins of grantsOfUser and presentSession would.
  const roles = rows.flatMap((row) =>
    row.role_group_id === null || row.role_id === null || row.role_group_name === null
      ? []
      : [
          {
            accessGroupId: row.role_group_id as string,
            accessGroupName: row.role_group_name as string,
            roleId: row.role_id as string,
            roleName: row.role_name as string,
            builtIn: row.role_built_in as Flag,
            permissions: row.role_permissions as string,
          },
        ],
  );
  return { session, user: userFrom(first, 'u_'), mimic, roles };
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
