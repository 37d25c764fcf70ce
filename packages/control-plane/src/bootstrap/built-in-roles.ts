// The built-in roles live in code (permissions.ts) and are written to the roles table at every start, so
// user_roles can reference them and a release that changes a built-in role's permissions takes effect
// without a data migration.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { BUILT_IN_ROLES } from '../modules/access/permissions.js';

export async function syncBuiltInRoles(db: Kysely<Database>): Promise<void> {
  for (const role of Object.values(BUILT_IN_ROLES)) {
    const permissions = JSON.stringify(role.permissions);
    await db
      .insertInto('roles')
      .values({ id: role.id, access_group_id: null, name: role.name.en, built_in: 1, permissions })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: role.name.en, permissions }))
      .execute();
  }
}
