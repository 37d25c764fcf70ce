// What `candela start` brings up, without the printing and the signals (start-command.ts), so tests can
// start and stop it: the bundled demo origin on a fixed port, the control plane with the Media portal
// (which seeds the demo organisation and, issue 4, the demo configuration active in production, whose
// origin is that demo origin), and one edge in feed mode following the control plane, with a client
// listener and a staging listener. It returns once the edge serves what the control plane has activated
// (or a bounded wait has passed), so the URLs printed afterwards answer at once.
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initialDocument, loadEdgeOptions, runEdge } from '@candela/edge';
import type { EdgeOptions, RunningEdge } from '@candela/edge';
import { loadConfig, seedDemo, startControlPlane } from '@candela/control-plane';
import type { ControlPlane, DemoOrigin, DemoSeed } from '@candela/control-plane';
import { startDemoOrigin } from './demo/origin.js';

export interface StartOptions {
  readonly dataDir: string;
  /** Address the edge's listeners and the control plane listen on. */
  readonly host: string;
  /** Edge client listener (HTTP). */
  readonly port: string;
  /** Edge staging listener: staging versions first, then production. */
  readonly stagingPort: string;
  /** Control plane: API and Media portal. */
  readonly portalPort: string;
  /** The bundled demo origin (always on 127.0.0.1): the demo configuration's origin. */
  readonly originPort: string;
}

export interface StartExtras {
  /** The environment the control plane and the edge read their other settings from. */
  readonly env: NodeJS.ProcessEnv;
  /** Where the edge's feed client reports (the command prints it). */
  readonly log?: (line: string) => void;
  /** How long to wait for the edge to serve the activated configuration (default 20 s). */
  readonly readyTimeoutMs?: number;
}

export interface RunningPlatform {
  readonly controlPlane: ControlPlane;
  readonly edge: RunningEdge;
  readonly edgeOptions: EdgeOptions;
  readonly origin: DemoOrigin;
  readonly seed: DemoSeed;
  /** False when the edge had not applied the control plane's configuration within the wait. */
  readonly edgeReady: boolean;
  close(): Promise<void>;
}

/** The built portal beside the bundle (dist/candela.mjs → packages/portal-web/dist); absent, only the API. */
const PORTAL_DIR = fileURLToPath(new URL('../packages/portal-web/dist', import.meta.url));

/** The loopback address the demo origin listens on and the demo configuration names. */
export const DEMO_ORIGIN_HOST = '127.0.0.1';
const POLL_MS = 50;

export function parsePort(text: string, flag: string): number {
  const n = Number(text);
  if (!/^\d{1,5}$/.test(text.trim()) || !Number.isInteger(n) || n > 65_535) throw new Error(`${flag}: expected a port number 0–65535, got "${text}"`);
  return n;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => server.close(() => done()));
}

/** Resolves true once `ready()` holds, false when `timeoutMs` passed first. */
async function waitFor(ready: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return true;
}

/** The feed seq the edge must have applied before it serves the demo: the seed's activation, if any. */
function seqToWaitFor(seed: DemoSeed): number {
  if (seed.configuration.activatedSeq !== undefined) return seed.configuration.activatedSeq;
  // Active since an earlier start: any snapshot serves it (the edge usually has one on disk already).
  return seed.configuration.refused === undefined ? 1 : 0;
}

export async function startPlatform(o: StartOptions, extras: StartExtras): Promise<RunningPlatform> {
  const dataDir = resolve(o.dataDir);
  const originServer = await startDemoOrigin(DEMO_ORIGIN_HOST, parsePort(o.originPort, '--origin-port'));
  const address = originServer.address();
  const origin: DemoOrigin = { host: DEMO_ORIGIN_HOST, port: typeof address === 'object' && address !== null ? address.port : 0 };
  let seed: DemoSeed | undefined;
  let controlPlane: ControlPlane;
  try {
    controlPlane = await startControlPlane(
      loadConfig({ ...extras.env, CANDELA_DATA_DIR: dataDir, CANDELA_HOST: o.host, CANDELA_PORT: o.portalPort, CANDELA_LOG_LEVEL: extras.env['CANDELA_LOG_LEVEL'] ?? 'warn' }),
      {
        portalDir: PORTAL_DIR,
        beforeListen: async (handle) => {
          seed = await seedDemo(handle.db, Date.now(), { origin });
        },
      },
    );
  } catch (error) {
    await closeServer(originServer);
    throw error;
  }
  let edge: RunningEdge;
  let edgeOptions: EdgeOptions;
  try {
    if (seed === undefined) throw new Error('the control plane started without seeding the demo');
    // Feed mode, as any edge of a fleet: it enrols with the control plane's token and follows its feed.
    // The snapshot it keeps in DATA_DIR/edge/feed is served at once on the next start.
    edgeOptions = loadEdgeOptions(
      {
        controlPlane: controlPlane.url,
        enrolmentToken: controlPlane.edgeEnrolmentToken,
        listen: `${o.host}:${o.port}`,
        stagingListen: `${o.host}:${o.stagingPort}`,
        dataDir: join(dataDir, 'edge'),
        workers: '1',
      },
      // The edge's source is the control plane: another one named in the environment must not clash.
      { ...extras.env, CANDELA_EDGE_CONFIG: undefined, CANDELA_EDGE_ORIGIN: undefined, CANDELA_EDGE_CONTROL_PLANE: undefined },
    );
    const loaded = await initialDocument(edgeOptions);
    if (!loaded.ok) throw new Error(`the edge's snapshot on disk was refused: ${loaded.problems.map((p) => `${p.pointer} ${p.message}`).join('; ')}`);
    const log = extras.log ?? (() => undefined);
    for (const p of loaded.warnings ?? []) log(`the snapshot kept on disk is not usable, waiting for the feed: ${p.pointer || '(document)'}: ${p.message}`);
    edge = await runEdge(edgeOptions, loaded.doc, Date.now, { feedSeq: loaded.feedSeq ?? 0, log });
  } catch (error) {
    await controlPlane.close();
    await closeServer(originServer);
    throw error;
  }
  const running = edge;
  const target = seqToWaitFor(seed);
  const edgeReady = await waitFor(() => (running.feed?.status().appliedSeq ?? 0) >= target, extras.readyTimeoutMs ?? 20_000);
  return {
    controlPlane,
    edge,
    edgeOptions,
    origin,
    seed,
    edgeReady,
    async close() {
      await running.close();
      await controlPlane.close();
      await closeServer(originServer);
    },
  };
}
