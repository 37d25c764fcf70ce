// The operator's staff console (domain.md §1 staff roles): customers (top-level access groups with a
// customer number) and their services (SCIDs).
import { z } from 'zod';
import { accessGroupNodeSchema, groupNameSchema, serviceSchema } from './access-groups.js';
import { accountTeamSchema } from './contacts.js';
import { pageQueryShape, pageSchema } from './paging.js';

/**
 * domain.md §1: a top-level access group maps to one customer number (the billing entity). Kept in
 * upper case so "c-1001" and "C-1001" cannot become two customers.
 */
export const customerNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{0,39}$/, 'customerNumber.format');

export const customerSummarySchema = z.object({
  /** The customer's top-level access group. */
  id: z.string(),
  name: z.string(),
  customerNumber: z.string(),
  /** The SCIDs the customer owns. */
  serviceCount: z.number().int(),
  /** Distinct users holding a role on any group of the customer's tree. */
  userCount: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type CustomerSummary = z.output<typeof customerSummarySchema>;

export const customerListSchema = pageSchema(customerSummarySchema);

/**
 * One customer as the staff console's customer page shows it, in one answer, so the page need not load
 * every customer's tree and services to show one. Reading it is audited as a staff read (domain.md §1
 * "Audit log"): the customer's admins see in their own log that operator staff looked.
 */
export const customerDetailSchema = customerSummarySchema.extend({
  /** The customer's top-level group with every group below it, each with the SCIDs it holds. */
  group: accessGroupNodeSchema,
  /** Every service (SCID) the customer owns, by SCID; child groups only hold subsets of these. */
  services: z.array(serviceSchema),
  /** domain.md §8: the account team and TSC contacts. */
  team: accountTeamSchema,
});
export type CustomerDetail = z.output<typeof customerDetailSchema>;

export const customerListQuerySchema = z.strictObject({
  ...pageQueryShape,
  /** Part of the name or of the customer number, case-insensitive. */
  q: z.string().trim().min(1).max(100).optional(),
});

export const createCustomerBodySchema = z.strictObject({
  name: groupNameSchema,
  customerNumber: customerNumberSchema,
});

/** A product line such as "caching" or "streaming": lower-case words joined by "-". */
export const productSchema = z
  .string()
  .trim()
  .max(40)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'product.format');

export const createServiceBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  product: productSchema,
});
