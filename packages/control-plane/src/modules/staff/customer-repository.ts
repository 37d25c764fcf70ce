// Customers in the database: top-level access groups with a customer number (domain.md §1), with the
// counts the staff console lists them by.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { AccessGroupRow, Database, ServiceRow } from '../../db/schema.js';
import type { AccessGroupTree } from '../access/permissions.js';
import { customerGroupOf } from '../access/permissions.js';

/** A top-level group, or undefined: a child group is not a customer, and neither is an unknown id. */
export async function findCustomer(db: Kysely<Database>, id: string): Promise<AccessGroupRow | undefined> {
  return db.selectFrom('access_groups').selectAll().where('id', '=', id).where('parent_id', 'is', null).executeTakeFirst();
}

export interface CustomerPageQuery {
  /** Matched against the name and the customer number, case-insensitively. */
  readonly q?: string | undefined;
  /** The (name, id) of the last customer already seen. */
  readonly after?: readonly [name: string, id: string] | undefined;
  readonly limit: number;
}

/** `%`, `_` and the escape character itself match literally. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function pageCustomers(db: Kysely<Database>, query: CustomerPageQuery): Promise<{ rows: AccessGroupRow[]; more: boolean }> {
  let select = db.selectFrom('access_groups').selectAll().where('parent_id', 'is', null);
  if (query.q !== undefined) {
    const pattern = likePattern(query.q);
    select = select.where((eb) =>
      eb.or([
        eb(sql<string>`lower(name)`, 'like', sql<string>`${pattern} escape '\\'`),
        eb(sql<string>`lower(customer_number)`, 'like', sql<string>`${pattern} escape '\\'`),
      ]),
    );
  }
  const after = query.after;
  if (after !== undefined) {
    const [name, id] = after;
    select = select.where((eb) => eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]));
  }
  const rows = await select.orderBy('name').orderBy('id').limit(query.limit + 1).execute();
  return { rows: rows.slice(0, query.limit), more: rows.length > query.limit };
}

/** The services a customer owns, by SCID (child groups hold subsets of these, never others). */
export async function servicesOfCustomer(db: Kysely<Database>, customerId: string): Promise<ServiceRow[]> {
  return db.selectFrom('services').selectAll().where('access_group_id', '=', customerId).orderBy('scid').execute();
}

/** Services each customer owns (child groups only hold subsets of these, so they are not counted again). */
export async function serviceCounts(db: Kysely<Database>, customerIds: readonly string[]): Promise<Map<string, number>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('services')
    .select(['access_group_id', (eb) => eb.fn.countAll<string | number>().as('count')])
    .where('access_group_id', 'in', [...customerIds])
    .groupBy('access_group_id')
    .execute();
  // PostgreSQL returns count(*) as a bigint string.
  return new Map(rows.map((r) => [r.access_group_id, Number(r.count)]));
}

/** Distinct users with a role anywhere in each customer's tree. */
export async function userCounts(db: Kysely<Database>, customerIds: readonly string[], tree: AccessGroupTree): Promise<Map<string, number>> {
  const wanted = new Set(customerIds);
  const groups = [...tree.keys()].filter((id) => wanted.has(customerGroupOf(id, tree) ?? ''));
  const users = new Map<string, Set<string>>(customerIds.map((id) => [id, new Set()]));
  if (groups.length === 0) return new Map(customerIds.map((id) => [id, 0]));
  const rows = await db.selectFrom('user_roles').select(['user_id', 'access_group_id']).where('access_group_id', 'in', groups).execute();
  for (const row of rows) users.get(customerGroupOf(row.access_group_id, tree) ?? '')?.add(row.user_id);
  return new Map([...users].map(([id, set]) => [id, set.size]));
}

/** Compared upper-cased: numbers are stored that way, but rows made before that rule may not be. */
export async function customerNumberTaken(db: Kysely<Database>, customerNumber: string): Promise<boolean> {
  const row = await db
    .selectFrom('access_groups')
    .select('id')
    .where(sql<string>`upper(customer_number)`, '=', customerNumber.toUpperCase())
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertCustomer(db: Kysely<Database>, row: { id: string; name: string; customerNumber: string; nowMs: number }): Promise<void> {
  await db.insertInto('access_groups').values({ id: row.id, parent_id: null, name: row.name, customer_number: row.customerNumber, created_at: row.nowMs }).execute();
}
