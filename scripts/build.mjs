// Builds the `candela` command into one ES module (dist/candela.mjs) with esbuild: the workspace
// TypeScript is bundled, npm dependencies stay external (resolved from node_modules at run time).
// Production runs use it, so no TypeScript loader sits in every edge process (memory, start-up).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');

/** Every npm dependency of every workspace is external; the workspaces themselves are bundled. */
function externals() {
  const names = new Set();
  for (const dir of readdirSync(join(root, 'packages'))) {
    const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    for (const name of Object.keys(pkg.dependencies ?? {})) if (!name.startsWith('@candela/')) names.add(name);
  }
  return [...names];
}

await build({
  entryPoints: [join(root, 'packages/cli/src/main.ts')],
  outfile: join(root, 'dist/candela.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: externals(),
  sourcemap: 'linked',
  logLevel: 'warning',
});

// The Media portal: a static single-page app the control plane serves (packages/portal-web/dist).
const { build: viteBuild } = await import('vite');
await viteBuild({ root: join(root, 'packages/portal-web'), logLevel: 'warn' });
