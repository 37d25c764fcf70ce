// The audit log (domain.md §1): who (and as whom), what, when, before/after, for every change. Written in
// the same transaction as the change it describes, so neither exists without the other.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Caller } from '../../auth/caller.js';

export interface AuditEntry {
  readonly accessGroupId: string | null;
  /** dotted verb, e.g. "user.invite", "api-key.regenerate". */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface AuditContext {
  /** Undefined for changes nobody asked for directly (a job, a sign-in of an unknown user). */
  readonly caller: Caller | undefined;
  readonly requestId: string;
  readonly nowMs: number;
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export async function recordAudit(db: Kysely<Database>, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  const principal = ctx.caller?.principal;
  await db
    .insertInto('audit_log')
    .values({
      id: `aud_${randomUUID()}`,
      at: ctx.nowMs,
      actor_user_id: principal?.kind === 'session' ? principal.user.id : null,
      acting_as_user_id: principal?.kind === 'session' ? (principal.mimic?.id ?? null) : null,
      api_key_id: principal?.kind === 'api-key' ? principal.key.id : null,
      access_group_id: entry.accessGroupId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      before_json: json(entry.before),
      after_json: json(entry.after),
      request_id: ctx.requestId,
    })
    .execute();
}
