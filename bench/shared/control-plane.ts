// The control plane under test in the feed benchmarks (activation, invalidation), in a process of its own
// (so neither the edges nor the runner share its event loop). Started by fleet.ts as
//
//   node --import tsx bench/shared/control-plane.ts --name "Activation bench"
//
// with CANDELA_DATA_DIR, CANDELA_PORT=0, CANDELA_EDGE_ENROLMENT_TOKEN and, for the NATS transport,
// CANDELA_NATS_URL in the environment, and an IPC channel. It is the platform's own startControlPlane
// (migrations, activation and invalidation watchers, NATS publisher when configured, the API); before
// listening it seeds one customer with one service and one domain admin (the control plane's test
// fixtures), then sends one `ready` message. SIGTERM, SIGINT or the parent going away close it.
import { parseArgs } from 'node:util';
import { loadConfig, startControlPlane } from '@candela/control-plane';
import { createCustomer, createUser, PASSWORD } from '../../packages/control-plane/src/test-support/fixtures.js';
import { closeOnStop, runChildMain } from './child-lifecycle.js';

export type ControlPlaneMessage =
  | { type: 'ready'; url: string; enrolmentToken: string; scid: string; email: string; password: string; pid: number }
  | { type: 'failed'; error: string };

function send(message: ControlPlaneMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { name: { type: 'string', default: 'Feed bench' } } });
  const slug = values.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const email = `${slug}@bench.example.com`;
  const config = loadConfig(process.env);
  let scid = '';
  const plane = await startControlPlane(config, {
    beforeListen: async (handle) => {
      const now = Date.now();
      const customer = await createCustomer(handle.db, { name: values.name, customerNumber: 'BENCH-FEED', services: 1, nowMs: now });
      scid = customer.scids[0] ?? '';
      await createUser(handle.db, { email, grants: [{ groupId: customer.groupId, roleId: 'domain-admin' }], nowMs: now });
    },
  });
  closeOnStop(() => plane.close());
  send({ type: 'ready', url: plane.url, enrolmentToken: plane.edgeEnrolmentToken, scid, email, password: PASSWORD, pid: process.pid });
}

runChildMain(main);
