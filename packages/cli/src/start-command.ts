// `candela start` (what `npm start` runs): everything on one machine with embedded defaults: the control
// plane with the Media portal (SQLite in the data directory, mail as .eml files), the bundled demo origin,
// one edge in front of it, and on first start a demo organisation whose passwords are printed once.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEdgeOptions, runEdge } from '@candela/edge';
import { loadConfig, seedDemo, startControlPlane } from '@candela/control-plane';
import type { DemoSeed } from '@candela/control-plane';
import type { EdgeConfigInput } from '@candela/contract';
import { edgeConfigSchema } from '@candela/contract';
import { startDemoOrigin } from './demo/origin.js';
import { env } from './config.js';
import { stopWithin } from './stop.js';

/** The built portal beside the bundle (dist/candela.mjs → packages/portal-web/dist). */
const PORTAL_DIR = fileURLToPath(new URL('../packages/portal-web/dist', import.meta.url));

function printAccounts(seed: DemoSeed): void {
  if (!seed.created) {
    console.log('  Demo accounts were created on the first start; their passwords were printed then.');
    console.log('  Las cuentas de demostración se crearon en el primer arranque (contraseñas mostradas entonces).');
    return;
  }
  console.log(`  Demo customer / Cliente de demostración: Demo Media Co. (DEMO-0001), SCID ${seed.scid}`);
  console.log('  Sign in with / Inicie sesión con (passwords shown only this once / contraseñas mostradas solo esta vez):');
  for (const a of seed.accounts) console.log(`    ${a.email.padEnd(26)} ${a.password}   ${a.role}`);
}

export async function startCommand(o: { dataDir: string; host: string; port: string; portalPort: string }): Promise<void> {
  const dataDir = resolve(o.dataDir);
  let seed: DemoSeed = { created: false };
  const controlPlane = await startControlPlane(
    loadConfig({ ...env(), CANDELA_DATA_DIR: dataDir, CANDELA_HOST: o.host, CANDELA_PORT: o.portalPort, CANDELA_LOG_LEVEL: env()['CANDELA_LOG_LEVEL'] ?? 'warn' }),
    {
      portalDir: PORTAL_DIR,
      beforeListen: async (handle) => {
        seed = await seedDemo(handle.db, Date.now());
      },
    },
  );
  const origin = await startDemoOrigin('127.0.0.1', 0);
  const addr = origin.address();
  const originPort = typeof addr === 'object' && addr ? addr.port : 0;
  const input: EdgeConfigInput = {
    version: 1,
    properties: [
      {
        id: 'demo',
        aliases: ['localhost', '127.0.0.1', 'demo.candela.test'],
        origin: { protocol: 'http', host: '127.0.0.1', port: originPort },
        rules: [
          {
            name: 'static assets for a day',
            match: { op: '*=', value: '/static/*' },
            behaviours: { cacheControl: { internal: { policy: 'ttl', ttl: '1d' } } },
          },
        ],
      },
    ],
  };
  const doc = edgeConfigSchema.parse(input);
  // The document is written out so the user can edit it and reload with SIGHUP, as with any edge.
  const edgeDir = join(dataDir, 'edge');
  const configPath = join(edgeDir, 'demo-config.json');
  await mkdir(edgeDir, { recursive: true });
  await writeFile(configPath, JSON.stringify(input, null, 2) + '\n');
  const opts = loadEdgeOptions({ config: configPath, listen: `${o.host}:${o.port}`, dataDir: edgeDir, workers: '1' }, env());
  const edge = await runEdge(opts, doc);
  const url = `http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${edge.http.port}/`;
  console.log('');
  console.log('Candela is running. / Candela está en marcha.');
  console.log(`  Media portal:   ${controlPlane.url}/`);
  console.log(`  API docs:       ${controlPlane.url}/api/docs`);
  printAccounts(seed);
  if (controlPlane.mailFolder !== undefined) console.log(`  Mail / Correo:  ${controlPlane.mailFolder} (.eml files / archivos .eml)`);
  console.log(`  Edge / Borde:   curl -i ${url}`);
  console.log(`  Edge admin:     http://${edge.admin.host}:${edge.admin.port}/metrics (token in ${edge.adminTokenFile ?? 'CANDELA_EDGE_ADMIN_TOKEN'})`);
  console.log('  Stop / Detener: Ctrl+C');
  const stop = () =>
    stopWithin(async () => {
      await edge.close();
      await controlPlane.close();
      await new Promise<void>((resolve) => origin.close(() => resolve()));
    }, opts.limits.drainMs + 5_000);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
