// A new service for a customer (domain.md §1 "Service / SCID"): a random SCID, retried when it clashes
// with an existing one. Each attempt is its own transaction: on PostgreSQL a failed insert poisons the
// transaction it ran in, so a retry inside it could never succeed.
import type { Kysely } from 'kysely';
import type { Database, ServiceRow } from '../../db/schema.js';
import { constraintViolation } from '../../db/errors.js';
import { generateScid } from '../accounts/account-rules.js';
import type { RandomBytes } from '../accounts/account-rules.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuditContext } from '../audit/audit-log.js';

/** 36^9 ≈ 10^14 ids: a second clash in a row means something other than bad luck is wrong. */
export const SCID_ATTEMPTS = 5;

export interface NewServiceInput {
  readonly customerId: string;
  readonly name: string;
  readonly product: string;
  readonly random: RandomBytes;
  readonly audit: AuditContext;
}

export async function createService(db: Kysely<Database>, input: NewServiceInput): Promise<ServiceRow> {
  for (let attempt = 1; attempt <= SCID_ATTEMPTS; attempt++) {
    const row: ServiceRow = { scid: generateScid(input.random), access_group_id: input.customerId, name: input.name, product: input.product, created_at: input.audit.nowMs };
    try {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('services').values(row).execute();
        await recordAudit(trx, input.audit, { accessGroupId: input.customerId, action: 'service.create', targetType: 'service', targetId: row.scid, after: { scid: row.scid, name: row.name, product: row.product } });
      });
      return row;
    } catch (error) {
      if (constraintViolation(error) !== 'unique') throw error;
    }
  }
  throw new Error(`no free SCID after ${SCID_ATTEMPTS} attempts`);
}
