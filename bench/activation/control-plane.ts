// The control plane under test, in a process of its own (so neither the edges nor the runner share its
// event loop). Started by run.ts as
//
//   node --import tsx bench/activation/control-plane.ts
//
// with CANDELA_DATA_DIR, CANDELA_PORT=0, CANDELA_EDGE_ENROLMENT_TOKEN and, for the NATS transport,
// CANDELA_NATS_URL in the environment, and an IPC channel. It is the platform's own startControlPlane
// (migrations, activation watcher, NATS publisher when configured, the API); before listening it seeds one
// customer with one service and one domain admin (the control plane's test fixtures), then sends one
// `ready` message. SIGTERM, SIGINT or the parent going away close it.
import { loadConfig, startControlPlane } from '@candela/control-plane';
import { createCustomer, createUser, PASSWORD } from '../../packages/control-plane/src/test-support/fixtures.js';

export const BENCH_EMAIL = 'activation-bench@bench.example.com';

export type ControlPlaneMessage =
  | { type: 'ready'; url: string; enrolmentToken: string; scid: string; email: string; password: string; pid: number }
  | { type: 'failed'; error: string };

function send(message: ControlPlaneMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  let scid = '';
  const plane = await startControlPlane(config, {
    beforeListen: async (handle) => {
      const now = Date.now();
      const customer = await createCustomer(handle.db, { name: 'Activation bench', customerNumber: 'BENCH-ACT', services: 1, nowMs: now });
      scid = customer.scids[0] ?? '';
      await createUser(handle.db, { email: BENCH_EMAIL, grants: [{ groupId: customer.groupId, roleId: 'domain-admin' }], nowMs: now });
    },
  });
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    plane.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent went away (killed, crashed): never linger holding a port and a database.
  process.on('disconnect', stop);
  send({ type: 'ready', url: plane.url, enrolmentToken: plane.edgeEnrolmentToken, scid, email: BENCH_EMAIL, password: PASSWORD, pid: process.pid });
}

main().catch((error: unknown) => {
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 200);
});
