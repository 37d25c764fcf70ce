// The demo configuration `candela start` seeds for the demo customer's service (issue 4): one property
// serving the bundled demo origin under `localhost`, `127.0.0.1` and `demo.candela.test`, activated to
// production, so the edge at http://127.0.0.1:8080/ serves the demo right after the first start. It is
// written through the configurations repository and the activation transaction the API uses (same
// slots, aliases, feed snapshot and audit entries); the history names `candela start` as its author.
//
// Idempotent: a start that finds the configuration creates nothing, and activates it only if it never
// was (a start interrupted between the two). A data directory from before this seed gets it on its next
// start. An alias another configuration already holds in production leaves it inactive (reported, and
// the platform starts anyway).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { configurationDocumentSchema } from '@candela/contract';
import type { ConfigurationDocument } from '@candela/contract';
import { ApiError } from '../api/api-error.js';
import type { Database } from '../db/schema.js';
import { activate } from '../modules/activations/activate.js';
import { findConfiguration } from '../modules/activations/configuration-access.js';
import { recordAudit } from '../modules/audit/audit-log.js';
import { auditedVersion } from '../modules/configurations/presenter.js';
import { configurationsOfService, insertConfiguration, insertVersion, slotsOf } from '../modules/configurations/repository.js';
import type { ConfigurationRow } from '../modules/configurations/repository.js';

export const DEMO_CONFIGURATION_NAME = 'Demo site';
/** The aliases the demo property answers to; the first is its primary alias. */
export const DEMO_ALIASES: readonly string[] = ['localhost', '127.0.0.1', 'demo.candela.test'];
/** Who the version history and the activation history say made it. */
export const DEMO_AUTHOR = 'candela start (demo)';
const REQUEST_ID = 'candela-start:demo-seed';

/** Where the bundled demo origin listens (`candela start --origin-port`). */
export interface DemoOrigin {
  readonly host: string;
  readonly port: number;
}

/** The demo's document: the demo origin's own caching headers, and static assets kept for a day. */
export function demoDocument(origin: DemoOrigin): ConfigurationDocument {
  return configurationDocumentSchema.parse({
    properties: [
      {
        aliases: [...DEMO_ALIASES],
        origin: { protocol: 'http', host: origin.host, port: origin.port },
        rules: [
          {
            name: 'static assets for a day',
            match: { op: '*=', value: '/static/*' },
            behaviours: { cacheControl: { internal: { policy: 'ttl', ttl: '1d' } } },
          },
        ],
      },
    ],
  });
}

export interface DemoConfiguration {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  /** Created by this call (false: found from an earlier start). */
  readonly created: boolean;
  /** The feed seq of the production activation this call made; undefined when it made none. */
  readonly activatedSeq: number | undefined;
  /** Why this call could not activate it (an alias another configuration holds), if so. */
  readonly refused: string | undefined;
}

export interface DemoConfigurationInput {
  readonly scid: string;
  /** The group owning the service (audit entries go there). */
  readonly groupId: string;
  readonly origin: DemoOrigin;
  readonly nowMs: number;
}

async function createDemoConfiguration(db: Kysely<Database>, input: DemoConfigurationInput): Promise<ConfigurationRow> {
  const document = demoDocument(input.origin);
  const comment = `The bundled demo origin on ${input.origin.host}:${input.origin.port}`;
  const row: ConfigurationRow = { id: `cfg_${randomUUID()}`, scid: input.scid, name: DEMO_CONFIGURATION_NAME, latest_version: 1, created_by: DEMO_AUTHOR, created_at: input.nowMs };
  await db.transaction().execute(async (trx) => {
    await insertConfiguration(trx, row);
    await insertVersion(trx, { configuration_id: row.id, version: 1, document: JSON.stringify(document), comment, created_by: DEMO_AUTHOR, created_at: input.nowMs });
    await recordAudit(trx, { caller: undefined, requestId: REQUEST_ID, nowMs: input.nowMs }, {
      accessGroupId: input.groupId,
      action: 'configuration.create',
      targetType: 'configuration',
      targetId: row.id,
      after: { scid: input.scid, name: row.name, ...auditedVersion(1, document, comment) },
    });
  });
  return row;
}

export async function seedDemoConfiguration(db: Kysely<Database>, input: DemoConfigurationInput): Promise<DemoConfiguration> {
  const found = (await configurationsOfService(db, input.scid)).find((c) => c.name === DEMO_CONFIGURATION_NAME);
  const row = found ?? (await createDemoConfiguration(db, input));
  const result = { id: row.id, name: row.name, aliases: DEMO_ALIASES, created: found === undefined, activatedSeq: undefined, refused: undefined };
  // Activated once (or since by its users): what it serves is theirs to change now.
  if ((await slotsOf(db, [row.id])).has(row.id)) return result;
  const configuration = await findConfiguration(db, row.id);
  if (configuration === undefined) throw new Error(`the demo configuration ${row.id} vanished`);
  try {
    const activation = await activate(db, {
      configuration,
      request: { target: 'production', version: 1, comment: 'Demo configuration, activated on the first start' },
      caller: { system: DEMO_AUTHOR },
      requestId: REQUEST_ID,
      nowMs: input.nowMs,
    });
    return { ...result, activatedSeq: activation.feed_seq ?? undefined };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'ALIAS_CONFLICT') return { ...result, refused: 'another configuration holds one of its aliases in production' };
    throw error;
  }
}
