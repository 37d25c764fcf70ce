// Rows → contract shapes for API keys (house rule 6). The secret never passes through here: it leaves the
// server only in the create and regenerate answers, which add it beside the presented key.
import type { ApiKey, Language } from '@candela/contract';
import type { ApiKeyRow, RoleRow } from '../../db/schema.js';
import { BUILT_IN_ROLES } from '../access/permissions.js';
import type { BuiltInRoleId } from '../access/permissions.js';
import { keyLifecycleDates, keyStatusAt } from './api-key-rules.js';

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isBuiltInRoleId(id: string): id is BuiltInRoleId {
  return Object.hasOwn(BUILT_IN_ROLES, id);
}

/** Built-in role names in the reader's language; a custom role's name as its customer typed it. */
export function roleName(role: Pick<RoleRow, 'id' | 'name' | 'built_in'> | undefined, roleId: string, language: Language): string {
  if (isBuiltInRoleId(roleId) && (role === undefined || role.built_in === 1)) return BUILT_IN_ROLES[roleId].name[language];
  return role?.name ?? roleId;
}

export function presentKey(row: ApiKeyRow, role: RoleRow | undefined, language: Language, nowMs: number): ApiKey {
  const use = { lastUsedAtMs: row.last_used_at, createdAtMs: row.created_at, reactivatedAtMs: row.reactivated_at };
  const status = keyStatusAt({ ...use, status: row.status, nowMs });
  const dates = status === 'deleted' ? undefined : keyLifecycleDates(use);
  return {
    id: row.id,
    accessGroupId: row.access_group_id,
    name: row.name,
    contact: row.contact,
    notes: row.notes,
    roleId: row.role_id,
    roleName: roleName(role, row.role_id, language),
    status,
    createdAt: iso(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : iso(row.last_used_at),
    regeneratedAt: row.regenerated_at === null ? null : iso(row.regenerated_at),
    warnAt: dates === undefined ? null : iso(dates.warnAtMs),
    disableAt: dates === undefined ? null : iso(dates.disableAtMs),
    deleteAt: dates === undefined ? null : iso(dates.deleteAtMs),
  };
}

/**
 * What the audit log keeps of a key: everything an admin can change, the status in force, and the
 * secret's fingerprint (its SHA-256), never the secret or its sealed form.
 */
export function auditedKey(row: Pick<ApiKeyRow, 'name' | 'contact' | 'notes' | 'role_id' | 'secret_hash'>, status: ApiKeyRow['status']) {
  return { name: row.name, contact: row.contact, notes: row.notes, roleId: row.role_id, status, secretFingerprint: row.secret_hash };
}
