// What the API-key routes do (domain.md §1 "API keys"): create, regenerate, edit, enable / disable and
// delete, each checked against the caller's rights, written in one transaction with its audit entry.
import { hint } from '@candela/contract';
import type { ApiKey, ApiKeyList, ApiKeyStatus, ApiKeyWithSecret, Language } from '@candela/contract';
import { ApiError, fieldError, notFound } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import { requireGroup, roleFromRow } from '../../auth/caller.js';
import type { Caller } from '../../auth/caller.js';
import type { ApiKeyRow, ApiKeyUpdate, RoleRow } from '../../db/schema.js';
import { customerGroupOf } from '../access/permissions.js';
import type { AccessGroupTree } from '../access/permissions.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuditEntry } from '../audit/audit-log.js';
import { canCreateKey, hashSecret, keyStatusAt, mayGiveKeyRole, newKeyMaterial, newSecret, sealSecret } from './api-key-rules.js';
import { decodeKeyCursor, encodeKeyCursor } from './key-cursor.js';
import { auditedKey, presentKey } from './presenter.js';
import { activeKeysOfGroup, findKey, findRole, insertKey, listKeys, lockGroupForKeys, markKeyDeleted, rolesByIds, updateKey } from './repository.js';

/** One request's view: who asks, in which language, under which request id (for the audit log). */
export interface KeyAction {
  readonly deps: AppDeps;
  readonly caller: Caller;
  readonly requestId: string;
  readonly language: Language;
}

type Db = AppDeps['db'];

function statusOf(row: ApiKeyRow, nowMs: number): ApiKeyRow['status'] {
  return keyStatusAt({ status: row.status, lastUsedAtMs: row.last_used_at, createdAtMs: row.created_at, reactivatedAtMs: row.reactivated_at, nowMs });
}

function audit(trx: Db, action: KeyAction, nowMs: number, entry: AuditEntry): Promise<void> {
  return recordAudit(trx, { caller: action.caller, requestId: action.requestId, nowMs }, entry);
}

/** domain.md §1: "at most 5 active per AG", counting the keys the inactivity rule has not yet disabled. */
async function requireRoomForActiveKey(trx: Db, accessGroupId: string, nowMs: number): Promise<void> {
  await lockGroupForKeys(trx, accessGroupId);
  const active = (await activeKeysOfGroup(trx, accessGroupId)).filter((k) => statusOf(k, nowMs) === 'active');
  if (!canCreateKey(active.length)) throw new ApiError('API_KEY_LIMIT');
}

/** A built-in role, or a custom role of the same customer as the group (any of its groups). */
function roleUsableIn(role: RoleRow, accessGroupId: string, tree: AccessGroupTree): boolean {
  if (role.built_in === 1) return true;
  if (role.access_group_id === null) return false;
  const customer = customerGroupOf(accessGroupId, tree);
  return customer !== undefined && customerGroupOf(role.access_group_id, tree) === customer;
}

/** The caller must hold every permission of the role there, or the key would be stronger than its maker. */
function requireMayGive(caller: Caller, role: RoleRow | undefined, accessGroupId: string, pointer?: string): void {
  const permissions = role === undefined ? { id: '', permissions: [] } : roleFromRow(role);
  if (!mayGiveKeyRole(caller.grants, permissions, accessGroupId, caller.tree)) {
    throw new ApiError('FORBIDDEN', pointer === undefined ? [] : [hint(pointer, 'apiKey.roleBeyondCaller')]);
  }
}

/** The key, if the caller may manage keys of its group: 404 for another customer's, 403 without the right. */
async function manageableKey(action: KeyAction, keyId: string): Promise<ApiKeyRow> {
  const row = await findKey(action.deps.db, keyId);
  if (row === undefined) throw notFound();
  requireGroup(action.caller, row.access_group_id, 'api-keys:manage');
  return row;
}

async function present(action: KeyAction, row: ApiKeyRow, nowMs: number): Promise<ApiKey> {
  return presentKey(row, await findRole(action.deps.db, row.role_id), action.language, nowMs);
}

export interface KeyListInput {
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly status?: ApiKeyStatus | undefined;
}

/** A group's keys, newest first, without secrets. Staff who may view customers may read the list too. */
export async function listGroupKeys(action: KeyAction, accessGroupId: string, input: KeyListInput): Promise<ApiKeyList> {
  const { deps, caller } = action;
  const now = deps.clock();
  requireGroup(caller, accessGroupId, 'api-keys:manage', { staff: 'customers:view' });
  const after = input.cursor === undefined ? undefined : decodeKeyCursor(input.cursor);
  if (input.cursor !== undefined && after === undefined) throw fieldError('VALIDATION_FAILED', '/querystring/cursor', 'paging.cursorUnknown');
  // One row more than asked tells whether another page follows.
  const rows = await listKeys(deps.db, { accessGroupId, status: input.status, after, limit: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  const roles = new Map((await rolesByIds(deps.db, page.map((r) => r.role_id))).map((r) => [r.id, r]));
  const last = page.at(-1);
  return {
    items: page.map((row) => presentKey(row, roles.get(row.role_id), action.language, now)),
    nextCursor: rows.length > input.limit && last !== undefined ? encodeKeyCursor({ createdAtMs: last.created_at, id: last.id }) : null,
  };
}

export interface NewKeyInput {
  readonly name: string;
  readonly contact: string;
  readonly notes: string;
  readonly roleId: string;
}

export async function createKey(action: KeyAction, accessGroupId: string, input: NewKeyInput): Promise<ApiKeyWithSecret> {
  const { deps, caller } = action;
  const now = deps.clock();
  requireGroup(caller, accessGroupId, 'api-keys:manage');
  const role = await findRole(deps.db, input.roleId);
  // Another customer's custom role is reported exactly like a role that does not exist.
  if (role === undefined || !roleUsableIn(role, accessGroupId, caller.tree)) {
    throw fieldError('VALIDATION_FAILED', '/roleId', 'role.unknown');
  }
  requireMayGive(caller, role, accessGroupId, '/roleId');
  const { keyId, secret } = newKeyMaterial();
  const secretKey = deps.secretKeys[0];
  if (secretKey === undefined) throw new Error('no server key to seal API-key secrets with');
  const row: ApiKeyRow = {
    id: keyId,
    access_group_id: accessGroupId,
    role_id: role.id,
    name: input.name,
    contact: input.contact,
    notes: input.notes,
    secret_hash: hashSecret(secret),
    secret_sealed: sealSecret(secret, secretKey, keyId),
    warned_at: null,
    status: 'active',
    last_used_at: null,
    created_at: now,
    regenerated_at: null,
    reactivated_at: null,
  };
  await deps.db.transaction().execute(async (trx) => {
    await requireRoomForActiveKey(trx, accessGroupId, now);
    await insertKey(trx, row);
    await audit(trx, action, now, { accessGroupId, action: 'api-key.create', targetType: 'api-key', targetId: keyId, after: auditedKey(row, 'active') });
  });
  return { key: presentKey(row, role, action.language, now), secret };
}

/** domain.md §1: "regenerable (old secret dies at once)": the sealed secret is replaced in place. */
export async function regenerateKey(action: KeyAction, keyId: string): Promise<ApiKeyWithSecret> {
  const { deps, caller } = action;
  const now = deps.clock();
  const row = await manageableKey(action, keyId);
  if (statusOf(row, now) === 'deleted') throw new ApiError('CONFLICT');
  // Taking a fresh secret is taking the key's powers: the same rule as creating it.
  const role = await findRole(deps.db, row.role_id);
  requireMayGive(caller, role, row.access_group_id);
  const secretKey = deps.secretKeys[0];
  if (secretKey === undefined) throw new Error('no server key to seal API-key secrets with');
  const secret = newSecret();
  const changes = { secret_hash: hashSecret(secret), secret_sealed: sealSecret(secret, secretKey, keyId), regenerated_at: now };
  await deps.db.transaction().execute(async (trx) => {
    await updateKey(trx, keyId, changes);
    await audit(trx, action, now, { accessGroupId: row.access_group_id, action: 'api-key.regenerate', targetType: 'api-key', targetId: keyId, before: { secretFingerprint: row.secret_hash }, after: { secretFingerprint: changes.secret_hash } });
  });
  return { key: presentKey({ ...row, ...changes }, role, action.language, now), secret };
}

export interface KeyEdit {
  readonly status?: 'active' | 'disabled' | undefined;
  readonly name?: string | undefined;
  readonly contact?: string | undefined;
  readonly notes?: string | undefined;
}

export async function editKey(action: KeyAction, keyId: string, edit: KeyEdit): Promise<ApiKey> {
  const { deps } = action;
  const now = deps.clock();
  const row = await manageableKey(action, keyId);
  const status = statusOf(row, now);
  // domain.md §1 "deleted-state": final; a deleted key cannot be enabled or edited.
  if (status === 'deleted') throw new ApiError('CONFLICT');
  const changes: ApiKeyUpdate = {};
  if (edit.name !== undefined && edit.name !== row.name) changes.name = edit.name;
  if (edit.contact !== undefined && edit.contact !== row.contact) changes.contact = edit.contact;
  if (edit.notes !== undefined && edit.notes !== row.notes) changes.notes = edit.notes;
  const enabling = edit.status === 'active' && status !== 'active';
  if (enabling) {
    // Re-enabling restarts the idle clock, or a key disabled for inactivity would be disabled again at once.
    changes.status = 'active';
    changes.reactivated_at = now;
  } else if (edit.status === 'disabled' && status !== 'disabled') {
    changes.status = 'disabled';
  }
  if (Object.keys(changes).length === 0) return present(action, row, now);
  const updated: ApiKeyRow = { ...row, ...changes };
  await deps.db.transaction().execute(async (trx) => {
    // Enabling makes one more active key, so it asks the same question as creating one.
    if (enabling) await requireRoomForActiveKey(trx, row.access_group_id, now);
    await updateKey(trx, keyId, changes);
    await audit(trx, action, now, { accessGroupId: row.access_group_id, action: 'api-key.update', targetType: 'api-key', targetId: keyId, before: auditedKey(row, status), after: auditedKey(updated, statusOf(updated, now)) });
  });
  return present(action, updated, now);
}

export async function deleteKey(action: KeyAction, keyId: string): Promise<ApiKey> {
  const { deps } = action;
  const now = deps.clock();
  const row = await manageableKey(action, keyId);
  // Deleting twice changes nothing and records nothing.
  if (row.status === 'deleted') return present(action, row, now);
  const updated: ApiKeyRow = { ...row, status: 'deleted', secret_sealed: '' };
  await deps.db.transaction().execute(async (trx) => {
    await markKeyDeleted(trx, keyId);
    await audit(trx, action, now, { accessGroupId: row.access_group_id, action: 'api-key.delete', targetType: 'api-key', targetId: keyId, before: auditedKey(row, statusOf(row, now)), after: { status: 'deleted' } });
  });
  return present(action, updated, now);
}
