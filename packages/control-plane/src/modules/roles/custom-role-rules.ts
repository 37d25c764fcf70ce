// The checks of a custom role's body (domain.md §1 "custom roles"), turned into pointer problems.
import { hint } from '@candela/contract';
import type { Problem } from '@candela/contract';
import type { RoleRow } from '../../db/schema.js';
import { BUILT_IN_ROLES, checkCustomRolePermissions } from '../access/permissions.js';
import type { CustomRoleProblem, Permission } from '../access/permissions.js';

function problemHint(pointer: string, problem: CustomRoleProblem): Problem {
  switch (problem.code) {
    case 'EMPTY':
      return hint(pointer, 'role.noPermissions');
    case 'UNKNOWN_PERMISSION':
      return hint(pointer, 'role.unknownPermission', { permission: problem.permission });
    case 'RESERVED_PERMISSION':
      return hint(pointer, 'role.reservedPermission', { permission: problem.permission });
  }
}

/** Each problem at the position(s) of the offending entry, so the form can mark the right checkbox. */
export function permissionProblems(requested: readonly string[]): { ok: true; permissions: Permission[] } | { ok: false; problems: Problem[] } {
  const checked = checkCustomRolePermissions(requested);
  if (checked.ok) return checked;
  const problems = checked.problems.flatMap((problem): Problem[] => {
    if (problem.code === 'EMPTY') return [problemHint('/permissions', problem)];
    return requested.flatMap((p, index) => (p === problem.permission ? [problemHint(`/permissions/${index}`, problem)] : []));
  });
  return { ok: false, problems };
}

/**
 * A custom role's name must not repeat another role of the customer nor a built-in role's name in either
 * language (case-insensitively): the list would show two roles a person cannot tell apart.
 */
export function nameClashes(name: string, roles: readonly RoleRow[], exceptRoleId?: string): boolean {
  const wanted = name.trim().toLocaleLowerCase();
  const builtInNames = Object.values(BUILT_IN_ROLES).flatMap((r) => [r.name.es, r.name.en]);
  const customNames = roles.filter((r) => r.built_in === 0 && r.id !== exceptRoleId).map((r) => r.name);
  return [...builtInNames, ...customNames].some((n) => n.toLocaleLowerCase() === wanted);
}
