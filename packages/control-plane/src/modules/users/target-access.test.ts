import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_ROLES } from '../access/permissions.js';
import type { AccessGroupTree, Grant } from '../access/permissions.js';
import { leavesCustomerWithoutDomainAdmin } from './domain-admin-guard.js';
import { targetAccess } from './target-access.js';

// top ─┬─ east
//      └─ west
const tree: AccessGroupTree = new Map([
  ['top', null],
  ['east', 'top'],
  ['west', 'top'],
  ['other', null],
]);
const grant = (accessGroupId: string, role: keyof typeof BUILT_IN_ROLES): Grant => ({ accessGroupId, role: BUILT_IN_ROLES[role] });
const visible = (...ids: string[]) => new Set(ids);

describe('targetAccess (who may act on a user account)', () => {
  it('a user with no role where the caller can see is invisible (404), even to a caller who could manage them', () => {
    const result = targetAccess({ callerGrants: [grant('east', 'admin')], visibleGroups: visible('east'), targetGrants: [grant('other', 'reporting')], tree, rule: 'manages' });
    assert.deepEqual(result, { ok: false, reason: 'INVISIBLE' });
  });

  it('seeing the user is not managing them: a reporting colleague is forbidden', () => {
    const result = targetAccess({ callerGrants: [grant('east', 'reporting')], visibleGroups: visible('east'), targetGrants: [grant('east', 'admin')], tree, rule: 'manages' });
    assert.deepEqual(result, { ok: false, reason: 'FORBIDDEN' });
  });

  it('“manages” needs users:manage on one of the target’s groups, and names it for the audit log', () => {
    const result = targetAccess({ callerGrants: [grant('east', 'admin')], visibleGroups: visible('east'), targetGrants: [grant('top', 'domain-admin'), grant('east', 'reporting')], tree, rule: 'manages' });
    assert.deepEqual(result, { ok: true, accessGroupId: 'east' });
  });

  it('“outranks” also needs every permission of every role the target holds, where they hold it', () => {
    const common = { visibleGroups: visible('east'), tree, rule: 'outranks' as const };
    assert.deepEqual(targetAccess({ ...common, callerGrants: [grant('east', 'admin')], targetGrants: [grant('top', 'domain-admin'), grant('east', 'reporting')] }), { ok: false, reason: 'FORBIDDEN' });
    assert.deepEqual(targetAccess({ ...common, callerGrants: [grant('east', 'admin')], targetGrants: [grant('east', 'reporting'), grant('west', 'reporting')] }), { ok: false, reason: 'FORBIDDEN' }, 'a role in a branch the caller does not run');
    assert.deepEqual(targetAccess({ ...common, callerGrants: [grant('top', 'admin')], targetGrants: [grant('east', 'reporting'), grant('west', 'billing')] }), { ok: true, accessGroupId: 'east' });
  });
});

describe('leavesCustomerWithoutDomainAdmin', () => {
  it('refuses to take the role from the last usable holder only', () => {
    assert.equal(leavesCustomerWithoutDomainAdmin([{ userId: 'a', status: 'active' }], 'a'), true);
    assert.equal(leavesCustomerWithoutDomainAdmin([{ userId: 'a', status: 'active' }, { userId: 'b', status: 'active' }], 'a'), false);
    assert.equal(leavesCustomerWithoutDomainAdmin([{ userId: 'a', status: 'active' }, { userId: 'b', status: 'disabled' }], 'a'), true, 'a disabled holder cannot take over');
    assert.equal(leavesCustomerWithoutDomainAdmin([{ userId: 'a', status: 'active' }], 'b'), false, 'someone who is no Domain admin loses nothing');
  });
});
