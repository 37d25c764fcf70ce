// Who may act on a configuration (domain.md §1): a permission on a group holding its SCID, the service's
// own group or a child group it was given to. Another customer's configuration does not exist for the
// caller (404); one they can see but not act on is 403. Staff read with their capability; only customers
// activate.
import type { Kysely } from 'kysely';
import { ApiError, notFound } from '../../api/api-error.js';
import type { Caller } from '../../auth/caller.js';
import { canSee } from '../../auth/caller.js';
import type { Database } from '../../db/schema.js';
import { can, staffMay } from '../access/permissions.js';
import type { Permission, StaffCapability } from '../access/permissions.js';

export interface ConfigurationRef {
  readonly id: string;
  readonly scid: string;
  readonly name: string;
  /** The group the service belongs to (audit entries go there). */
  readonly ownerGroupId: string;
  /** Every group holding the service: its own and those it was given to. */
  readonly groupIds: readonly string[];
}

export async function findConfiguration(db: Kysely<Database>, id: string): Promise<ConfigurationRef | undefined> {
  const row = await db
    .selectFrom('configurations as c')
    .innerJoin('services as s', 's.scid', 'c.scid')
    .select(['c.id', 'c.scid', 'c.name', 's.access_group_id'])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const given = await db.selectFrom('access_group_services').select('access_group_id').where('scid', '=', row.scid).execute();
  return { id: row.id, scid: row.scid, name: row.name, ownerGroupId: row.access_group_id, groupIds: [row.access_group_id, ...given.map((g) => g.access_group_id)] };
}

export function requireConfiguration(caller: Caller, configuration: ConfigurationRef, permission: Permission, staff?: StaffCapability): void {
  const present = configuration.groupIds.filter((g) => caller.tree.has(g));
  if (present.length === 0) throw notFound();
  if (staff !== undefined && staffMay(caller.staffRoles, staff)) return;
  if (!present.some((g) => canSee(caller, g))) throw notFound();
  if (!present.some((g) => can(caller.grants, permission, g, caller.tree))) throw new ApiError('FORBIDDEN');
}
