// Test data made through the database (customers, services, users with roles) and sign-in through the
// API, so route tests start from a known organisation in one or two lines.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import type { Database, StaffRole } from '../db/schema.js';
import { hashPassword } from '../modules/accounts/password-hash.js';
import type { TestApp } from './test-app.js';

export const PASSWORD = 'correct horse battery staple';

export interface Customer {
  readonly groupId: string;
  readonly scids: string[];
}

let serial = 0;
function nextScid(): string {
  serial += 1;
  return `T${String(serial).padStart(4, '0')}${randomUUID().replace(/-/g, '').slice(0, 4).toUpperCase()}`;
}

export async function createCustomer(db: Kysely<Database>, input: { name: string; customerNumber?: string; services?: number; nowMs: number }): Promise<Customer> {
  const groupId = `ag_${randomUUID()}`;
  await db.insertInto('access_groups').values({ id: groupId, parent_id: null, name: input.name, customer_number: input.customerNumber ?? `C-${randomUUID().slice(0, 8)}`, created_at: input.nowMs }).execute();
  const scids: string[] = [];
  for (let i = 0; i < (input.services ?? 2); i++) {
    const scid = nextScid();
    scids.push(scid);
    await db.insertInto('services').values({ scid, access_group_id: groupId, name: `${input.name} service ${i + 1}`, product: 'caching', created_at: input.nowMs }).execute();
  }
  return { groupId, scids };
}

export async function createChildGroup(db: Kysely<Database>, input: { parentId: string; name: string; scids: string[]; nowMs: number }): Promise<string> {
  const id = `ag_${randomUUID()}`;
  await db.insertInto('access_groups').values({ id, parent_id: input.parentId, name: input.name, customer_number: null, created_at: input.nowMs }).execute();
  if (input.scids.length > 0) await db.insertInto('access_group_services').values(input.scids.map((scid) => ({ access_group_id: id, scid }))).execute();
  return id;
}

// Hashing with argon2 is deliberately slow; every fixture user shares one hash of PASSWORD.
let passwordHash: Promise<string> | undefined;

export async function createUser(
  db: Kysely<Database>,
  input: { email: string; grants?: { groupId: string; roleId: string }[]; staffRole?: StaffRole; language?: 'es' | 'en'; nowMs: number; status?: 'active' | 'disabled' },
): Promise<string> {
  passwordHash ??= hashPassword(PASSWORD);
  const id = `usr_${randomUUID()}`;
  await db
    .insertInto('users')
    .values({ id, email: input.email.toLowerCase(), display_name: input.email.split('@')[0] ?? input.email, language: input.language ?? 'en', status: input.status ?? 'active', password_hash: await passwordHash, staff_role: input.staffRole ?? null, created_at: input.nowMs, locked_until_at: null, last_sign_in_at: null, last_failed_sign_in_at: null, reactivated_at: null })
    .execute();
  for (const grant of input.grants ?? []) await db.insertInto('user_roles').values({ user_id: id, access_group_id: grant.groupId, role_id: grant.roleId }).execute();
  return id;
}

/** A signed-in browser: the session cookie and the CSRF token, ready to spread into inject() options. */
export interface SignedIn {
  readonly headers: { cookie: string; 'x-csrf-token': string };
  readonly response: LightMyRequestResponse;
}

export async function signIn(t: TestApp, email: string, password = PASSWORD): Promise<SignedIn> {
  const response = await t.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'candela_session');
  if (cookie === undefined) throw new Error('no session cookie');
  const body = response.json<{ csrfToken: string }>();
  return { headers: { cookie: `candela_session=${cookie.value}`, 'x-csrf-token': body.csrfToken }, response };
}
