// `candela start` (what `npm start` runs): everything on one machine with embedded defaults. Today:
// the bundled demo origin and one edge in front of it, with a URL to try.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadEdgeOptions, runEdge } from '@candela/edge';
import type { EdgeConfigInput } from '@candela/contract';
import { edgeConfigSchema } from '@candela/contract';
import { startDemoOrigin } from './demo/origin.js';
import { env } from './config.js';
import { stopWithin } from './stop.js';

export async function startCommand(o: { dataDir: string; host: string; port: string }): Promise<void> {
  const dataDir = resolve(o.dataDir);
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
  console.log(`  Try / Pruebe:   curl -i ${url}`);
  console.log(`  Edge admin:     http://${edge.admin.host}:${edge.admin.port}/metrics (token in ${edge.adminTokenFile ?? 'CANDELA_EDGE_ADMIN_TOKEN'})`);
  console.log('  Stop / Detener: Ctrl+C');
  const stop = () =>
    stopWithin(async () => {
      await edge.close();
      await new Promise<void>((resolve) => origin.close(() => resolve()));
    }, opts.limits.drainMs + 5_000);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
