// API keys in the database (domain.md §1). Rows only; the rules live in api-key-rules.ts and service.ts.
import type { Kysely } from 'kysely';
import type { ApiKeyRow, ApiKeyStatus, ApiKeyUpdate, Database, NewApiKey, RoleRow } from '../../db/schema.js';

export async function findKey(db: Kysely<Database>, keyId: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('id', '=', keyId).executeTakeFirst();
}

/** The position after which the next page starts (keyset paging, newest first). */
export interface KeyPosition {
  readonly createdAtMs: number;
  readonly id: string;
}

export interface KeyListQuery {
  readonly accessGroupId: string;
  /** A stored status; undefined means active and disabled (deleted keys only when asked for). */
  readonly status: ApiKeyStatus | undefined;
  readonly after: KeyPosition | undefined;
  readonly limit: number;
}

export async function listKeys(db: Kysely<Database>, query: KeyListQuery): Promise<ApiKeyRow[]> {
  let select = db.selectFrom('api_keys').selectAll().where('access_group_id', '=', query.accessGroupId);
  select = query.status === undefined ? select.where('status', '!=', 'deleted') : select.where('status', '=', query.status);
  const after = query.after;
  if (after !== undefined) {
    select = select.where((eb) =>
      eb.or([eb('created_at', '<', after.createdAtMs), eb.and([eb('created_at', '=', after.createdAtMs), eb('id', '<', after.id)])]),
    );
  }
  return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
}

/** The keys whose stored status is active; the caller applies the inactivity rule to count them. */
export async function activeKeysOfGroup(db: Kysely<Database>, accessGroupId: string): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').selectAll().where('access_group_id', '=', accessGroupId).where('status', '=', 'active').execute();
}

/**
 * Serialises key creation and re-enabling per group for the rest of the transaction, so two concurrent
 * requests cannot both see 4 active keys and make 6. A no-op UPDATE takes PostgreSQL's row lock; SQLite
 * runs one write transaction at a time anyway. Same statement on both, no dialect switch.
 */
export async function lockGroupForKeys(db: Kysely<Database>, accessGroupId: string): Promise<void> {
  await db.updateTable('access_groups').set((eb) => ({ name: eb.ref('name') })).where('id', '=', accessGroupId).execute();
}

export async function insertKey(db: Kysely<Database>, row: NewApiKey): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

export async function updateKey(db: Kysely<Database>, keyId: string, changes: ApiKeyUpdate): Promise<void> {
  await db.updateTable('api_keys').set(changes).where('id', '=', keyId).execute();
}

/**
 * domain.md §1 "deleted-state": final, so the sealed secret is dropped too. The key can never sign again
 * and a stolen backup taken later holds nothing of it; the row stays for the list and the audit trail.
 */
export async function markKeyDeleted(db: Kysely<Database>, keyId: string): Promise<void> {
  await db.updateTable('api_keys').set({ status: 'deleted', secret_sealed: '' }).where('id', '=', keyId).execute();
}

export async function findRole(db: Kysely<Database>, roleId: string): Promise<RoleRow | undefined> {
  return db.selectFrom('roles').selectAll().where('id', '=', roleId).executeTakeFirst();
}

export async function rolesByIds(db: Kysely<Database>, ids: readonly string[]): Promise<RoleRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('roles').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

/** Every key the lifecycle job may still have to act on: stored active or disabled. */
export async function keysInLifecycle(db: Kysely<Database>): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').selectAll().where('status', 'in', ['active', 'disabled']).orderBy('id').execute();
}
