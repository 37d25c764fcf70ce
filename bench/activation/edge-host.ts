// A process hosting some of the activation benchmark's edges (bench/shared/edge-fleet.ts: complete edges in
// feed mode, each with its own listeners, data dir and feed connection). Started by run.ts as
//
//   node --import tsx bench/activation/edge-host.ts --control-plane URL --first 0 --count 25 --data-dir DIR
//
// with CANDELA_EDGE_ENROLMENT_TOKEN in the environment and an IPC channel.
//
// What it reports (IPC): `applied` the moment an edge's node has swapped in a new document (a request
// arriving after it is answered from that document), with the document's version, which is the feed seq
// of the snapshot; `in-force` when the feed client logs the snapshot as in force (after it is on disk,
// just before the ack). Times are performance.timeOrigin + performance.now(), comparable between the
// processes of one machine.
import { parseArgs } from 'node:util';
import type { EdgeConfig } from '@candela/contract';
import { runChildMain } from '../shared/child-lifecycle.js';
import { wallClockMs } from '../shared/clock.js';
import { edgeName, HOST_OPTIONS, hostArgs, startFeedEdge, startHostedEdges } from '../shared/edge-fleet.js';
import type { HostArgs, HostedEdge } from '../shared/edge-fleet.js';

export type { HostedEdge };

export type EdgeHostMessage =
  | { type: 'ready'; edges: HostedEdge[]; pid: number }
  | { type: 'applied'; index: number; version: number; atMs: number }
  | { type: 'in-force'; index: number; seq: number; atMs: number }
  | { type: 'failed'; error: string };

function send(message: EdgeHostMessage): void {
  process.send?.(message);
}

const IN_FORCE = /^feed: snapshot (\d+) in force$/;

async function startEdge(args: HostArgs, index: number): ReturnType<typeof startFeedEdge> {
  const started = await startFeedEdge({
    args,
    index,
    memoryMb: 16,
    diskMb: 16,
    log: (line) => {
      const inForce = IN_FORCE.exec(line);
      if (inForce !== null) send({ type: 'in-force', index, seq: Number(inForce[1]), atMs: wallClockMs() });
      else process.stderr.write(`[${edgeName(index)}] ${line}\n`);
    },
  });
  // The serving moment: runEdge applies a snapshot with node.swapConfig (compile, then one assignment
  // that every later request reads). Wrapped here, right after runEdge returned: the feed client cannot
  // have applied anything yet (it needs I/O first), and the bench measures later snapshots anyway.
  const node = started.edge.node;
  const swap = node.swapConfig.bind(node);
  node.swapConfig = (doc: EdgeConfig): void => {
    swap(doc);
    send({ type: 'applied', index, version: doc.version, atMs: wallClockMs() });
  };
  return started;
}

async function main(): Promise<void> {
  const args = hostArgs(parseArgs({ options: HOST_OPTIONS }).values);
  const started = await startHostedEdges(args, (index) => startEdge(args, index));
  send({ type: 'ready', edges: started.map((s) => s.hosted), pid: process.pid });
}

runChildMain(main);
