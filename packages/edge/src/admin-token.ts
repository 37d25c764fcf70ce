// The admin bearer token: configured (CANDELA_EDGE_ADMIN_TOKEN or _FILE), or generated once and kept
// in the data directory (mode 0600) so that a local operator can read it and restarts keep it.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function resolveAdminToken(configured: string, dataDir: string): Promise<{ token: string; file?: string }> {
  if (configured !== '') return { token: configured };
  const file = join(dataDir, 'admin-token');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return { token: existing, file };
  } catch {
    // first start: generate below
  }
  await mkdir(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  await writeFile(file, token + '\n', { mode: 0o600 });
  return { token, file };
}
