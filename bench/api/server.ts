// The control plane under test, in a process of its own so the load generator never shares its event
// loop. Started by run.ts as
//
//   node --import tsx bench/api/server.ts --customers 50 --services 5 --users 3
//
// with CANDELA_DATA_DIR, CANDELA_DATABASE_URL, CANDELA_PORT=0 … in the environment and an IPC channel.
// It migrates, seeds the organisation (seed.ts), listens, and sends one `ready` message with its URL and
// the seeded users. Afterwards it answers `snapshot` messages with its cumulative CPU time, event-loop
// utilisation, event-loop delay and GC pauses, so run.ts can tell how busy the server's single thread was.
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig, startControlPlane } from '@candela/control-plane';
import { closeOnStop, runChildMain } from '../shared/child-lifecycle.js';
import { seedOrganisation } from './seed.js';
import type { SeededUser } from './seed.js';

export interface ServerSnapshot {
  type: 'snapshot';
  /** process.cpuUsage(): user + system, all threads, ms since start. */
  cpuMs: number;
  /** Cumulative event-loop idle / active time (performance.eventLoopUtilization), ms. */
  loopIdleMs: number;
  loopActiveMs: number;
  /** Event-loop delay since the previous snapshot (timer lateness sampled every 10 ms), ms. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Garbage-collection pauses since the previous snapshot: count, total and longest, ms. */
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  heapUsedBytes: number;
  rssBytes: number;
}

export type ServerMessage =
  | { type: 'ready'; url: string; dialect: string; users: SeededUser[]; seedMs: number }
  | ServerSnapshot
  | { type: 'failed'; error: string };

function send(message: ServerMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '50' },
      services: { type: 'string', default: '5' },
      users: { type: 'string', default: '3' },
    },
  });
  const shape = { customers: Number(values.customers), servicesPerCustomer: Number(values.services), usersPerCustomer: Number(values.users) };
  const config = loadConfig(process.env);
  let users: SeededUser[] = [];
  let seedMs = 0;
  let dialect = '';
  const plane = await startControlPlane(config, {
    beforeListen: async (handle) => {
      dialect = handle.dialect;
      const t0 = performance.now();
      users = await seedOrganisation(handle.db, shape, Date.now());
      seedMs = performance.now() - t0;
    },
  });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const gc = { count: 0, totalMs: 0, maxMs: 0 };
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count += 1;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  process.on('message', (message: unknown) => {
    if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'snapshot') return;
    const cpu = process.cpuUsage();
    const elu = performance.eventLoopUtilization();
    const memory = process.memoryUsage();
    send({
      type: 'snapshot',
      cpuMs: (cpu.user + cpu.system) / 1000,
      loopIdleMs: elu.idle,
      loopActiveMs: elu.active,
      loopDelayP99Ms: delay.percentile(99) / 1e6,
      loopDelayMaxMs: delay.max / 1e6,
      gcCount: gc.count,
      gcTotalMs: gc.totalMs,
      gcMaxMs: gc.maxMs,
      heapUsedBytes: memory.heapUsed,
      rssBytes: memory.rss,
    });
    delay.reset();
    Object.assign(gc, { count: 0, totalMs: 0, maxMs: 0 });
  });
  closeOnStop(() => {
    delay.disable();
    gcObserver.disconnect();
    return plane.close();
  });
  send({ type: 'ready', url: plane.url, dialect, users, seedMs });
}

runChildMain(main);
