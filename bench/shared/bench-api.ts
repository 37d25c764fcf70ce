// The runner's side of the control plane's public API (/api/v1), as a customer uses it: sign in (session
// cookie + CSRF token), create a configuration, save versions, activate them, request content
// invalidations, read an activation or an invalidation. One keep-alive connection, so a timed call's time
// is the request's, not a TCP handshake's.
import { Client } from 'undici';
import type { Activation, Configuration, ConfigurationDocumentInput, ConfigurationVersion, CreateInvalidationBody, Invalidation } from '@candela/contract';
import { wallClockMs } from './clock.js';

/** A call's answer with when its request left and when the answer was complete (wallClockMs). */
export interface Timed<T> {
  value: T;
  sentAtMs: number;
  returnedAtMs: number;
}

/** The API answered 429 RATE_LIMITED (with how long Retry-After says to wait). */
export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterS: number,
    message: string,
  ) {
    super(message);
  }
}

export class BenchApi {
  readonly #client: Client;
  #cookie = '';
  #csrf = '';

  constructor(readonly url: string) {
    this.#client = new Client(url, { pipelining: 1, keepAliveTimeout: 120_000, keepAliveMaxTimeout: 120_000, headersTimeout: 30_000, bodyTimeout: 30_000 });
  }

  async #call<T>(method: 'GET' | 'POST', path: string, expected: number, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { cookie: this.#cookie };
    if (method === 'POST') {
      headers['content-type'] = 'application/json';
      headers['x-csrf-token'] = this.#csrf;
    }
    const res = await this.#client.request({ path: `/api/v1${path}`, method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.body.text();
    if (res.statusCode === 429) {
      const retryAfter = Number(res.headers['retry-after']);
      throw new RateLimitedError(Number.isFinite(retryAfter) ? retryAfter : 1, `${method} ${path} answered 429: ${text.slice(0, 300)}`);
    }
    if (res.statusCode !== expected) throw new Error(`${method} ${path} answered ${res.statusCode} (expected ${expected}): ${text.slice(0, 500)}`);
    if (path === '/auth/sign-in') {
      const setCookie = res.headers['set-cookie'];
      const cookies = Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie];
      this.#cookie = cookies.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('candela_session=')) ?? '';
    }
    return JSON.parse(text) as T;
  }

  async #timed<T>(call: () => Promise<T>): Promise<Timed<T>> {
    const sentAtMs = wallClockMs();
    const value = await call();
    return { value, sentAtMs, returnedAtMs: wallClockMs() };
  }

  async signIn(email: string, password: string): Promise<void> {
    const body = await this.#call<{ csrfToken: string }>('POST', '/auth/sign-in', 200, { email, password });
    if (this.#cookie === '') throw new Error('sign-in set no session cookie');
    this.#csrf = body.csrfToken;
  }

  createConfiguration(scid: string, name: string, document: ConfigurationDocumentInput): Promise<Configuration> {
    return this.#call<Configuration>('POST', `/services/${encodeURIComponent(scid)}/configurations`, 201, { name, comment: `${name} (benchmark)`, document });
  }

  async saveVersion(configurationId: string, baseVersion: number, document: ConfigurationDocumentInput, comment: string): Promise<number> {
    const saved = await this.#call<ConfigurationVersion>('POST', `/configurations/${encodeURIComponent(configurationId)}/versions`, 201, { baseVersion, comment, document });
    return saved.version;
  }

  /** POST …/activations to production; the answer is 202 while the version reaches the edges. */
  activate(configurationId: string, version: number, comment: string): Promise<Timed<Activation>> {
    return this.#timed(() => this.#call<Activation>('POST', `/configurations/${encodeURIComponent(configurationId)}/activations`, 202, { target: 'production', version, comment }));
  }

  getActivation(id: string): Promise<Activation> {
    return this.#call<Activation>('GET', `/activations/${encodeURIComponent(id)}`, 200);
  }

  /** POST …/invalidations; the answer is 202 while the edges apply it. Throws RateLimitedError on 429. */
  invalidate(scid: string, body: CreateInvalidationBody): Promise<Timed<Invalidation>> {
    return this.#timed(() => this.#call<Invalidation>('POST', `/services/${encodeURIComponent(scid)}/invalidations`, 202, body));
  }

  getInvalidation(id: string): Promise<Invalidation> {
    return this.#call<Invalidation>('GET', `/invalidations/${encodeURIComponent(id)}`, 200);
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}
