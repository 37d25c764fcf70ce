// The control plane's tables as Kysely sees them (domain.md §1 and §8). Every column has the same JS shape
// on SQLite and PostgreSQL: ids and enums are strings, timestamps are epoch-ms numbers (`*_at`; the pg
// pool parses int8 as a number, see database.ts), booleans are integers 0/1 (better-sqlite3 cannot bind
// JS booleans, so one representation for both), JSON is text the repository parses. No timestamp has a
// database default: the clock is passed in (house rule 1), so the caller always supplies them.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ConfigurationTables } from './schema-configurations.js';
import type { InvalidationTables } from './schema-invalidations.js';

/** Set on insert, never changed afterwards (ids, creation times, owners). */
type Fixed<T> = ColumnType<T, T, never>;

/** An integer 0/1 flag; see the header for why not a boolean. */
export type Flag = 0 | 1;

export type Language = 'es' | 'en';
export type UserStatus = 'active' | 'inactive' | 'disabled' | 'expired';
export type StaffRole = 'tsc-technician' | 'bcc-specialist' | 'account-manager' | 'sales-engineer' | 'platform-operator';
export type ApiKeyStatus = 'active' | 'disabled' | 'deleted';
export type ContactKind =
  | 'account_manager'
  | 'sales_engineer_data'
  | 'sales_engineer_data_center'
  | 'sales_engineer_voice'
  | 'bcc'
  | 'tsc';

/** The access-group tree. A customer number is set only on top-level groups (a CHECK says so). */
export interface AccessGroupsTable {
  id: Fixed<string>;
  parent_id: Fixed<string | null>;
  name: string;
  customer_number: string | null;
  created_at: Fixed<number>;
}

/** One caching service; `scid` is 9 upper-case alphanumerics (validated by isScid before insert). */
export interface ServicesTable {
  scid: Fixed<string>;
  /** The group the service belongs to (domain.md: "An SCID belongs to one AG"). */
  access_group_id: Fixed<string>;
  name: string;
  product: string;
  created_at: Fixed<number>;
}

/**
 * The services a child group holds: a subset of its parent's (the service layer checks the subset rule).
 * The owning group's own services are those whose services.access_group_id is that group; they are not
 * repeated here.
 */
export interface AccessGroupServicesTable {
  access_group_id: Fixed<string>;
  scid: Fixed<string>;
}

export interface UsersTable {
  id: Fixed<string>;
  /** Stored lower-cased (a CHECK enforces it), so the unique index is case-insensitive. */
  email: string;
  display_name: string;
  language: Language;
  status: UserStatus;
  /** Null until the invited user sets a password. */
  password_hash: string | null;
  failed_sign_ins: Generated<number>;
  locked_until_at: number | null;
  /** The last failure of the current streak (account-rules.ts forgets a streak after 30 quiet minutes). */
  last_failed_sign_in_at: number | null;
  last_sign_in_at: number | null;
  /** Set only for the operator's own people; customers have null. */
  staff_role: StaffRole | null;
  reactivated_at: number | null;
  created_at: Fixed<number>;
}

/** Built-in roles have access_group_id null and built_in 1; custom roles belong to one group (a CHECK). */
export interface RolesTable {
  id: Fixed<string>;
  access_group_id: Fixed<string | null>;
  name: string;
  built_in: Fixed<Flag>;
  /** JSON array of permission names (modules/access/permissions.ts). */
  permissions: string;
}

/** A user holds one role per access group. */
export interface UserRolesTable {
  user_id: Fixed<string>;
  access_group_id: Fixed<string>;
  role_id: string;
}

export interface ApiKeysTable {
  id: Fixed<string>;
  access_group_id: Fixed<string>;
  role_id: string;
  name: string;
  contact: string;
  notes: string;
  secret_hash: string;
  secret_sealed: string;
  warned_at: number | null;
  status: ApiKeyStatus;
  last_used_at: number | null;
  created_at: Fixed<number>;
  regenerated_at: number | null;
  /** When an admin last enabled the key again; restarts the inactivity clock. */
  reactivated_at: number | null;
}

/**
 * Append-only. No foreign keys on purpose: the log must outlive (and never block the deletion of) the
 * users, keys and groups it talks about.
 */
export interface AuditLogTable {
  id: Fixed<string>;
  at: Fixed<number>;
  actor_user_id: Fixed<string | null>;
  /** The mimicked user when an admin acts as someone else: the action is recorded under both names. */
  acting_as_user_id: Fixed<string | null>;
  api_key_id: Fixed<string | null>;
  access_group_id: Fixed<string | null>;
  action: Fixed<string>;
  target_type: Fixed<string>;
  target_id: Fixed<string>;
  before_json: Fixed<string | null>;
  after_json: Fixed<string | null>;
  request_id: Fixed<string>;
}

export interface SessionsTable {
  /** A hash of the session token, so a leaked database row cannot be replayed as a cookie. */
  id: Fixed<string>;
  user_id: Fixed<string>;
  mimic_user_id: string | null;
  csrf_token: string;
  created_at: Fixed<number>;
  expires_at: number;
}

export interface MailOutboxTable {
  id: Fixed<string>;
  to_address: Fixed<string>;
  language: Fixed<Language>;
  template: Fixed<string>;
  subject: Fixed<string>;
  body_text: Fixed<string>;
  body_html: Fixed<string | null>;
  created_at: Fixed<number>;
  sent_at: number | null;
  attempts: Generated<number>;
  last_error: string | null;
  /**
   * The sender (one per control-plane process) that last claimed the message; null until first claimed.
   * Claims keep several processes from sending one message twice (jobs/mail-sender.ts).
   */
  claimed_by: string | null;
  /**
   * Epoch ms until which no other sender may claim the message: the end of a sender's lease while it
   * sends, or the time of the next attempt after a failure. Null or past: free to claim.
   */
  claimed_until: number | null;
}

/** A customer's account team and support contacts (domain.md §8). */
export interface ContactsTable {
  id: Fixed<string>;
  access_group_id: Fixed<string>;
  kind: ContactKind;
  /** ISO 3166-1 alpha-2, for the per-country TSC contacts; null otherwise. */
  country: string | null;
  name: string;
  email: string;
  phone: string | null;
  /** Free text such as "24×7" or "Mon–Fri 9–18 (GMT-5)". */
  hours: string | null;
}

export type UserTokenPurpose = 'invitation' | 'password-reset';

/** A one-time link mailed to a user; `id` is the SHA-256 of the token in the link. */
export interface UserTokensTable {
  id: Fixed<string>;
  user_id: Fixed<string>;
  purpose: Fixed<UserTokenPurpose>;
  created_at: Fixed<number>;
  expires_at: Fixed<number>;
  used_at: number | null;
}

export interface Database extends ConfigurationTables, InvalidationTables {
  access_groups: AccessGroupsTable;
  services: ServicesTable;
  access_group_services: AccessGroupServicesTable;
  users: UsersTable;
  roles: RolesTable;
  user_roles: UserRolesTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  sessions: SessionsTable;
  mail_outbox: MailOutboxTable;
  contacts: ContactsTable;
  user_tokens: UserTokensTable;
}

export type AccessGroupRow = Selectable<AccessGroupsTable>;
export type NewAccessGroup = Insertable<AccessGroupsTable>;
export type AccessGroupUpdate = Updateable<AccessGroupsTable>;
export type ServiceRow = Selectable<ServicesTable>;
export type NewService = Insertable<ServicesTable>;
export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type RoleRow = Selectable<RolesTable>;
export type NewRole = Insertable<RolesTable>;
export type UserRoleRow = Selectable<UserRolesTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type NewApiKey = Insertable<ApiKeysTable>;
export type ApiKeyUpdate = Updateable<ApiKeysTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLogEntry = Insertable<AuditLogTable>;
export type SessionRow = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;
export type MailOutboxRow = Selectable<MailOutboxTable>;
export type NewMail = Insertable<MailOutboxTable>;
export type ContactRow = Selectable<ContactsTable>;
export type NewContact = Insertable<ContactsTable>;
export type UserTokenRow = Selectable<UserTokensTable>;
