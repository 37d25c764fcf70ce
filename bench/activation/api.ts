// The runner's side of the control plane's public API (/api/v1), as a customer uses it: sign in (session
// cookie + CSRF token), create a configuration, save versions, activate them, read an activation. One
// keep-alive connection, so the activation call's time is the request's, not a TCP handshake's.
import { Client } from 'undici';
import type { Activation, Configuration, ConfigurationDocumentInput, ConfigurationVersion } from '@candela/contract';
import { wallClockMs } from './clock.js';

export interface TimedActivation {
  activation: Activation;
  /** When the request left and when its answer was complete (wallClockMs). */
  sentAtMs: number;
  returnedAtMs: number;
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
    if (res.statusCode !== expected) throw new Error(`${method} ${path} answered ${res.statusCode} (expected ${expected}): ${text.slice(0, 500)}`);
    if (path === '/auth/sign-in') {
      const setCookie = res.headers['set-cookie'];
      const cookies = Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie];
      this.#cookie = cookies.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('candela_session=')) ?? '';
    }
    return JSON.parse(text) as T;
  }

  async signIn(email: string, password: string): Promise<void> {
    const body = await this.#call<{ csrfToken: string }>('POST', '/auth/sign-in', 200, { email, password });
    if (this.#cookie === '') throw new Error('sign-in set no session cookie');
    this.#csrf = body.csrfToken;
  }

  createConfiguration(scid: string, name: string, document: ConfigurationDocumentInput): Promise<Configuration> {
    return this.#call<Configuration>('POST', `/services/${encodeURIComponent(scid)}/configurations`, 201, { name, comment: 'activation benchmark', document });
  }

  async saveVersion(configurationId: string, baseVersion: number, document: ConfigurationDocumentInput, comment: string): Promise<number> {
    const saved = await this.#call<ConfigurationVersion>('POST', `/configurations/${encodeURIComponent(configurationId)}/versions`, 201, { baseVersion, comment, document });
    return saved.version;
  }

  /** POST …/activations to production; the answer is 202 while the version reaches the edges. */
  async activate(configurationId: string, version: number, comment: string): Promise<TimedActivation> {
    const sentAtMs = wallClockMs();
    const activation = await this.#call<Activation>('POST', `/configurations/${encodeURIComponent(configurationId)}/activations`, 202, { target: 'production', version, comment });
    return { activation, sentAtMs, returnedAtMs: wallClockMs() };
  }

  getActivation(id: string): Promise<Activation> {
    return this.#call<Activation>('GET', `/activations/${encodeURIComponent(id)}`, 200);
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}
