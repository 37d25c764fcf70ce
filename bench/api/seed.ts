// The benchmark's organisation, written straight into the freshly migrated database with the control
// plane's own test fixtures: N customers (top-level access groups), each with its services and users
// holding a built-in role on the customer's group. Every user shares the fixtures' PASSWORD.
import type { Kysely } from 'kysely';
import type { Database } from '../../packages/control-plane/src/db/schema.js';
import { createCustomer, createUser, PASSWORD } from '../../packages/control-plane/src/test-support/fixtures.js';

export { PASSWORD };

export interface SeedShape {
  customers: number;
  servicesPerCustomer: number;
  usersPerCustomer: number;
}

export interface SeededUser {
  email: string;
  roleId: string;
  /** How many services the user should see in GET /services (their customer's). */
  services: number;
}

/** The roles handed out in turn to a customer's users; all of them may read services and groups. */
const ROLES = ['domain-admin', 'admin', 'reporting'] as const;

export function userEmail(customer: number, user: number): string {
  return `user${user + 1}.customer${customer + 1}@bench.example.com`;
}

export async function seedOrganisation(db: Kysely<Database>, shape: SeedShape, nowMs: number): Promise<SeededUser[]> {
  const users: SeededUser[] = [];
  // One transaction: 50 × (1 + 5 + 3 × 2) single-row inserts commit once instead of 600 times.
  await db.transaction().execute(async (trx) => {
    for (let c = 0; c < shape.customers; c++) {
      const customer = await createCustomer(trx, {
        name: `Bench customer ${String(c + 1).padStart(3, '0')}`,
        customerNumber: `BENCH-${String(c + 1).padStart(4, '0')}`,
        services: shape.servicesPerCustomer,
        nowMs,
      });
      for (let u = 0; u < shape.usersPerCustomer; u++) {
        const roleId = ROLES[u % ROLES.length] ?? 'reporting';
        const email = userEmail(c, u);
        await createUser(trx, { email, grants: [{ groupId: customer.groupId, roleId }], nowMs });
        users.push({ email, roleId, services: customer.scids.length });
      }
    }
  });
  return users;
}
