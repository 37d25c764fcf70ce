// The demo organisation `candela start` creates on a fresh data directory (issue 3): a customer (an
// access group with a customer number and one SCID), its domain admin, its account team, and staff users
// for the operator's side. Passwords are random and returned only when the users are created, so the
// start command prints them once; a second start finds the customer and creates nothing. Issue 4: the
// demo service also gets the demo configuration (demo-configuration.ts), active in production, serving
// the bundled demo origin; a data directory from before that gets it on its next start.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ContactKind, Database, StaffRole } from '../db/schema.js';
import { generateScid } from '../modules/accounts/account-rules.js';
import { hashPassword } from '../modules/accounts/password-hash.js';
import { seedDemoConfiguration } from './demo-configuration.js';
import type { DemoConfiguration, DemoOrigin } from './demo-configuration.js';

export const DEMO_CUSTOMER_NUMBER = 'DEMO-0001';

export interface DemoAccount {
  readonly email: string;
  readonly password: string;
  /** What the account is for, as printed. */
  readonly role: string;
}

/** Whether the organisation was created now (with the passwords, shown once), and the demo configuration. */
export type DemoSeed = ({ readonly created: false } | { readonly created: true; readonly groupId: string; readonly accounts: DemoAccount[] }) & {
  /** The demo service (SCID) the demo configuration belongs to. */
  readonly scid: string;
  readonly configuration: DemoConfiguration;
};

export interface DemoSeedOptions {
  /** Where the bundled demo origin listens: the demo configuration's origin. */
  readonly origin: DemoOrigin;
}

const STAFF: readonly { email: string; role: StaffRole; name: string; label: string }[] = [
  { email: 'tsc@candela.test', role: 'tsc-technician', name: 'Tomás Suárez (TSC)', label: 'TSC technician / Técnico TSC' },
  { email: 'bcc@candela.test', role: 'bcc-specialist', name: 'Beatriz Cano (BCC)', label: 'BCC specialist / Especialista BCC' },
  { email: 'am@candela.test', role: 'account-manager', name: 'Andrés Mora', label: 'Account manager / Gerente de cuenta' },
  // The only staff role that creates customers and services: without it the demo cannot show those forms.
  { email: 'ops@candela.test', role: 'platform-operator', name: 'Olga Ortiz (Operaciones)', label: 'Platform operator / Operador de plataforma' },
];

const CONTACTS: readonly { kind: ContactKind; country: string | null; name: string; email: string; phone: string | null; hours: string | null }[] = [
  { kind: 'account_manager', country: null, name: 'Andrés Mora', email: 'am@candela.test', phone: '+57 601 555 0100', hours: 'Lun–Vie 8–18 (GMT-5)' },
  { kind: 'sales_engineer_data', country: null, name: 'Daniela Ríos', email: 'se.data@candela.test', phone: null, hours: null },
  { kind: 'bcc', country: null, name: 'Beatriz Cano', email: 'bcc@candela.test', phone: '+57 601 555 0199', hours: 'Lun–Vie 8–18 (GMT-5)' },
  { kind: 'tsc', country: 'CO', name: 'TSC Colombia', email: 'tsc.co@candela.test', phone: '+57 601 555 0110', hours: '24×7' },
  { kind: 'tsc', country: 'MX', name: 'TSC México', email: 'tsc.mx@candela.test', phone: '+52 55 5555 0110', hours: '24×7' },
];

function newPassword(): string {
  return randomBytes(12).toString('base64url');
}

async function seedOrganisation(db: Kysely<Database>, nowMs: number): Promise<{ created: true; scid: string; groupId: string; accounts: DemoAccount[] }> {
  const groupId = `ag_${randomUUID()}`;
  const scid = generateScid((n) => randomBytes(n));
  const admin = { email: 'admin@demo.candela.test', password: newPassword() };
  const staff = STAFF.map((s) => ({ ...s, password: newPassword() }));
  const hashes = await Promise.all([admin, ...staff].map((u) => hashPassword(u.password)));
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('access_groups').values({ id: groupId, parent_id: null, name: 'Demo Media Co.', customer_number: DEMO_CUSTOMER_NUMBER, created_at: nowMs }).execute();
    await trx.insertInto('services').values({ scid, access_group_id: groupId, name: 'Demo video delivery', product: 'caching', created_at: nowMs }).execute();
    const users = [
      { email: admin.email, name: 'Demo Admin', role: null as StaffRole | null, language: 'es' as const },
      ...staff.map((s) => ({ email: s.email, name: s.name, role: s.role, language: 'es' as const })),
    ];
    for (const [index, u] of users.entries()) {
      const id = `usr_${randomUUID()}`;
      await trx
        .insertInto('users')
        .values({ id, email: u.email, display_name: u.name, language: u.language, status: 'active', password_hash: hashes[index] ?? null, staff_role: u.role, created_at: nowMs, locked_until_at: null, last_sign_in_at: null, last_failed_sign_in_at: null, reactivated_at: null })
        .execute();
      if (u.role === null) await trx.insertInto('user_roles').values({ user_id: id, access_group_id: groupId, role_id: 'domain-admin' }).execute();
    }
    await trx.insertInto('contacts').values(CONTACTS.map((c) => ({ id: `ct_${randomUUID()}`, access_group_id: groupId, ...c }))).execute();
  });
  return {
    created: true,
    scid,
    groupId,
    accounts: [{ email: admin.email, password: admin.password, role: 'Domain admin of Demo Media Co. / Administrador de dominio' }, ...staff.map((s) => ({ email: s.email, password: s.password, role: s.label }))],
  };
}

/** The demo's service: the first caching service of the demo customer. */
async function demoService(db: Kysely<Database>, groupId: string): Promise<string | undefined> {
  const row = await db.selectFrom('services').select('scid').where('access_group_id', '=', groupId).where('product', '=', 'caching').orderBy('created_at').orderBy('scid').limit(1).executeTakeFirst();
  return row?.scid;
}

export async function seedDemo(db: Kysely<Database>, nowMs: number, options: DemoSeedOptions): Promise<DemoSeed> {
  const existing = await db.selectFrom('access_groups').select('id').where('customer_number', '=', DEMO_CUSTOMER_NUMBER).executeTakeFirst();
  if (existing === undefined) {
    const organisation = await seedOrganisation(db, nowMs);
    const configuration = await seedDemoConfiguration(db, { scid: organisation.scid, groupId: organisation.groupId, origin: options.origin, nowMs });
    return { ...organisation, configuration };
  }
  const scid = await demoService(db, existing.id);
  if (scid === undefined) throw new Error(`the demo customer ${DEMO_CUSTOMER_NUMBER} has no caching service`);
  const configuration = await seedDemoConfiguration(db, { scid, groupId: existing.id, origin: options.origin, nowMs });
  return { created: false, scid, configuration };
}
