// Sign-in, sign-out, the session, password links and one's own profile (docs/api.md "Authentication").
import {
  acceptedSchema,
  errorEnvelopeSchema,
  hint,
  passwordResetBodySchema,
  sessionSchema,
  setPasswordBodySchema,
  signInBodySchema,
  updateMeBodySchema,
} from '@candela/contract';
import type { Problem } from '@candela/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError, fieldError } from '../../api/api-error.js';
import type { AppDeps } from '../../api/deps.js';
import type { ApiRouter } from '../../api/router.js';
import { identifyCaller, loadCaller, requireSessionUser } from '../../auth/caller.js';
import { SESSION_COOKIE, createSession, deleteSession, deleteSessionsOfUser } from '../../auth/sessions.js';
import type { UserRow } from '../../db/schema.js';
import { recordAudit } from '../audit/audit-log.js';
import { enqueueMail } from '../mail/outbox-repository.js';
import {
  afterFailedSignIn,
  checkPassword,
  hashPassword,
  isLocked,
  lockRemainingMs,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  userStatusAt,
  verifyPassword,
  verifyPasswordOfUnknownUser,
} from './account-rules.js';
import type { PasswordProblem, SignInGuard } from './account-rules.js';
import { presentSession } from './session-presenter.js';
import { consumeUserToken, issueUserToken, passwordLink, TOKEN_LIFETIME_MS } from './user-tokens.js';

const errors = { 400: errorEnvelopeSchema, 401: errorEnvelopeSchema, 403: errorEnvelopeSchema, 429: errorEnvelopeSchema };

/** Each password rule broken, said as a sentence with its limit (the rule's name is not for people). */
function passwordHint(problem: PasswordProblem): Problem {
  switch (problem) {
    case 'TOO_SHORT':
      return hint('/password', 'password.tooShort', { min: MIN_PASSWORD_LENGTH });
    case 'TOO_LONG':
      return hint('/password', 'password.tooLong', { max: MAX_PASSWORD_LENGTH });
    case 'SAME_AS_EMAIL':
      return hint('/password', 'password.sameAsEmail');
  }
}

function guardOf(user: UserRow): SignInGuard {
  return { failedCount: user.failed_sign_ins, lastFailedAtMs: user.last_failed_sign_in_at, lockedUntilMs: user.locked_until_at };
}

function limited(limiter: AppDeps['limiters']['signIn'], keys: readonly string[]): void {
  for (const key of keys) {
    const decision = limiter.hit(key);
    if (!decision.allowed) throw new ApiError('RATE_LIMITED', [], { 'retry-after': String(decision.retryAfterS) });
  }
}

function setSessionCookie(deps: AppDeps, reply: FastifyReply, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.secureCookies,
    maxAge: Math.floor(deps.config.sessionTtlMs / 1000),
  });
}

function statusNow(user: UserRow, nowMs: number) {
  return userStatusAt({ status: user.status, lastSignInAtMs: user.last_sign_in_at, createdAtMs: user.created_at, reactivatedAtMs: user.reactivated_at, nowMs });
}

async function signIn(deps: AppDeps, request: FastifyRequest, body: z.output<typeof signInBodySchema>) {
  const now = deps.clock();
  limited(deps.limiters.signIn, [`ip:${request.ip}`, `email:${body.email}`]);
  const user = await deps.db.selectFrom('users').selectAll().where('email', '=', body.email).executeTakeFirst();
  if (user === undefined || user.password_hash === null) {
    await verifyPasswordOfUnknownUser(body.password); // the same work, so timing does not reveal accounts
    throw new ApiError('INVALID_CREDENTIALS');
  }
  const guard = guardOf(user);
  if (isLocked(guard, now)) {
    throw new ApiError('ACCOUNT_LOCKED', [], { 'retry-after': String(Math.ceil(lockRemainingMs(guard, now) / 1000)) });
  }
  if (!(await verifyPassword(user.password_hash, body.password))) {
    const next = afterFailedSignIn(guard, now);
    await deps.db
      .updateTable('users')
      .set({ failed_sign_ins: next.failedCount, last_failed_sign_in_at: next.lastFailedAtMs, locked_until_at: next.lockedUntilMs })
      .where('id', '=', user.id)
      .execute();
    if (isLocked(next, now)) {
      await recordAudit(deps.db, { caller: undefined, requestId: request.id, nowMs: now }, { accessGroupId: null, action: 'user.locked', targetType: 'user', targetId: user.id });
      const token = await issueUserToken(deps.db, user.id, 'password-reset', now);
      await enqueueMail(deps.db, { to: user.email, language: user.language, template: 'account-locked', vars: { displayName: user.display_name, minutes: 30, resetLink: passwordLink(deps.config.publicUrl, token, user.language) } }, now);
      deps.wakeMailSender();
      throw new ApiError('ACCOUNT_LOCKED', [], { 'retry-after': String(Math.ceil(lockRemainingMs(next, now) / 1000)) });
    }
    throw new ApiError('INVALID_CREDENTIALS');
  }
  if (statusNow(user, now) !== 'active') throw new ApiError('ACCOUNT_INACTIVE');
  await deps.db
    .updateTable('users')
    .set({ failed_sign_ins: 0, last_failed_sign_in_at: null, locked_until_at: null, last_sign_in_at: now })
    .where('id', '=', user.id)
    .execute();
  const session = await createSession(deps.db, user.id, now, deps.config.sessionTtlMs);
  return { user: { ...user, last_sign_in_at: now }, session };
}

export function authRoutes(api: ApiRouter, deps: AppDeps): void {
  api.post('/auth/sign-in', { schema: { tags: ['auth'], summary: 'Sign in with e-mail and password', body: signInBodySchema, response: { 200: sessionSchema, 423: errorEnvelopeSchema, ...errors } } }, async (request, reply) => {
    const { user, session } = await signIn(deps, request, request.body);
    setSessionCookie(deps, reply, session.token);
    return presentSession(deps.db, { user, mimic: null, csrfToken: session.row.csrf_token });
  });

  api.post('/auth/sign-out', { schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    if (request.principal.kind === 'session') await deleteSession(deps.db, request.principal.sessionId);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  api.get('/auth/session', { schema: { tags: ['auth'], summary: 'The current session', response: { 200: sessionSchema, ...errors } } }, async (request) => {
    // Nothing beyond what authentication read (authenticate.ts): identifyCaller needs no tree, and the
    // principal carries the memberships presentSession shows, so this route costs one query in all.
    const principal = requireSessionUser(await identifyCaller(deps.db, request.principal));
    return presentSession(deps.db, principal);
  });

  api.post('/auth/password-reset', { schema: { tags: ['auth'], summary: 'Mail a password reset link', body: passwordResetBodySchema, response: { 202: acceptedSchema, ...errors } } }, async (request, reply) => {
    const now = deps.clock();
    limited(deps.limiters.passwordReset, [`ip:${request.ip}`, `email:${request.body.email}`]);
    const user = await deps.db.selectFrom('users').selectAll().where('email', '=', request.body.email).executeTakeFirst();
    // Always 202: the answer must not tell who has an account.
    if (user !== undefined && (user.status === 'active' || user.status === 'inactive')) {
      const token = await issueUserToken(deps.db, user.id, 'password-reset', now);
      await enqueueMail(deps.db, { to: user.email, language: user.language, template: 'password-reset', vars: { displayName: user.display_name, link: passwordLink(deps.config.publicUrl, token, user.language), expiresInMinutes: TOKEN_LIFETIME_MS['password-reset'] / 60_000 } }, now);
      deps.wakeMailSender();
    }
    return reply.code(202).send({ accepted: true });
  });

  api.post('/auth/password', { schema: { tags: ['auth'], summary: 'Set a password from an invitation or reset link', body: setPasswordBodySchema, response: { 204: z.null(), 410: errorEnvelopeSchema, ...errors } } }, async (request, reply) => {
    const now = deps.clock();
    const found = await consumeUserToken(deps.db, request.body.token, now);
    if (!found.ok) throw found.reason === 'expired' ? new ApiError('LINK_EXPIRED') : fieldError('VALIDATION_FAILED', '/token', 'link.unknown');
    const user = await deps.db.selectFrom('users').selectAll().where('id', '=', found.row.user_id).executeTakeFirstOrThrow();
    const problems = checkPassword(request.body.password, user.email);
    if (problems.length > 0) throw new ApiError('VALIDATION_FAILED', problems.map(passwordHint));
    const hash = await hashPassword(request.body.password);
    await deps.db.transaction().execute(async (trx) => {
      // Setting a password through a mailed link also brings an inactive account back and clears a lock.
      await trx
        .updateTable('users')
        .set({ password_hash: hash, failed_sign_ins: 0, last_failed_sign_in_at: null, locked_until_at: null, status: user.status === 'expired' || user.status === 'disabled' ? user.status : 'active', reactivated_at: now })
        .where('id', '=', user.id)
        .execute();
      await deleteSessionsOfUser(trx, user.id);
      await recordAudit(trx, { caller: undefined, requestId: request.id, nowMs: now }, { accessGroupId: null, action: found.row.purpose === 'invitation' ? 'user.accept-invitation' : 'user.reset-password', targetType: 'user', targetId: user.id });
    });
    return reply.code(204).send(null);
  });

  api.patch('/me', { schema: { tags: ['auth'], summary: 'Update your own name or language', body: updateMeBodySchema, response: { 200: sessionSchema, ...errors } } }, async (request) => {
    const now = deps.clock();
    const caller = await loadCaller(deps.db, request.principal);
    const principal = requireSessionUser(caller);
    if (principal.mimic !== null) throw new ApiError('MIMIC_NOT_ALLOWED');
    const before = { displayName: principal.user.display_name, language: principal.user.language };
    const after = { displayName: request.body.displayName ?? before.displayName, language: request.body.language ?? before.language };
    await deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ display_name: after.displayName, language: after.language }).where('id', '=', principal.user.id).execute();
      await recordAudit(trx, { caller, requestId: request.id, nowMs: now }, { accessGroupId: null, action: 'user.update-profile', targetType: 'user', targetId: principal.user.id, before, after });
    });
    const user = { ...principal.user, display_name: after.displayName, language: after.language };
    return presentSession(deps.db, { user, mimic: null, csrfToken: principal.csrfToken });
  });
}
