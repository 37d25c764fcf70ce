// Pure helpers over the access-group tree the API returns.
import type { AccessGroupNode } from '../api/types';

export interface FlatGroup {
  readonly group: AccessGroupNode;
  readonly depth: number;
  readonly parent: AccessGroupNode | null;
}

/** Depth-first, parents before children: the order of an indented list. */
export function flattenTree(roots: readonly AccessGroupNode[]): FlatGroup[] {
  const out: FlatGroup[] = [];
  const visit = (group: AccessGroupNode, depth: number, parent: AccessGroupNode | null): void => {
    out.push({ group, depth, parent });
    for (const child of group.children) visit(child, depth + 1, group);
  };
  for (const root of roots) visit(root, 0, null);
  return out;
}

export function findGroup(roots: readonly AccessGroupNode[], id: string): FlatGroup | undefined {
  return flattenTree(roots).find((entry) => entry.group.id === id);
}
