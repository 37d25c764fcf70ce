// Auth routes (docs/api.md "Authentication"). The CSRF token of every session that reaches the portal is
// handed to the client here, so no caller can forget it.
import { ApiError } from './api-error';
import type { ApiClient } from './client';
import type { Language, Session, SignInRequest } from './types';

/** The current session, or null when signed out (401 is an answer here, not a failure). */
export async function fetchSession(client: ApiClient): Promise<Session | null> {
  try {
    const session = await client.get<Session>('/auth/session');
    client.setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      client.setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** Sign-in, mimic start/end and PATCH /me all answer with the (new) session; its token replaces the old one. */
function adopt(client: ApiClient, session: Session): Session {
  client.setCsrfToken(session.csrfToken);
  return session;
}

export async function signIn(client: ApiClient, request: SignInRequest): Promise<Session> {
  return adopt(client, await client.post<Session>('/auth/sign-in', request));
}

export async function signOut(client: ApiClient): Promise<void> {
  await client.post<undefined>('/auth/sign-out');
  client.setCsrfToken(null);
}

/**
 * The signed-out pages write without a session of their own, but the browser may still hold a session
 * cookie (signed in in another tab, or opening a reset link while signed in); the server then refuses any
 * write without that session's CSRF token (403 CSRF_FAILED), so learn it first when none is known yet.
 */
async function learnCsrfToken(client: ApiClient): Promise<void> {
  if (!client.hasCsrfToken) await fetchSession(client);
}

export async function requestPasswordReset(client: ApiClient, email: string): Promise<unknown> {
  await learnCsrfToken(client);
  return client.post('/auth/password-reset', { email });
}

export async function setPassword(client: ApiClient, token: string, password: string): Promise<undefined> {
  await learnCsrfToken(client);
  return client.post('/auth/password', { token, password });
}

export async function updatePreferredLanguage(client: ApiClient, language: Language): Promise<Session> {
  return adopt(client, await client.patch<Session>('/me', { language }));
}

export async function startMimic(client: ApiClient, userId: string): Promise<Session> {
  return adopt(client, await client.post<Session>('/mimic', { userId }));
}

export async function endMimic(client: ApiClient): Promise<Session> {
  return adopt(client, await client.delete<Session>('/mimic'));
}
