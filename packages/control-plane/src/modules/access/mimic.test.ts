import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAdminOfActorsGroup, mayMimic } from './mimic.js';
import type { MimicActor, MimicTarget } from './mimic.js';
import { BUILT_IN_ROLES } from './permissions.js';
import type { AccessGroupTree } from './permissions.js';

// Customer A: A ─ A1 ─ A11, A ─ A2.  Customer B: B.
const tree: AccessGroupTree = new Map([
  ['A', null],
  ['A1', 'A'],
  ['A11', 'A1'],
  ['A2', 'A'],
  ['B', null],
]);

const actor: MimicActor = {
  userId: 'admin-a1',
  customerId: 'A',
  grants: [{ accessGroupId: 'A1', role: BUILT_IN_ROLES.admin }],
  mimicking: false,
};

const editor: MimicTarget = {
  userId: 'editor',
  customerId: 'A',
  status: 'active',
  grants: [{ accessGroupId: 'A11', role: BUILT_IN_ROLES['configuration-editor'] }],
};

function decide(a: Partial<MimicActor>, t: Partial<MimicTarget>): ReturnType<typeof mayMimic> {
  return mayMimic({ actor: { ...actor, ...a }, target: { ...editor, ...t }, tree });
}

test('domain §1 mimic: an admin may view the portal as a user of their organisation', () => {
  assert.deepEqual(decide({}, {}), { allowed: true });
  assert.deepEqual(decide({}, { grants: [{ accessGroupId: 'A1', role: BUILT_IN_ROLES.reporting }] }), { allowed: true });
});

test('domain §1 mimic: not for expired, inactive or disabled users', () => {
  for (const status of ['expired', 'inactive', 'disabled'] as const) {
    assert.deepEqual(decide({}, { status }), { allowed: false, reason: 'TARGET_NOT_ACTIVE' }, status);
  }
});

test('domain §1 mimic: not for admins of the admin\'s own access group', () => {
  const peer = [{ accessGroupId: 'A1', role: BUILT_IN_ROLES.admin }];
  assert.deepEqual(decide({}, { grants: peer }), { allowed: false, reason: 'TARGET_IS_ADMIN_OF_ACTORS_GROUP' });
  const domainAdminHere = [{ accessGroupId: 'A1', role: BUILT_IN_ROLES['domain-admin'] }];
  assert.deepEqual(decide({}, { grants: domainAdminHere }), { allowed: false, reason: 'TARGET_IS_ADMIN_OF_ACTORS_GROUP' });
  assert.equal(isAdminOfActorsGroup(actor.grants, peer, tree), true);
});

test('domain §1 mimic: the admin of a child group may be mimicked', () => {
  const childAdmin = [{ accessGroupId: 'A11', role: BUILT_IN_ROLES.admin }];
  assert.equal(isAdminOfActorsGroup(actor.grants, childAdmin, tree), false);
  assert.deepEqual(decide({}, { grants: childAdmin }), { allowed: true });
});

test('domain §1 mimic: not across customers', () => {
  assert.deepEqual(decide({}, { customerId: 'B', grants: [{ accessGroupId: 'B', role: BUILT_IN_ROLES.reporting }] }), {
    allowed: false,
    reason: 'OTHER_CUSTOMER',
  });
});

test('domain §1 mimic: only admins mimic, and only users within their own groups', () => {
  const nonAdmin = [{ accessGroupId: 'A', role: BUILT_IN_ROLES['configuration-editor'] }];
  assert.deepEqual(decide({ grants: nonAdmin }, {}), { allowed: false, reason: 'NOT_AN_ADMIN' });
  // A user who also works in a sibling group would show the actor what the actor may not see.
  const wider = [...editor.grants, { accessGroupId: 'A2', role: BUILT_IN_ROLES.reporting }];
  assert.deepEqual(decide({}, { grants: wider }), { allowed: false, reason: 'TARGET_OUTSIDE_ACTORS_GROUPS' });
  // The admin of a parent group is outside the actor's reach (and an admin of the actor's group).
  const parentAdmin = [{ accessGroupId: 'A', role: BUILT_IN_ROLES.admin }];
  assert.deepEqual(decide({}, { grants: parentAdmin }), { allowed: false, reason: 'TARGET_OUTSIDE_ACTORS_GROUPS' });
  assert.equal(isAdminOfActorsGroup(actor.grants, parentAdmin, tree), true);
});

test('domain §1 mimic: not oneself, and not while already mimicking', () => {
  assert.deepEqual(decide({}, { userId: actor.userId }), { allowed: false, reason: 'SELF' });
  assert.deepEqual(decide({ mimicking: true }, {}), { allowed: false, reason: 'ALREADY_MIMICKING' });
});
