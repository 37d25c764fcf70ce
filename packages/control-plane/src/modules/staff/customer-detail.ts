// One customer for the staff console's customer page (GET /staff/customers/{id}): its group tree, the
// services it owns and its account team, read for that customer alone rather than for every customer.
import type { Kysely } from 'kysely';
import type { CustomerDetail } from '@candela/contract';
import { notFound } from '../../api/api-error.js';
import type { AccessGroupRow, Database } from '../../db/schema.js';
import type { AccessGroupTree } from '../access/permissions.js';
import { presentService, presentTree } from '../access-groups/presenter.js';
import { groupsByIds, scidsByGroup } from '../access-groups/repository.js';
import { descendantsOf } from '../access-groups/subtree.js';
import { contactsOf } from '../contacts/repository.js';
import { presentAccountTeam } from '../contacts/presenter.js';
import { servicesOfCustomer, userCounts } from './customer-repository.js';
import { presentCustomer } from './presenter.js';

export async function loadCustomerDetail(db: Kysely<Database>, customer: AccessGroupRow, tree: AccessGroupTree): Promise<CustomerDetail> {
  const ids = [customer.id, ...descendantsOf(customer.id, tree)];
  const [groups, scids, services, contacts, users] = await Promise.all([
    groupsByIds(db, ids),
    scidsByGroup(db, ids),
    servicesOfCustomer(db, customer.id),
    contactsOf(db, customer.id),
    userCounts(db, [customer.id], tree),
  ]);
  const group = presentTree(groups, scids).find((node) => node.id === customer.id);
  // Only when the customer was deleted between finding it and reading its groups: it is gone now.
  if (group === undefined) throw notFound();
  return {
    ...presentCustomer(customer, { services: services.length, users: users.get(customer.id) ?? 0 }),
    group,
    services: services.map(presentService),
    team: presentAccountTeam(customer.id, contacts),
  };
}
