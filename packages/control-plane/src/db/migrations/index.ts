// Every migration, listed by hand. No directory scan: the esbuild bundle (dist/candela.mjs) has no
// migrations folder to scan, and an explicit list makes a forgotten import a type error, not a silent gap.
// Names are YYYYMMDDHHmm_verb_object; Kysely runs them in name order.
import type { Migration, MigrationProvider } from 'kysely';
import * as createAccounts from './202611280600_create_accounts.js';
import * as createConfigurations from './202611281400_create_configurations.js';
import * as addMailOutboxClaims from './202611281405_add_mail_outbox_claims.js';
import * as createInvalidations from './202611291000_create_invalidations.js';
import * as addInvalidationEdgesCounted from './202611291300_add_invalidation_edges_counted.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '202611280600_create_accounts': createAccounts,
  '202611281400_create_configurations': createConfigurations,
  '202611281405_add_mail_outbox_claims': addMailOutboxClaims,
  '202611291000_create_invalidations': createInvalidations,
  '202611291300_add_invalidation_edges_counted': addInvalidationEdgesCounted,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};
