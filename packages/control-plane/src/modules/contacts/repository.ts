// A customer's account team and TSC contacts in the database (domain.md §8), one row per person and role.
import type { Kysely } from 'kysely';
import type { ContactRow, Database } from '../../db/schema.js';

export async function contactsOf(db: Kysely<Database>, customerId: string): Promise<ContactRow[]> {
  return db.selectFrom('contacts').selectAll().where('access_group_id', '=', customerId).orderBy('kind').orderBy('country').orderBy('id').execute();
}

/** Replaces the whole set; run it in the transaction that records the change. */
export async function replaceContacts(db: Kysely<Database>, customerId: string, rows: readonly ContactRow[]): Promise<void> {
  await db.deleteFrom('contacts').where('access_group_id', '=', customerId).execute();
  if (rows.length > 0) await db.insertInto('contacts').values([...rows]).execute();
}
