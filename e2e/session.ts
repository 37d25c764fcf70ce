// The demo accounts, sessions from Node, and the set-up a flow needs before its own steps (a user to
// mimic, a user whose language to switch). Set-up goes through the API with a session, as the portal does.
//
// Sign-in is rate-limited per client address (10 a minute) and every flow comes from 127.0.0.1, so a flow
// that has signed in in the browser reuses that session for set-up (PortalApi.of(page)) instead of signing
// in again.
import { expect, request, type APIRequestContext, type Page } from '@playwright/test';
import { linkIn, waitForMail } from './mail.js';
import { platform } from './platform.js';

export const DEMO_ADMIN = 'admin@demo.candela.test';

export function demoAdminPassword(): string {
  const password = platform().accounts[DEMO_ADMIN];
  if (password === undefined || password === '') throw new Error('candela start printed no password for the demo admin');
  return password;
}

/** A fresh address per flow and run: the flows share one database. */
export function uniqueEmail(flow: string): string {
  return `${flow}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

interface Session {
  readonly csrfToken: string;
}

export interface InvitedUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
}

/** The JSON API with a session cookie, as the portal calls it (writes carry the session's CSRF token). */
export class PortalApi {
  private constructor(
    private readonly http: APIRequestContext,
    private readonly csrfToken: string,
    /** True when this object created the request context (and so must dispose of it). */
    private readonly owned: boolean,
  ) {}

  /** The session of the browser page (its context's cookies). */
  static async of(page: Page): Promise<PortalApi> {
    const response = await page.request.get(`${platform().portalUrl}/api/v1/auth/session`);
    expect(response.status(), 'the page is signed in').toBe(200);
    return new PortalApi(page.request, ((await response.json()) as Session).csrfToken, false);
  }

  /** A new session from Node, outside any browser. */
  static async signIn(email: string, password: string): Promise<PortalApi> {
    const http = await request.newContext();
    const response = await http.post(`${platform().portalUrl}/api/v1/auth/sign-in`, { data: { email, password } });
    expect(response.status(), `sign-in of ${email}: ${await response.text()}`).toBe(200);
    return new PortalApi(http, ((await response.json()) as Session).csrfToken, true);
  }

  async dispose(): Promise<void> {
    if (this.owned) await this.http.dispose();
  }

  async get<T>(path: string): Promise<T> {
    const response = await this.http.get(`${platform().portalUrl}/api/v1${path}`);
    expect(response.status(), `GET ${path}: ${await response.text()}`).toBe(200);
    return (await response.json()) as T;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    const response = await this.http.post(`${platform().portalUrl}/api/v1${path}`, { data: body, headers: { 'X-CSRF-Token': this.csrfToken } });
    expect(response.status(), `POST ${path}: ${await response.text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  }

  /** The caller's top-level access group (the demo customer, for the demo admin). */
  async customerGroupId(): Promise<string> {
    const { items } = await this.get<{ items: { id: string }[] }>('/access-groups');
    const [group] = items;
    if (group === undefined) throw new Error('the caller sees no access group');
    return group.id;
  }

  /** Invites a user to the caller's top-level group (a mail with a link to set a password follows). */
  async inviteUser(user: { email: string; displayName: string; language: 'es' | 'en'; roleId: string }): Promise<InvitedUser> {
    const groupId = await this.customerGroupId();
    return this.post<InvitedUser>(`/access-groups/${groupId}/users`, user);
  }
}

/** What the invitee does with the mail, without a browser: opens the link's token and sets a password. */
export async function acceptInvitationByApi(email: string, password: string): Promise<void> {
  const { mailDir, portalUrl } = platform();
  const link = new URL(linkIn(await waitForMail(mailDir, email), `${portalUrl}/password/set?`));
  const http = await request.newContext();
  try {
    const response = await http.post(`${portalUrl}/api/v1/auth/password`, { data: { token: link.searchParams.get('token'), password } });
    expect(response.status(), `setting the password of ${email}: ${await response.text()}`).toBeLessThan(300);
  } finally {
    await http.dispose();
  }
}
