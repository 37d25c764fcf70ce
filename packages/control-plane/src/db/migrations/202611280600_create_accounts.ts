// Accounts and access (domain.md §1 and §8): the first tables. Runs unchanged on SQLite and PostgreSQL, so
// only portable column types are used: text, integer, bigint (epoch-ms; SQLite gives it INTEGER affinity),
// and integer 0/1 for booleans. Enum lists are written out here rather than imported: a migration must
// keep doing what it did when it shipped, even after the TypeScript unions move on. Text primary keys
// say NOT NULL explicitly: SQLite, for historical reasons, lets a non-INTEGER primary key hold NULL.
import { sql } from 'kysely';
import type { Expression, Kysely, SqlBool } from 'kysely';

/** `column IN ('a', 'b', …)` for a CHECK constraint; values are inlined (DDL takes no parameters). */
function oneOf(column: string, values: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

const LANGUAGES = ['es', 'en'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('access_groups')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('parent_id', 'text', (c) => c.references('access_groups.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('customer_number', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // domain.md §1: a top-level group maps to one customer number; child groups have none.
    .addCheckConstraint('access_groups_customer_number_top_level', sql`parent_id is null or customer_number is null`)
    .execute();
  // Both databases let a unique index hold many NULLs, so only the numbers that are set must differ.
  await db.schema.createIndex('access_groups_customer_number_unique').on('access_groups').column('customer_number').unique().execute();
  await db.schema.createIndex('access_groups_parent_id').on('access_groups').column('parent_id').execute();

  await db.schema
    .createTable('services')
    .addColumn('scid', 'text', (c) => c.primaryKey().notNull())
    .addColumn('access_group_id', 'text', (c) => c.notNull().references('access_groups.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // domain.md §1: 9 upper-case alphanumerics. SQLite has no regular expressions; two-argument rtrim
    // exists in both and leaves '' only when every character is in the set.
    .addCheckConstraint(
      'services_scid_format',
      sql`length(scid) = 9 and rtrim(scid, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ') = ''`,
    )
    .execute();
  await db.schema.createIndex('services_access_group_id').on('services').column('access_group_id').execute();

  await db.schema
    .createTable('access_group_services')
    .addColumn('access_group_id', 'text', (c) => c.notNull().references('access_groups.id').onDelete('cascade'))
    .addColumn('scid', 'text', (c) => c.notNull().references('services.scid').onDelete('cascade'))
    .addPrimaryKeyConstraint('access_group_services_pk', ['access_group_id', 'scid'])
    .execute();
  await db.schema.createIndex('access_group_services_scid').on('access_group_services').column('scid').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until_at', 'bigint')
    .addColumn('last_sign_in_at', 'bigint')
    .addColumn('last_failed_sign_in_at', 'bigint')
    .addColumn('staff_role', 'text')
    /** An admin's reactivation restarts the 180-day inactivity clock (account-rules.ts userStatusAt). */
    .addColumn('reactivated_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // The unique index is case-insensitive only if every address is stored lower-cased; a repository that
    // forgets gets an error instead of a second account.
    .addCheckConstraint('users_email_lower_case', sql`email = lower(email)`)
    .addCheckConstraint('users_language', oneOf('language', LANGUAGES))
    .addCheckConstraint('users_status', oneOf('status', ['active', 'inactive', 'disabled', 'expired']))
    .addCheckConstraint(
      'users_staff_role',
      sql`staff_role is null or ${oneOf('staff_role', [
        'tsc-technician',
        'bcc-specialist',
        'account-manager',
        'sales-engineer',
        'platform-operator',
      ])}`,
    )
    .execute();
  await db.schema.createIndex('users_email_unique').on('users').column('email').unique().execute();

  await db.schema
    .createTable('roles')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('access_group_id', 'text', (c) => c.references('access_groups.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('built_in', 'integer', (c) => c.notNull())
    .addColumn('permissions', 'text', (c) => c.notNull())
    // Built-in roles are global; custom roles always belong to one group.
    .addCheckConstraint(
      'roles_built_in',
      sql`(built_in = 1 and access_group_id is null) or (built_in = 0 and access_group_id is not null)`,
    )
    .execute();
  await db.schema.createIndex('roles_access_group_id_name_unique').on('roles').columns(['access_group_id', 'name']).unique().execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('access_group_id', 'text', (c) => c.notNull().references('access_groups.id').onDelete('cascade'))
    // No cascade: a role still held by someone cannot be deleted from under them.
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id'))
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'access_group_id'])
    .execute();
  await db.schema.createIndex('user_roles_access_group_id').on('user_roles').column('access_group_id').execute();
  await db.schema.createIndex('user_roles_role_id').on('user_roles').column('role_id').execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('access_group_id', 'text', (c) => c.notNull().references('access_groups.id'))
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    // SHA-256 fingerprint of the secret (for the audit log and support), and the secret itself sealed
    // with AES-256-GCM under the server key: verifying an HMAC signature needs the plain secret.
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    /** When the 30-days-before-disable warning was mailed, so it goes once per idle period. */
    .addColumn('warned_at', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('regenerated_at', 'bigint')
    /** An admin's re-enabling restarts the 120/180-day inactivity clock (api-key-rules.ts idleSinceMs). */
    .addColumn('reactivated_at', 'bigint')
    .addCheckConstraint('api_keys_status', oneOf('status', ['active', 'disabled', 'deleted']))
    .execute();
  // Also serves the "at most 5 active keys per group" count.
  await db.schema.createIndex('api_keys_access_group_id_status').on('api_keys').columns(['access_group_id', 'status']).execute();
  await db.schema.createIndex('api_keys_role_id').on('api_keys').column('role_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('acting_as_user_id', 'text')
    .addColumn('api_key_id', 'text')
    .addColumn('access_group_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('request_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_access_group_id_at').on('audit_log').columns(['access_group_id', 'at']).execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_type', 'target_id']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('mimic_user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_mimic_user_id').on('sessions').column('mimic_user_id').execute();
  await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addCheckConstraint('mail_outbox_language', oneOf('language', LANGUAGES))
    .execute();
  // The sender's question: unsent mail, oldest first.
  await db.schema.createIndex('mail_outbox_sent_at_created_at').on('mail_outbox').columns(['sent_at', 'created_at']).execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('access_group_id', 'text', (c) => c.notNull().references('access_groups.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('hours', 'text')
    .addCheckConstraint(
      'contacts_kind',
      oneOf('kind', [
        'account_manager',
        'sales_engineer_data',
        'sales_engineer_data_center',
        'sales_engineer_voice',
        'bcc',
        'tsc',
      ]),
    )
    .execute();
  await db.schema.createIndex('contacts_access_group_id').on('contacts').column('access_group_id').execute();

  // One-time links mailed to users: an invitation (set the first password) or a password reset. Only a
  // hash of the token is kept, like sessions, so a leaked row cannot be used as a link.
  await db.schema
    .createTable('user_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addCheckConstraint('user_tokens_purpose', oneOf('purpose', ['invitation', 'password-reset']))
    .execute();
  await db.schema.createIndex('user_tokens_user_id').on('user_tokens').column('user_id').execute();
}

/** Children before parents, so no foreign key is left pointing at a dropped table. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'user_tokens',
    'contacts',
    'mail_outbox',
    'sessions',
    'audit_log',
    'api_keys',
    'user_roles',
    'roles',
    'users',
    'access_group_services',
    'services',
    'access_groups',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
