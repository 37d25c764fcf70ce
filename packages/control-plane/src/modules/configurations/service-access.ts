// May the caller use a permission on a service (SCID)? Configurations belong to a service, and a service
// belongs to one access group (domain.md §1) but is also held by the child groups it was given to, whose
// users configure it too. So the answer is yes when requireGroup (auth/caller.ts) allows it on any group
// holding the service; otherwise 403 when the caller can see one of them, and 404 when they see none,
// which is what another customer's SCID is (tenant isolation).
import type { Kysely } from 'kysely';
import { ApiError, notFound } from '../../api/api-error.js';
import { requireGroup } from '../../auth/caller.js';
import type { Caller, GroupCheck } from '../../auth/caller.js';
import type { Database, ServiceRow } from '../../db/schema.js';
import type { Permission } from '../access/permissions.js';

export interface HeldService {
  readonly service: ServiceRow;
  /** The owning group first, then the child groups given the service. */
  readonly holders: readonly string[];
}

export async function findHeldService(db: Kysely<Database>, scid: string): Promise<HeldService | undefined> {
  const service = await db.selectFrom('services').selectAll().where('scid', '=', scid).executeTakeFirst();
  if (service === undefined) return undefined;
  const given = await db.selectFrom('access_group_services').select('access_group_id').where('scid', '=', scid).orderBy('access_group_id').execute();
  return { service, holders: [service.access_group_id, ...given.map((g) => g.access_group_id)] };
}

/** Throws 404 or 403 unless some group holding the service allows `permission` (or the staff capability). */
export function requireServiceAccess(caller: Caller, held: HeldService, permission: Permission, check: GroupCheck = {}): void {
  let forbidden = false;
  for (const groupId of held.holders) {
    try {
      requireGroup(caller, groupId, permission, check);
      return;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'FORBIDDEN') forbidden = true;
    }
  }
  throw forbidden ? new ApiError('FORBIDDEN') : notFound();
}
