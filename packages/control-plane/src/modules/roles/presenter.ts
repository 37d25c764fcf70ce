// Role rows → the contract's Role (house rule 6). Built-in names come from code in the reader's language.
import type { Language, RoleView } from '@candela/contract';
import type { RoleRow } from '../../db/schema.js';
import { roleFromRow } from '../../auth/caller.js';
import { BUILT_IN_ROLES } from '../access/permissions.js';
import { roleName } from '../accounts/session-presenter.js';

const BUILT_IN_ORDER: readonly string[] = Object.keys(BUILT_IN_ROLES);

export function presentRole(row: RoleRow, language: Language, assignable: boolean): RoleView {
  return { id: row.id, name: roleName(row, language), builtIn: row.built_in === 1, permissions: [...roleFromRow(row).permissions], assignable };
}

/** Built-in roles first, strongest first (the order of BUILT_IN_ROLES), then custom roles by name. */
export function sortRoles(rows: readonly RoleRow[]): RoleRow[] {
  const rank = (row: RoleRow) => (row.built_in === 1 ? BUILT_IN_ORDER.indexOf(row.id) : BUILT_IN_ORDER.length);
  return [...rows].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}
