// Edge credentials (issue 4): `<edgeId>.<secret>`, sent as `Authorization: Bearer <token>`. Only the
// SHA-256 of the whole token is stored (the secret has 256 random bits, so a plain hash suffices, as for
// session tokens); the id in front finds the row without scanning. Comparisons are constant-time.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export function newEdgeId(): string {
  return `edg_${randomUUID()}`;
}

export function newEdgeToken(edgeId: string): string {
  return `${edgeId}.${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The edge id a Bearer header names, or undefined when the header is not an edge token at all. */
export function parseBearer(header: string | undefined): { edgeId: string; token: string } | undefined {
  const match = /^\s*Bearer\s+(edg_[0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})\s*$/i.exec(header ?? '');
  if (match === null) return undefined;
  return { edgeId: match[1]!, token: `${match[1]!}.${match[2]!}` };
}

/** Equal texts, compared in time independent of where they differ (hashed first, so lengths may differ). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function tokenMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
