// `candela start` (what `npm start` runs): everything on one machine with embedded defaults (start-platform.ts):
// the control plane with the Media portal (SQLite in the data directory, mail as .eml files), the bundled
// demo origin, one edge in feed mode following the control plane, and on first start a demo organisation
// whose passwords are printed once and a demo configuration serving the demo origin through the edge.
import type { DemoSeed } from '@candela/control-plane';
import { env } from './config.js';
import { startPlatform } from './start-platform.js';
import type { RunningPlatform, StartOptions } from './start-platform.js';
import { stopWithin } from './stop.js';

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

function shown(host: string): string {
  return host === '0.0.0.0' || host === '::' || host === '[::]' ? '127.0.0.1' : host;
}

function printEdge(p: RunningPlatform): void {
  const { edge, seed, origin } = p;
  const c = seed.configuration;
  console.log(`  Demo origin / Origen de demostración: http://${origin.host}:${origin.port}/`);
  const state = c.refused === undefined ? 'production / producción' : `NOT active / NO activa: ${c.refused}`;
  console.log(`  Demo configuration / Configuración de demostración: “${c.name}” (SCID ${seed.scid}), ${state}; aliases ${c.aliases.join(', ')}`);
  console.log(`  Edge / Borde:   curl -i http://${shown(edge.http.host)}:${edge.http.port}/`);
  if (edge.staging) console.log(`  Edge staging / Borde staging: http://${shown(edge.staging.host)}:${edge.staging.port}/ (staging versions first, then production)`);
  console.log(`  Edge admin:     http://${edge.admin.host}:${edge.admin.port}/metrics (token in ${edge.adminTokenFile ?? 'CANDELA_EDGE_ADMIN_TOKEN'})`);
  if (!p.edgeReady) {
    console.log('  The edge has not received the configuration from the control plane yet; it will serve it as soon as it does.');
    console.log('  El borde aún no recibió la configuración del plano de control; la servirá en cuanto llegue.');
  }
}

export async function startCommand(o: StartOptions): Promise<void> {
  const platform = await startPlatform(o, { env: env(), log: (line) => console.log(`candela edge: ${line}`) });
  console.log('');
  console.log('Candela is running. / Candela está en marcha.');
  console.log(`  Media portal:   ${platform.controlPlane.url}/`);
  console.log(`  API docs:       ${platform.controlPlane.url}/api/docs`);
  printAccounts(platform.seed);
  if (platform.controlPlane.mailFolder !== undefined) console.log(`  Mail / Correo:  ${platform.controlPlane.mailFolder} (.eml files / archivos .eml)`);
  printEdge(platform);
  console.log('  Stop / Detener: Ctrl+C');
  const stop = () => stopWithin(() => platform.close(), platform.edgeOptions.limits.drainMs + 5_000);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
