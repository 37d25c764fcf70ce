// Audit rows → the contract's AuditEntry (house rule 6): ISO times, people by name, JSON parsed.
import type { AuditEntry } from '@candela/contract';
import type { AuditLogRow } from '../../db/schema.js';
import type { AuditPerson } from './audit-repository.js';

function person(id: string | null, people: ReadonlyMap<string, AuditPerson>): AuditEntry['actor'] {
  if (id === null) return null;
  const found = people.get(id);
  // The log outlives the users it names (no foreign keys): keep the id, say nothing more.
  return { id, email: found?.email ?? null, displayName: found?.display_name ?? null };
}

function parsed(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Written by recordAudit with JSON.stringify, so this is a hand-edited row; show it rather than fail the page.
    return text;
  }
}

export function presentAuditEntry(row: AuditLogRow, people: ReadonlyMap<string, AuditPerson>): AuditEntry {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    actor: person(row.actor_user_id, people),
    actingAs: person(row.acting_as_user_id, people),
    apiKeyId: row.api_key_id,
    accessGroupId: row.access_group_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: parsed(row.before_json),
    after: parsed(row.after_json),
    requestId: row.request_id,
  };
}
