// Starts a real single-process edge on loopback ports with a temporary data directory, for
// integration tests. The clock can be injected so freshness can be tested without sleeping.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EdgeConfig, EdgeConfigInput } from '@candela/contract';
import { edgeConfigSchema } from '@candela/contract';
import { loadEdgeOptions } from '../config.js';
import type { EdgeOptions } from '../config.js';
import { singleOriginDocument } from '../config/load-document.js';
import { runEdge } from '../run-edge.js';
import type { RunningEdge } from '../run-edge.js';

export interface TestEdge {
  readonly edge: RunningEdge;
  readonly opts: EdgeOptions;
  readonly dataDir: string;
  /** Base URL of the HTTP listener. */
  readonly url: string;
  readonly adminUrl: string;
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export interface TestEdgeOptions {
  readonly origin?: string;
  readonly doc?: EdgeConfigInput;
  readonly dataDir?: string;
  readonly now?: () => number;
  readonly memoryMb?: number;
  readonly diskMb?: number;
  readonly configPath?: string;
  /** Also listen for HTTPS + HTTP/2 on a free port. */
  readonly tls?: boolean;
  /** CANDELA_EDGE_STALE_IF_DISCONNECTED_S for this edge. */
  readonly staleIfDisconnectedS?: number;
  readonly honourRequestCacheControl?: boolean;
}

export async function startTestEdge(o: TestEdgeOptions): Promise<TestEdge> {
  const dataDir = o.dataDir ?? (await mkdtemp(join(tmpdir(), 'candela-edge-test-')));
  const opts = loadEdgeOptions(
    {
      ...(o.configPath ? { config: o.configPath } : { origin: o.origin ?? 'http://127.0.0.1:9' }),
      listen: '127.0.0.1:0',
      ...(o.tls ? { tlsListen: '127.0.0.1:0' } : {}),
      adminListen: '127.0.0.1:0',
      dataDir,
      workers: '1',
      memoryMb: String(o.memoryMb ?? 64),
      diskMb: String(o.diskMb ?? 256),
      edgeId: 'test-edge',
    },
    {
      CANDELA_EDGE_ADMIN_TOKEN: 'test-token',
      ...(o.staleIfDisconnectedS === undefined ? {} : { CANDELA_EDGE_STALE_IF_DISCONNECTED_S: String(o.staleIfDisconnectedS) }),
      ...(o.honourRequestCacheControl ? { CANDELA_EDGE_HONOUR_REQUEST_CACHE_CONTROL: '1' } : {}),
    },
  );
  const doc: EdgeConfig = o.doc ? edgeConfigSchema.parse(o.doc) : singleOriginDocument(new URL(o.origin ?? 'http://127.0.0.1:9'));
  const edge = await runEdge(opts, doc, o.now);
  return {
    edge,
    opts,
    dataDir,
    url: `http://127.0.0.1:${edge.http.port}`,
    adminUrl: `http://127.0.0.1:${edge.admin.port}`,
    async stop(s) {
      await edge.close();
      if (!s?.keepData && !o.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
