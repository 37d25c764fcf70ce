// Resolves every request's principal before validation (so an unauthenticated caller learns nothing about
// a route's body schema): a session cookie, or an MPA-signed request (domain.md §1). A broken signature is
// refused at once; a missing one leaves the request anonymous for the route to refuse or allow. Cookie
// writes must carry the session's CSRF token (double submit against the server-side copy).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../api/api-error.js';
import type { AppDeps } from '../api/deps.js';
import { userStatusAt } from '../modules/accounts/account-rules.js';
import { keyStatusAt, openSecret } from '../modules/api-keys/api-key-rules.js';
import { parseAuthorization, SIGNATURE_WINDOW_MS, verifySignature } from '../modules/api-keys/mpa-signature.js';
import type { ApiKeyRow, UserRow } from '../db/schema.js';
import { ANONYMOUS } from './principal.js';
import { ReplayGuard } from './replay-guard.js';
import type { Principal } from './principal.js';
import { roleFromRow } from './caller.js';
import { SESSION_COOKIE, findSessionContext } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SIGNED = /^\s*MPA(-SHA256)?\s/i;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function isActive(user: UserRow, nowMs: number): boolean {
  return (
    userStatusAt({
      status: user.status,
      lastSignInAtMs: user.last_sign_in_at,
      createdAtMs: user.created_at,
      reactivatedAtMs: user.reactivated_at,
      nowMs,
    }) === 'active'
  );
}

async function fromSession(deps: AppDeps, request: FastifyRequest, token: string): Promise<Principal> {
  const now = deps.clock();
  // One query for the session, both users and the effective user's roles (sessions.ts); the grants and
  // memberships ride on the principal so caller.ts and GET /auth/session do not read them again.
  const found = await findSessionContext(deps.db, token, now);
  if (found === undefined) return ANONYMOUS;
  const { session, user, mimic } = found;
  // A user disabled (or gone inactive) after signing in loses the session at once.
  if (!isActive(user, now) || mimic === undefined) return ANONYMOUS;
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !sameToken(sent, session.csrf_token)) throw new ApiError('CSRF_FAILED');
  }
  const grants = found.roles.map((r) => ({ accessGroupId: r.accessGroupId, role: roleFromRow({ id: r.roleId, permissions: r.permissions }) }));
  const memberships = found.roles.map(({ permissions: _permissions, ...membership }) => membership);
  return { kind: 'session', sessionId: session.id, csrfToken: session.csrf_token, user, mimic, grants, memberships };
}

function withoutRole(row: ApiKeyRow & { role_permissions: string | null }): ApiKeyRow {
  const { role_permissions: _permissions, ...key } = row;
  return key;
}

async function fromSignature(deps: AppDeps, request: FastifyRequest, replays: ReplayGuard): Promise<Principal> {
  const now = deps.clock();
  const header = request.headers.authorization ?? '';
  const keyId = /^\s*\S+\s+([^:\s]+):/.exec(header)?.[1];
  // The key and its role's permissions in one query; the grant rides on the principal (caller.ts).
  const found =
    keyId === undefined
      ? undefined
      : await deps.db
          .selectFrom('api_keys')
          .leftJoin('roles', 'roles.id', 'api_keys.role_id')
          .selectAll('api_keys')
          .select('roles.permissions as role_permissions')
          .where('api_keys.id', '=', keyId)
          .executeTakeFirst();
  const key: ApiKeyRow | undefined = found === undefined ? undefined : withoutRole(found);
  const rolePermissions = found?.role_permissions ?? null;
  const usable =
    key !== undefined &&
    keyStatusAt({ status: key.status, lastUsedAtMs: key.last_used_at, createdAtMs: key.created_at, reactivatedAtMs: key.reactivated_at, nowMs: now }) === 'active';
  const verdict = verifySignature({
    headers: request.headers,
    method: request.method,
    path: request.url,
    body: request.rawBody,
    secretFor: (id) => (usable && key.id === id ? openSecret(key.secret_sealed, deps.secretKeys, id) : undefined),
    nowMs: now,
  });
  if (!verdict.ok || key === undefined) throw new ApiError(verdict.ok ? 'SIGNATURE_INVALID' : verdict.code);
  // A correctly signed write is accepted once (replay-guard.ts); keyed on the parsed signature, so
  // re-spelling the header (scheme case, spaces) does not make a replay look new.
  const parsed = parseAuthorization(header);
  if (!SAFE_METHODS.has(request.method) && parsed.ok && !replays.firstUse(`${parsed.value.algorithm}:${key.id}:${parsed.value.signature.toString('base64')}`, now)) {
    throw new ApiError('SIGNATURE_INVALID');
  }
  const rate = deps.limiters.apiKey.hit(key.id);
  if (!rate.allowed) throw new ApiError('RATE_LIMITED', [], { 'retry-after': String(rate.retryAfterS) });
  // Last use drives the 120/180-day inactivity rules; one write per key per minute is plenty.
  if (key.last_used_at === null || now - key.last_used_at > 60_000) {
    await deps.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', key.id).execute();
  }
  const grants = rolePermissions === null ? [] : [{ accessGroupId: key.access_group_id, role: roleFromRow({ id: key.role_id, permissions: rolePermissions }) }];
  return { kind: 'api-key', key, grants };
}

export function installAuthentication(app: FastifyInstance, deps: AppDeps): void {
  // Fastify 5 refuses object defaults on decorators (they would be shared between requests), so the
  // principal is an accessor over a per-request slot: anonymous until the hook below resolves it.
  const replays = new ReplayGuard(2 * SIGNATURE_WINDOW_MS);
  app.decorateRequest('principalValue', undefined);
  app.decorateRequest('principal', { getter(this: FastifyRequest) { return this.principalValue ?? ANONYMOUS; }, setter(this: FastifyRequest, value: Principal) { this.principalValue = value; } });
  app.addHook('preValidation', async (request) => {
    if (SIGNED.test(request.headers.authorization ?? '')) {
      request.principal = await fromSignature(deps, request, replays);
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    request.principal = token === undefined || token === '' ? ANONYMOUS : await fromSession(deps, request, token);
  });
}
