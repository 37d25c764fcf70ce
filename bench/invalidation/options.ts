// The invalidation benchmark's options (header of run.ts) and what follows from them: how many processes
// host the edges, and how much memory and disk each edge and host gets for its objects. Pure: argv and
// environment in, options out; a bad value throws UsageError.
import { parseArgs } from 'node:util';
import { choiceList, intArg, UsageError } from '../shared/args.js';
import { feedArgOptions, feedBenchOptions } from '../shared/feed-bench.js';
import type { FeedBenchOptions } from '../shared/feed-bench.js';
import { DEFAULT_PATTERN, matchingObjects, TIERS } from './objects.js';
import type { Tiers } from './objects.js';

export interface Options extends FeedBenchOptions {
  invalidations: number;
  /** Undefined: EDGES_PER_PROCESS edges per host process. */
  edgeProcesses: number | undefined;
  objects: number;
  pattern: string;
  tiers: Tiers;
  completePollMs: number;
  /**
   * Whether each host collects its garbage (a full V8 GC) after each refill, before the next invalidation
   * is sent: the refill re-stores 10,000 objects per edge within milliseconds, which no traffic does, and
   * the collection of what it left behind would otherwise land in the next invalidation's window.
   */
  refillGc: boolean;
}

/**
 * With --edge-processes auto: ten edges per process, so 50 edges with 100,000 objects each are five heaps
 * of about a gigabyte rather than one of five (over V8's default limit), and both cores get work.
 */
export const EDGES_PER_PROCESS = 10;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      // Each invalidation waits for every edge's sweep before the refill: 50 edges take a few seconds each.
      ...feedArgOptions({ maxMinutes: '40' }),
      invalidations: { type: 'string', default: '20' },
      'edge-processes': { type: 'string', default: 'auto' },
      objects: { type: 'string', default: '100000' },
      pattern: { type: 'string', default: DEFAULT_PATTERN },
      tiers: { type: 'string', default: 'memory' },
      'complete-poll-ms': { type: 'string', default: '20' },
      'refill-gc': { type: 'string', default: 'on' },
    },
  });
  const objects = intArg('objects', values.objects, 1);
  let matched: number;
  try {
    matched = matchingObjects(values.pattern, objects).length;
  } catch (error) {
    throw new UsageError(`--pattern: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Nothing to invalidate, or nothing left to check as still cached: the run would measure nothing real.
  if (matched === 0 || matched === objects) throw new UsageError(`--pattern ${values.pattern} matches ${matched} of the ${objects} objects: it must match some but not all`);
  return {
    ...feedBenchOptions(values, env),
    invalidations: intArg('invalidations', values.invalidations, 1),
    edgeProcesses: values['edge-processes'] === 'auto' ? undefined : intArg('edge-processes', values['edge-processes'], 1),
    objects,
    pattern: values.pattern,
    tiers: choiceList('tiers', values.tiers, TIERS, 'tier choice')[0] ?? 'memory',
    completePollMs: intArg('complete-poll-ms', values['complete-poll-ms'], 1),
    refillGc: onOff('refill-gc', values['refill-gc']),
  };
}

function onOff(name: string, value: string): boolean {
  if (value !== 'on' && value !== 'off') throw new UsageError(`--${name}: on or off (got ${value})`);
  return value === 'on';
}

/** Host processes for N edges. */
export function processesFor(edges: number, opts: Pick<Options, 'edgeProcesses'>): number {
  return Math.min(edges, opts.edgeProcesses ?? Math.ceil(edges / EDGES_PER_PROCESS));
}

/**
 * Tier budgets of one edge and the heap of a host of `perHost` edges. The memory tier counts each entry as
 * its body plus an estimate of its metadata (about 550 bytes for these objects): 1 KiB each leaves room, so
 * nothing is evicted. The heap measured about 80 MB per 100,000 objects in the memory tier and 120 MB with
 * both tiers' indexes; the limit allows half as much again, plus room for the edge itself.
 */
export function budgets(objects: number, tiers: Tiers, perHost: number): { memoryMb: number; diskMb: number; heapMb: number } {
  const mib = (bytes: number): number => Math.ceil(bytes / 2 ** 20);
  const heapPerObject = tiers === 'both' ? 1_800 : 1_200;
  return {
    memoryMb: mib(objects * 1_024) + 16,
    // On disk the budget counts body + meta file bytes (about 500 per object here), not the 4 KiB blocks.
    diskMb: tiers === 'both' ? mib(objects * 2_048) + 16 : 16,
    heapMb: Math.max(1_024, mib(perHost * objects * heapPerObject) + 512),
  };
}

/** Disk blocks (4 KiB each file) and inodes the `both` tiers need for every edge of a cell: two files per object. */
export function diskNeed(edges: number, objects: number): { bytes: number; inodes: number } {
  return { bytes: edges * objects * 2 * 4_096, inodes: edges * objects * 2 };
}
