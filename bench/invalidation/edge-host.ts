// A process hosting some of the invalidation benchmark's edges (bench/shared/edge-fleet.ts: complete edges
// in feed mode, each with its own listeners, data dir and feed connection). Started by run.ts as
//
//   node --max-old-space-size=… --import tsx bench/invalidation/edge-host.ts --control-plane URL --first 0
//        --count 10 --data-dir DIR --alias bench.example.test --tiers memory --memory-mb 114 --disk-mb 16
//
// with CANDELA_EDGE_ENROLMENT_TOKEN in the environment and an IPC channel.
//
// Commands (IPC, each answered once for the whole host, in order):
//   { type: 'fill', cmd, objects, pattern }  each edge waits until its feed has caught up (until then it
//       revalidates every hit), then stores objects 0 … objects − 1 (edge-store.ts) → `filled`
//   { type: 'refill', cmd, checked, collect }  each edge stores the objects the pattern matches afresh (and,
//       memory tier only, drops the disk copy the pipeline wrote of the `checked` objects the runner
//       fetched); with `collect`, the host then runs a full GC (started with --expose-gc) → `refilled`
//
// What it reports on its own: `invalidated` when an edge has applied a feed invalidation. The moments are
// taken where the edge's feed client applies it: runEdge hands the client `(order) =>
// node.invalidateFromFeed(order, now())`, so wrapping the node's method sees the call start (`startedAtMs`),
// its return (`inForceAtMs`: the invalidation is in force, every lookup from then on applies it, and the
// feed client acks that at once) and its sweep's end (`appliedAtMs`: every matched entry in every tier is
// marked or removed). The feed client then logs `feed: invalidation <id> (event <seq>) applied to <n>
// objects` (before keeping its cursor on disk and acking the count), which names the request;
// `refused` when it logs that it refused one. Times are performance.timeOrigin + performance.now(),
// comparable between the processes of one machine.
import { parseArgs } from 'node:util';
import type { RunningEdge } from '@candela/edge';
import type { FeedInvalidation, FeedInvalidationInForce } from '../../packages/edge/src/purge/feed-invalidation.js';
import { intArg } from '../shared/args.js';
import { runChildMain } from '../shared/child-lifecycle.js';
import { wallClockMs } from '../shared/clock.js';
import { edgeName, HOST_OPTIONS, hostArgs, startFeedEdge, startHostedEdges } from '../shared/edge-fleet.js';
import type { HostArgs, HostedEdge } from '../shared/edge-fleet.js';
import { EdgeObjects } from './edge-store.js';
import type { StoreState } from './edge-store.js';
import { matchingObjects, TIERS } from './objects.js';
import type { Tiers } from './objects.js';

export type { HostedEdge, StoreState };

export type EdgeHostCommand = { type: 'fill'; cmd: number; objects: number; pattern: string } | { type: 'refill'; cmd: number; checked: number[]; collect: boolean };

/** The host's process memory after a fill or refill: what 100,000 objects per edge cost. */
export interface HostMemory {
  rssBytes: number;
  heapUsedBytes: number;
}

export type EdgeHostMessage =
  | { type: 'ready'; edges: HostedEdge[]; pid: number }
  | { type: 'filled'; cmd: number; edges: StoreState[]; memory: HostMemory }
  | { type: 'refilled'; cmd: number; edges: StoreState[]; memory: HostMemory }
  | { type: 'invalidated'; index: number; id: string; seq: number; matched: number; startedAtMs: number; inForceAtMs: number; appliedAtMs: number }
  | { type: 'refused'; index: number; id: string; seq: number; problem: string }
  | { type: 'failed'; error: string };

/** A full collection now (options.ts refillGc says why); the runner starts the host with --expose-gc. */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('refill-gc asked, but this host was not started with --expose-gc');
  gc();
}

function send(message: EdgeHostMessage): void {
  process.send?.(message);
}

const APPLIED = /^feed: invalidation (\S+) \(event (\d+)\) applied to (\d+) objects/;
const REFUSED = /^feed: invalidation (\S+) \(event (\d+)\) refused: (.*)$/;

interface HostOptions {
  alias: string;
  tiers: Tiers;
  memoryMb: number;
  diskMb: number;
}

async function startEdge(args: HostArgs, o: HostOptions, index: number): Promise<{ edge: RunningEdge; hosted: HostedEdge; objects: EdgeObjects }> {
  // The last apply's moments, read when the feed client's log line names the invalidation. One edge's
  // feed events are handled one at a time, in seq order, so the line always follows its own apply.
  let last: { startedAtMs: number; inForceAtMs: number; appliedAtMs: number } | undefined;
  const started = await startFeedEdge({
    args,
    index,
    memoryMb: o.memoryMb,
    diskMb: o.diskMb,
    log: (line) => {
      const applied = APPLIED.exec(line);
      if (applied !== null) {
        const at = last ?? { startedAtMs: wallClockMs(), inForceAtMs: wallClockMs(), appliedAtMs: wallClockMs() };
        last = undefined;
        send({ type: 'invalidated', index, id: applied[1] ?? '', seq: Number(applied[2]), matched: Number(applied[3]), ...at });
        return;
      }
      const refused = REFUSED.exec(line);
      if (refused !== null) send({ type: 'refused', index, id: refused[1] ?? '', seq: Number(refused[2]), problem: refused[3] ?? '' });
      // The rest (connected, caught up, snapshots in force) goes to the host's log file.
      process.stderr.write(`[${edgeName(index)}] ${line}\n`);
    },
  });
  // Wrapped right after runEdge returned: the feed client needs I/O before it can apply anything.
  const node = started.edge.node;
  const invalidate = node.invalidateFromFeed.bind(node);
  node.invalidateFromFeed = (order: FeedInvalidation, beforeMs: number): FeedInvalidationInForce => {
    const startedAtMs = wallClockMs();
    const inForce = invalidate(order, beforeMs);
    const inForceAtMs = wallClockMs();
    return {
      sweep: async () => {
        const result = await inForce.sweep();
        if ('requests' in order) last = { startedAtMs, inForceAtMs, appliedAtMs: wallClockMs() };
        return result;
      },
    };
  };
  return { ...started, objects: new EdgeObjects(index, started.edge, o.alias, o.tiers) };
}

/** Until the edge's feed says it has caught up, hits are revalidated (pipeline/cache-hold.ts): no fill before. */
async function caughtUp(s: { edge: RunningEdge }, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (s.edge.feed?.status().caughtUp !== true) {
    if (Date.now() > deadline) throw new Error(`the feed of ${s.edge.node.opts.edgeId} did not catch up within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function memory(): HostMemory {
  const m = process.memoryUsage();
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ...HOST_OPTIONS,
      alias: { type: 'string' },
      tiers: { type: 'string', default: 'memory' },
      'memory-mb': { type: 'string', default: '16' },
      'disk-mb': { type: 'string', default: '16' },
    },
  });
  const args = hostArgs(values);
  if (values.alias === undefined || !(TIERS as readonly string[]).includes(values.tiers)) throw new Error('--alias and --tiers memory|both are required');
  const o: HostOptions = { alias: values.alias, tiers: values.tiers as Tiers, memoryMb: intArg('memory-mb', values['memory-mb'], 1), diskMb: intArg('disk-mb', values['disk-mb'], 1) };
  const started = await startHostedEdges(args, (index) => startEdge(args, o, index));
  let matching: number[] = [];
  // Commands run one after another, in the order sent; a failure ends the host (the runner sees `failed`).
  let queue = Promise.resolve();
  process.on('message', (raw: unknown) => {
    const command = raw as EdgeHostCommand;
    queue = queue
      .then(async () => {
        if (command.type === 'fill') {
          matching = matchingObjects(command.pattern, command.objects);
          const edges: StoreState[] = [];
          // One edge after another: ten 100,000-object fills at once would only compete for the same core.
          for (const s of started) {
            await caughtUp(s, 30_000);
            edges.push(await s.objects.fill(command.objects));
          }
          send({ type: 'filled', cmd: command.cmd, edges, memory: memory() });
        } else if (command.type === 'refill') {
          const edges: StoreState[] = [];
          for (const s of started) edges.push(await s.objects.refill(matching, command.checked));
          if (command.collect) collectGarbage();
          send({ type: 'refilled', cmd: command.cmd, edges, memory: memory() });
        }
      })
      .catch((error: unknown) => {
        send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        setTimeout(() => process.exit(1), 200);
      });
  });
  send({ type: 'ready', edges: started.map((s) => s.hosted), pid: process.pid });
}

runChildMain(main);
