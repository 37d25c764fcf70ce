// Customer rows → the contract's CustomerSummary (house rule 6).
import type { CustomerSummary } from '@candela/contract';
import type { AccessGroupRow } from '../../db/schema.js';

export function presentCustomer(row: AccessGroupRow, counts: { services: number; users: number }): CustomerSummary {
  return {
    id: row.id,
    name: row.name,
    // Top-level groups always carry one (createCustomer sets it; the CHECK keeps it off child groups).
    customerNumber: row.customer_number ?? '',
    serviceCount: counts.services,
    userCount: counts.users,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
