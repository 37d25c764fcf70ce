// Stops the platform global-setup.ts started (its whole process group), and only that.
import { existsSync, rmSync } from 'node:fs';
import { platform, PLATFORM_FILE } from './platform.js';

export default async function globalTeardown(): Promise<void> {
  if (!existsSync(PLATFORM_FILE)) return; // set-up failed before starting anything
  const { pid, dataDir } = platform();
  try {
    await stopGroup(pid);
  } finally {
    // The throwaway data directory (database, mail, edge cache) goes with the platform.
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function stopGroup(pid: number): Promise<void> {
  if (pid <= 0) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  process.kill(-pid, 'SIGKILL');
}
