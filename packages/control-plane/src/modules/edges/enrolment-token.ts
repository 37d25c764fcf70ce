// The fleet's enrolment token (issue 4): the operator's shared secret an edge presents once to join. From
// CANDELA_EDGE_ENROLMENT_TOKEN(_FILE) when set (several control-plane replicas must share one); otherwise
// generated once into the data directory, owner-only, like the server key (bootstrap/secret-key.ts), so a
// one-machine install needs no setup and `candela start` can hand it to its own edge.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ControlPlaneConfig } from '../../config.js';

export const ENROLMENT_TOKEN_FILE = 'edge-enrolment-token';

export function enrolmentTokenFile(dataDir: string): string {
  return join(dataDir, ENROLMENT_TOKEN_FILE);
}

export function loadOrCreateEnrolmentToken(dataDir: string): string {
  const file = enrolmentTokenFile(dataDir);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      // 'wx' fails if another process created it meanwhile; then theirs is the token.
      writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
  }
  const token = readFileSync(file, 'utf8').trim();
  if (token.length < 16) throw new Error(`${file}: expected at least 16 characters`);
  return token;
}

/** The token in force: the configured one, or the data directory's. */
export function enrolmentToken(config: Pick<ControlPlaneConfig, 'edgeEnrolmentToken' | 'dataDir'>): string {
  return config.edgeEnrolmentToken ?? loadOrCreateEnrolmentToken(config.dataDir);
}
