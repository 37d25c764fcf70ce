// domain.md §1 "API keys" (ref): a key unused for 90 days is warned about by e-mail (30 days before it is
// disabled), disabled at 120 days and put in the deleted state at 180. Signed requests are refused from
// those instants whether or not this job has run (authenticate.ts asks keyStatusAt); the job writes the
// states down, so lists and the audit log show them, and sends the warning. Run it periodically (hourly is
// plenty); every run is idempotent.
import type { Kysely } from 'kysely';
import { emailSchema } from '@candela/contract';
import type { Language } from '@candela/contract';
import type { ApiKeyRow, Database } from '../db/schema.js';
import { loadTree } from '../auth/caller.js';
import { ancestorsOf } from '../modules/access/permissions.js';
import type { AccessGroupTree } from '../modules/access/permissions.js';
import { idleSinceMs, keyLifecycle, keyLifecycleDates } from '../modules/api-keys/api-key-rules.js';
import { markKeyDeleted, keysInLifecycle, updateKey } from '../modules/api-keys/repository.js';
import { recordAudit } from '../modules/audit/audit-log.js';
import { enqueueMail } from '../modules/mail/outbox-repository.js';

export interface ApiKeyLifecycleInput {
  readonly db: Kysely<Database>;
  readonly nowMs: number;
  /** Where the portal is reached; the warning links to the key list there. */
  readonly publicUrl: string;
  readonly wakeMailSender: () => void;
}

export interface ApiKeyLifecycleResult {
  /** Key ids, per step taken in this run. */
  readonly warned: string[];
  readonly disabled: string[];
  readonly deleted: string[];
  /** Keys whose step failed (the others still ran); they are tried again on the next run. */
  readonly failed: { readonly keyId: string; readonly error: string }[];
}

/** The language the API falls back to (docs/api.md) when a recipient is not one of our users. */
const DEFAULT_LANGUAGE: Language = 'es';

interface Recipient {
  readonly to: string;
  readonly language: Language;
}

function isMailAddress(text: string): boolean {
  return emailSchema.safeParse(text).success;
}

/**
 * The key's contact when it is an e-mail address (in that user's language if they are one of ours), else
 * the domain admins who reach the key's group: those granted the role on the group or one of its ancestors.
 */
async function recipientsFor(db: Kysely<Database>, key: ApiKeyRow, tree: AccessGroupTree): Promise<Recipient[]> {
  const contact = key.contact.trim();
  if (isMailAddress(contact)) {
    const user = await db.selectFrom('users').select('language').where('email', '=', contact.toLowerCase()).executeTakeFirst();
    return [{ to: contact, language: user?.language ?? DEFAULT_LANGUAGE }];
  }
  const groups = ancestorsOf(key.access_group_id, tree) ?? [key.access_group_id];
  const admins = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['users.email', 'users.language'])
    .where('user_roles.role_id', '=', 'domain-admin')
    .where('user_roles.access_group_id', 'in', groups)
    .where('users.status', 'not in', ['disabled', 'expired'])
    .orderBy('users.email')
    .execute();
  const unique = new Map(admins.map((a) => [a.email, a.language]));
  return [...unique].map(([to, language]) => ({ to, language }));
}

/** Warned in the current idle period: a warning older than the last use (or re-enabling) no longer counts. */
function warnedThisPeriod(key: ApiKeyRow): boolean {
  const use = { lastUsedAtMs: key.last_used_at, createdAtMs: key.created_at, reactivatedAtMs: key.reactivated_at };
  return key.warned_at !== null && key.warned_at >= idleSinceMs(use);
}

const AUDIT = { caller: undefined, requestId: 'job:api-key-lifecycle' } as const;

async function warn(input: ApiKeyLifecycleInput, key: ApiKeyRow, tree: AccessGroupTree): Promise<number> {
  const { db, nowMs } = input;
  const group = await db.selectFrom('access_groups').select('name').where('id', '=', key.access_group_id).executeTakeFirst();
  const disableAtMs = keyLifecycleDates({ lastUsedAtMs: key.last_used_at, createdAtMs: key.created_at, reactivatedAtMs: key.reactivated_at }).disableAtMs;
  const recipients = await recipientsFor(db, key, tree);
  const link = `${input.publicUrl}/admin/api-keys?group=${encodeURIComponent(key.access_group_id)}`;
  await db.transaction().execute(async (trx) => {
    for (const r of recipients) {
      const vars = { keyName: key.name, accessGroupName: group?.name ?? key.access_group_id, disableOn: new Date(disableAtMs).toISOString().slice(0, 10), link };
      await enqueueMail(trx, { to: r.to, language: r.language, template: 'api-key-expiry-warning', vars }, nowMs);
    }
    // Recorded even with nobody to tell, so the key is not looked at again every run of this period.
    await updateKey(trx, key.id, { warned_at: nowMs });
    await recordAudit(trx, { ...AUDIT, nowMs }, { accessGroupId: key.access_group_id, action: 'api-key.expiry-warning', targetType: 'api-key', targetId: key.id, after: { warnedAt: new Date(nowMs).toISOString(), disableAt: new Date(disableAtMs).toISOString(), to: recipients.map((r) => r.to) } });
  });
  return recipients.length;
}

async function disable(db: Kysely<Database>, key: ApiKeyRow, nowMs: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await updateKey(trx, key.id, { status: 'disabled' });
    await recordAudit(trx, { ...AUDIT, nowMs }, { accessGroupId: key.access_group_id, action: 'api-key.disable-inactive', targetType: 'api-key', targetId: key.id, before: { status: key.status }, after: { status: 'disabled' } });
  });
}

async function remove(db: Kysely<Database>, key: ApiKeyRow, nowMs: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await markKeyDeleted(trx, key.id);
    await recordAudit(trx, { ...AUDIT, nowMs }, { accessGroupId: key.access_group_id, action: 'api-key.delete-inactive', targetType: 'api-key', targetId: key.id, before: { status: key.status }, after: { status: 'deleted' } });
  });
}

export async function runApiKeyLifecycle(input: ApiKeyLifecycleInput): Promise<ApiKeyLifecycleResult> {
  const { db, nowMs } = input;
  const result: ApiKeyLifecycleResult = { warned: [], disabled: [], deleted: [], failed: [] };
  const keys = await keysInLifecycle(db);
  if (keys.length === 0) return result;
  const tree = await loadTree(db);
  let mails = 0;
  for (const key of keys) {
    const step = keyLifecycle({ lastUsedAtMs: key.last_used_at, createdAtMs: key.created_at, reactivatedAtMs: key.reactivated_at, nowMs });
    try {
      if (step === 'deleted') {
        await remove(db, key, nowMs);
        result.deleted.push(key.id);
      } else if (key.status !== 'active') {
        // A key an admin disabled waits for the deleted state; it gets no warnings.
        continue;
      } else if (step === 'disabled') {
        await disable(db, key, nowMs);
        result.disabled.push(key.id);
      } else if (step === 'warn' && !warnedThisPeriod(key)) {
        mails += await warn(input, key, tree);
        result.warned.push(key.id);
      }
    } catch (error) {
      // One broken key (say, a contact the outbox refuses) must not hold back the others.
      result.failed.push({ keyId: key.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (mails > 0) input.wakeMailSender();
  return result;
}
