// A process hosting some of the benchmark's edges: each one a complete single-process edge (@candela/edge
// runEdge: its own client listener, admin listener, tiers and data dir) in feed mode, with its own feed
// connection to the control plane (an SSE stream, or its own JetStream consumer). Started by run.ts as
//
//   node --import tsx bench/activation/edge-host.ts --control-plane URL --first 0 --count 25 --data-dir DIR
//
// with CANDELA_EDGE_ENROLMENT_TOKEN in the environment and an IPC channel.
//
// Enrolment: the control plane allows 10 enrolments a minute per client address (the sign-in limit), so
// edge i enrols through the real POST /api/v1/edges/enrol from 127.0.0.{2 + ⌊i / 10⌋}, as real edges
// have addresses of their own; the answer is stored with the edge's own saveCredentials, so the edge
// starts enrolled and its feed client does the rest (connect, catch up, apply, ack, heartbeat).
//
// What it reports (IPC): `applied` the moment an edge's node has swapped in a new document (a request
// arriving after it is answered from that document), with the document's version, which is the feed seq
// of the snapshot; `in-force` when the feed client logs the snapshot as in force (after it is on disk,
// just before the ack). Times are performance.timeOrigin + performance.now(), comparable between the
// processes of one machine.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'undici';
import { edgeEnrolResultSchema } from '@candela/contract';
import type { EdgeConfig } from '@candela/contract';
import { initialDocument, loadEdgeOptions, runEdge } from '@candela/edge';
import type { RunningEdge } from '@candela/edge';
import { saveCredentials } from '../../packages/edge/src/feed/feed-files.js';
import { sourceAddressFor } from '../api/clients.js';
import { wallClockMs } from './clock.js';

export interface HostedEdge {
  index: number;
  name: string;
  edgeId: string;
  /** http://127.0.0.1:port of its client listener. */
  url: string;
}

export type EdgeHostMessage =
  | { type: 'ready'; edges: HostedEdge[]; pid: number }
  | { type: 'applied'; index: number; version: number; atMs: number }
  | { type: 'in-force'; index: number; seq: number; atMs: number }
  | { type: 'failed'; error: string };

function send(message: EdgeHostMessage): void {
  process.send?.(message);
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

const IN_FORCE = /^feed: snapshot (\d+) in force$/;

async function startEdge(input: { controlPlaneUrl: string; enrolmentToken: string; index: number; dataRoot: string }): Promise<{ edge: RunningEdge; hosted: HostedEdge }> {
  const { index } = input;
  const dataDir = join(input.dataRoot, edgeName(index));
  mkdirSync(dataDir, { recursive: true });
  const opts = loadEdgeOptions(
    {
      controlPlane: input.controlPlaneUrl,
      enrolmentToken: input.enrolmentToken,
      listen: '127.0.0.1:0',
      adminListen: '127.0.0.1:0',
      dataDir,
      workers: '1',
      memoryMb: '16',
      diskMb: '16',
      edgeId: edgeName(index),
      accessLog: 'off',
      region: 'bench',
      metro: 'loopback',
    },
    { CANDELA_EDGE_ADMIN_TOKEN: 'activation-bench-admin-token' },
  );
  if (opts.feed === undefined) throw new Error('the edge options are not in feed mode');
  const enrolled = edgeEnrolResultSchema.parse(await enrol(input.controlPlaneUrl, input.enrolmentToken, index));
  await saveCredentials(dataDir, opts.feed.controlPlaneUrl, enrolled);
  const initial = await initialDocument(opts);
  if (!initial.ok) throw new Error('feed mode never refuses its start');
  const edge = await runEdge(opts, initial.doc, Date.now, {
    feedSeq: initial.feedSeq ?? 0,
    log: (line) => {
      const inForce = IN_FORCE.exec(line);
      if (inForce !== null) send({ type: 'in-force', index, seq: Number(inForce[1]), atMs: wallClockMs() });
      else process.stderr.write(`[${edgeName(index)}] ${line}\n`);
    },
  });
  // The serving moment: runEdge applies a snapshot with node.swapConfig (compile, then one assignment
  // that every later request reads). Wrapped here, right after runEdge returned: the feed client cannot
  // have applied anything yet (it needs I/O first), and the bench measures later snapshots anyway.
  const node = edge.node;
  const swap = node.swapConfig.bind(node);
  node.swapConfig = (doc: EdgeConfig): void => {
    swap(doc);
    send({ type: 'applied', index, version: doc.version, atMs: wallClockMs() });
  };
  return { edge, hosted: { index, name: edgeName(index), edgeId: enrolled.edgeId, url: `http://127.0.0.1:${edge.http.port}` } };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'control-plane': { type: 'string' },
      first: { type: 'string', default: '0' },
      count: { type: 'string', default: '1' },
      'data-dir': { type: 'string' },
    },
  });
  const controlPlaneUrl = values['control-plane'];
  const dataRoot = values['data-dir'];
  const enrolmentToken = process.env.CANDELA_EDGE_ENROLMENT_TOKEN;
  if (controlPlaneUrl === undefined || dataRoot === undefined || enrolmentToken === undefined) throw new Error('usage: edge-host.ts --control-plane URL --data-dir DIR [--first 0 --count 1], CANDELA_EDGE_ENROLMENT_TOKEN set');
  const first = Number(values.first);
  const count = Number(values.count);
  const running: RunningEdge[] = [];
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    // Edges drain their listeners for up to 10 s; nothing is in flight here, and the parent kills the
    // group after its own grace period anyway.
    void Promise.allSettled(running.map((e) => e.close())).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  const hosted: HostedEdge[] = [];
  // A few at a time: enrolment is an argon2-free insert, but 50 disk tiers and listeners at once would
  // only make the start-up burstier.
  const batch = 10;
  for (let i = first; i < first + count; i += batch) {
    const started = await Promise.all(
      Array.from({ length: Math.min(batch, first + count - i) }, (_, j) => startEdge({ controlPlaneUrl, enrolmentToken, index: i + j, dataRoot })),
    );
    for (const s of started) {
      running.push(s.edge);
      hosted.push(s.hosted);
    }
  }
  send({ type: 'ready', edges: hosted, pid: process.pid });
}

main().catch((error: unknown) => {
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 200);
});
