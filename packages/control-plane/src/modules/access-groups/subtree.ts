// Keeping domain.md §1's subset rule down the tree: when a group gives up a service, so do its children.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AccessGroupTree } from '../access/permissions.js';

/** Every group below `groupId` (not the group itself), in no particular order. */
export function descendantsOf(groupId: string, tree: AccessGroupTree): string[] {
  const children = new Map<string, string[]>();
  for (const [id, parent] of tree) if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), id]);
  const found: string[] = [];
  const queue = [...(children.get(groupId) ?? [])];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (found.includes(id)) continue; // a cycle cannot exist (FKs), but never loop on one
    found.push(id);
    queue.push(...(children.get(id) ?? []));
  }
  return found;
}

export async function removeFromDescendants(db: Kysely<Database>, descendants: readonly string[], keep: readonly string[]): Promise<void> {
  if (descendants.length === 0) return;
  let query = db.deleteFrom('access_group_services').where('access_group_id', 'in', [...descendants]);
  if (keep.length > 0) query = query.where('scid', 'not in', [...keep]);
  await query.execute();
}
