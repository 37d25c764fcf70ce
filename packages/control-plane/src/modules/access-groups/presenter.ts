// Rows → contract shapes for access groups and services (house rule 6).
import type { AccessGroupNode, Service } from '@candela/contract';
import type { AccessGroupRow, ServiceRow } from '../../db/schema.js';

export function presentService(row: ServiceRow): Service {
  return { scid: row.scid, name: row.name, product: row.product, accessGroupId: row.access_group_id };
}

/** Builds the visible forest: a group whose parent the caller cannot see becomes a root of its own. */
export function presentTree(groups: readonly AccessGroupRow[], scids: ReadonlyMap<string, string[]>): AccessGroupNode[] {
  const nodes = new Map<string, AccessGroupNode>(
    groups.map((g) => [g.id, { id: g.id, name: g.name, parentId: g.parent_id, customerNumber: g.customer_number, scids: scids.get(g.id) ?? [], children: [] }]),
  );
  const roots: AccessGroupNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent === undefined) roots.push(node);
    else parent.children.push(node);
  }
  return roots;
}
