// The host side of the feed benchmarks' edges: a process hosting some of a cell's edges (so 50 edges need
// not be 50 processes on a 2-core machine), each one a complete single-process edge (@candela/edge runEdge:
// its own client listener, admin listener, tiers and data dir) in feed mode, with its own feed connection
// to the control plane (an SSE stream, or its own JetStream consumer). Each bench has a small host script
// (bench/<bench>/edge-host.ts) that starts its edges through here and adds what it observes.
//
// Enrolment: the control plane allows 10 enrolments a minute per client address (the sign-in limit), so
// edge i enrols through the real POST /api/v1/edges/enrol from 127.0.0.{2 + ⌊i / 10⌋}, as real edges have
// addresses of their own; the answer is stored with the edge's own saveCredentials, so the edge starts
// enrolled and its feed client does the rest (connect, catch up, apply, ack, heartbeat).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'undici';
import { edgeEnrolResultSchema } from '@candela/contract';
import { initialDocument, loadEdgeOptions, runEdge } from '@candela/edge';
import type { RunningEdge } from '@candela/edge';
import { saveCredentials } from '../../packages/edge/src/feed/feed-files.js';
import { sourceAddressFor } from '../api/clients.js';
import { closeOnStop } from './child-lifecycle.js';

export interface HostedEdge {
  index: number;
  name: string;
  edgeId: string;
  /** http://127.0.0.1:port of its client listener. */
  url: string;
}

/** The options every edge-host script takes (spread into its parseArgs options). */
export const HOST_OPTIONS = {
  'control-plane': { type: 'string' },
  first: { type: 'string', default: '0' },
  count: { type: 'string', default: '1' },
  'data-dir': { type: 'string' },
} as const;

export interface HostArgs {
  controlPlaneUrl: string;
  dataRoot: string;
  enrolmentToken: string;
  /** This host's edges are first … first + count − 1 of the cell. */
  first: number;
  count: number;
}

export function hostArgs(values: { 'control-plane'?: string | undefined; first: string; count: string; 'data-dir'?: string | undefined }): HostArgs {
  const controlPlaneUrl = values['control-plane'];
  const dataRoot = values['data-dir'];
  const enrolmentToken = process.env.CANDELA_EDGE_ENROLMENT_TOKEN;
  if (controlPlaneUrl === undefined || dataRoot === undefined || enrolmentToken === undefined) {
    throw new Error('usage: edge-host.ts --control-plane URL --data-dir DIR [--first 0 --count 1], CANDELA_EDGE_ENROLMENT_TOKEN set');
  }
  return { controlPlaneUrl, dataRoot, enrolmentToken, first: Number(values.first), count: Number(values.count) };
}

export function edgeName(index: number): string {
  return `bench-edge-${String(index + 1).padStart(3, '0')}`;
}

async function enrol(controlPlaneUrl: string, enrolmentToken: string, index: number): Promise<unknown> {
  const client = new Client(controlPlaneUrl, { localAddress: sourceAddressFor(index) });
  try {
    const res = await client.request({
      path: '/api/v1/edges/enrol',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enrolmentToken, name: edgeName(index), region: 'bench', metro: 'loopback' }),
    });
    const text = await res.body.text();
    if (res.statusCode !== 201) throw new Error(`enrolment of ${edgeName(index)} answered ${res.statusCode}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  } finally {
    await client.close();
  }
}

export interface FeedEdgeInput {
  args: HostArgs;
  index: number;
  /** The edge's tier budgets (--memory-mb, --disk-mb). */
  memoryMb: number;
  diskMb: number;
  /** Every line the edge's feed client logs. */
  log: (line: string) => void;
}

/** Enrols edge `index` and runs it in feed mode in this process; its feed client starts at once. */
export async function startFeedEdge(input: FeedEdgeInput): Promise<{ edge: RunningEdge; hosted: HostedEdge }> {
  const { index, args } = input;
  const dataDir = join(args.dataRoot, edgeName(index));
  mkdirSync(dataDir, { recursive: true });
  const opts = loadEdgeOptions(
    {
      controlPlane: args.controlPlaneUrl,
      enrolmentToken: args.enrolmentToken,
      listen: '127.0.0.1:0',
      adminListen: '127.0.0.1:0',
      dataDir,
      workers: '1',
      memoryMb: String(input.memoryMb),
      diskMb: String(input.diskMb),
      edgeId: edgeName(index),
      accessLog: 'off',
      region: 'bench',
      metro: 'loopback',
    },
    { CANDELA_EDGE_ADMIN_TOKEN: 'feed-bench-admin-token' },
  );
  if (opts.feed === undefined) throw new Error('the edge options are not in feed mode');
  const enrolled = edgeEnrolResultSchema.parse(await enrol(args.controlPlaneUrl, args.enrolmentToken, index));
  await saveCredentials(dataDir, opts.feed.controlPlaneUrl, enrolled);
  const initial = await initialDocument(opts);
  if (!initial.ok) throw new Error('feed mode never refuses its start');
  const edge = await runEdge(opts, initial.doc, Date.now, { feedSeq: initial.feedSeq ?? 0, log: input.log });
  return { edge, hosted: { index, name: edgeName(index), edgeId: enrolled.edgeId, url: `http://127.0.0.1:${edge.http.port}` } };
}

/**
 * Starts this host's edges, ten at a time (enrolment is a cheap insert, but 50 disk tiers and listeners at
 * once would only make the start-up burstier), and closes them all on SIGTERM, SIGINT or the parent going
 * away. Each edge's listeners drain for up to 10 s; nothing is in flight by then, and the parent kills the
 * process group after its own grace period anyway.
 */
export async function startHostedEdges<T extends { edge: RunningEdge; hosted: HostedEdge }>(args: HostArgs, start: (index: number) => Promise<T>): Promise<T[]> {
  const started: T[] = [];
  closeOnStop(() => Promise.allSettled(started.map((s) => s.edge.close())));
  const batch = 10;
  for (let i = args.first; i < args.first + args.count; i += batch) {
    const next = await Promise.all(Array.from({ length: Math.min(batch, args.first + args.count - i) }, (_, j) => start(i + j)));
    started.push(...next);
  }
  return started;
}
