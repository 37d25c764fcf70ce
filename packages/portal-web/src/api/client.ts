// The one way the portal talks to the control plane. Same-origin cookies carry the session; every write
// carries the session's CSRF token (docs/api.md: without it the answer is 403 CSRF_FAILED); every request
// says which language the user reads so server messages come back in it.
import { ApiError, NETWORK_ERROR, UNEXPECTED_RESPONSE, apiErrorFrom } from './api-error';
import type { Language } from './types';

export const API_PREFIX = '/api/v1';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type QueryParams = Readonly<Record<string, string | number | undefined>>;

export interface ApiClientOptions {
  readonly language: Language;
  /** Injected by tests; the browser's fetch otherwise. */
  readonly fetch?: FetchLike;
}

/** Encodes each interpolated value as one path segment, so an id can never add a segment or a query. */
export function apiPath(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  return strings.reduce((path, part, i) => {
    const value = values[i - 1];
    return path + (value === undefined ? '' : encodeURIComponent(String(value))) + part;
  });
}

export class ApiClient {
  /** Updated by the language switch; read on every request. */
  language: Language;
  private csrfToken: string | null = null;
  private readonly fetchImpl: FetchLike;

  constructor(options: ApiClientOptions) {
    this.language = options.language;
    // Wrapped, not stored bare: calling window.fetch detached from window throws "Illegal invocation".
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Set from GET /auth/session and from the sign-in answer; cleared on sign-out. */
  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  get hasCsrfToken(): boolean {
    return this.csrfToken !== null;
  }

  get<T>(path: string, query?: QueryParams): Promise<T> {
    return this.request<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  private async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': this.language };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken !== null) headers['X-CSRF-Token'] = this.csrfToken;

    let response: Response;
    try {
      response = await this.fetchImpl(API_PREFIX + path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError({ status: 0, code: NETWORK_ERROR, message: error instanceof Error ? error.message : String(error) });
    }

    const parsed = await readJson(response);
    const requestId = response.headers.get('X-Request-Id');
    if (!response.ok) throw apiErrorFrom(response.status, parsed.ok ? parsed.value : undefined, requestId, response.headers.get('Retry-After'));
    // An HTML page on a 200 means a proxy or a fallback answered instead of the API.
    if (!parsed.ok) throw new ApiError({ status: response.status, code: UNEXPECTED_RESPONSE, message: 'Answer is not JSON', requestId });
    // The shapes in types.ts are trusted here, as the server validates its own output (presenters).
    return parsed.value as T;
  }
}

function withQuery(path: string, query: QueryParams | undefined): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

type JsonBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

/** An empty body (204, 202) reads as undefined; a body that is not JSON is reported as such. */
async function readJson(response: Response): Promise<JsonBody> {
  const text = await response.text();
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
