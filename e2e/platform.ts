// What global-setup.ts started, shared with the specs through a file (Playwright runs setup and specs in
// different processes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OUT_DIR = fileURLToPath(new URL('./out', import.meta.url));
export const PLATFORM_FILE = join(OUT_DIR, 'platform.json');

export interface Platform {
  readonly pid: number;
  readonly dataDir: string;
  /** The control plane: API and Media portal. */
  readonly portalUrl: string;
  readonly edgeUrl: string;
  /** The edge's staging listener: staging versions first, then production. */
  readonly stagingUrl: string;
  /** The bundled demo origin's port on 127.0.0.1 (the demo configuration's origin). */
  readonly originPort: number;
  readonly mailDir: string;
  /** The service of the demo customer, as printed by `candela start`. */
  readonly demoScid: string;
  /** Demo accounts as printed once by `candela start`: e-mail → password. */
  readonly accounts: Readonly<Record<string, string>>;
}

export function platform(): Platform {
  return JSON.parse(readFileSync(PLATFORM_FILE, 'utf8')) as Platform;
}
