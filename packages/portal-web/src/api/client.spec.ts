import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, json } from '../test-support/fake-api';
import { ApiError, NETWORK_ERROR, UNEXPECTED_RESPONSE, apiErrorFrom, parseRetryAfter } from './api-error';
import { ApiClient, apiPath } from './client';

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('ApiClient error parsing', () => {
  it('turns the error envelope into an ApiError with code, message, details and request id', async () => {
    const api = fakeApi({
      'POST /auth/sign-in': () =>
        apiError(400, {
          code: 'VALIDATION_FAILED',
          message: 'The request contains invalid data.',
          details: [{ pointer: '/email', message: 'Not an e-mail address.' }],
          requestId: 'req-42',
        }),
    });
    const error = await caught(new ApiClient({ language: 'en', fetch: api.fetch }).post('/auth/sign-in', { email: 'x' }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('The request contains invalid data.');
    expect(error.details).toEqual([{ pointer: '/email', message: 'Not an e-mail address.' }]);
    expect(error.requestId).toBe('req-42');
  });

  it('reports a non-envelope error body as UNEXPECTED_RESPONSE, keeping the status and X-Request-Id', async () => {
    const fetch = () => Promise.resolve(new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'X-Request-Id': 'req-9' } }));
    const error = await caught(new ApiClient({ language: 'es', fetch }).get('/services'));
    expect(error.code).toBe(UNEXPECTED_RESPONSE);
    expect(error.status).toBe(502);
    expect(error.requestId).toBe('req-9');
  });

  it('rejects an envelope with the wrong shape', () => {
    expect(apiErrorFrom(400, { error: { code: 'X', message: 'm', requestId: 'r', details: [{ pointer: 1 }] } }, null).code).toBe(
      UNEXPECTED_RESPONSE,
    );
  });

  it('keeps Retry-After, so a 429 can say when to try again', async () => {
    const body = JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Too many requests.', requestId: 'req-7' } });
    const fetch = () => Promise.resolve(new Response(body, { status: 429, headers: { 'Content-Type': 'application/json', 'Retry-After': '17' } }));
    const error = await caught(new ApiClient({ language: 'en', fetch }).post('/services/ABC123XYZ/invalidations', {}));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterS).toBe(17);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });

  it('reports a failed connection as NETWORK_ERROR', async () => {
    const fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const error = await caught(new ApiClient({ language: 'es', fetch }).get('/services'));
    expect(error.code).toBe(NETWORK_ERROR);
    expect(error.status).toBe(0);
  });

  it('reports a 200 that is not JSON as UNEXPECTED_RESPONSE', async () => {
    const fetch = () => Promise.resolve(new Response('<!doctype html>', { status: 200 }));
    expect((await caught(new ApiClient({ language: 'es', fetch }).get('/services'))).code).toBe(UNEXPECTED_RESPONSE);
  });
});

describe('ApiClient headers', () => {
  it('sends the CSRF token on writes only, and the language and same-origin credentials on every request', async () => {
    const inits: RequestInit[] = [];
    const fetch = (_input: string, init: RequestInit) => {
      inits.push(init);
      return Promise.resolve(json({ ok: true }));
    };
    const client = new ApiClient({ language: 'es', fetch });
    client.setCsrfToken('csrf-abc');
    await client.get('/services');
    await client.post('/mimic', { userId: 'u1' });
    client.language = 'en';
    await client.delete('/mimic');

    const headers = inits.map((init) => new Headers(init.headers));
    expect(headers[0]?.get('X-CSRF-Token')).toBeNull();
    expect(headers[1]?.get('X-CSRF-Token')).toBe('csrf-abc');
    expect(headers[2]?.get('X-CSRF-Token')).toBe('csrf-abc');
    expect(headers.map((h) => h.get('Accept-Language'))).toEqual(['es', 'es', 'en']);
    expect(inits.every((init) => init.credentials === 'same-origin')).toBe(true);
    expect(headers[1]?.get('Content-Type')).toBe('application/json');
    expect(inits[1]?.body).toBe('{"userId":"u1"}');
  });

  it('sends no CSRF header before a session gave a token', async () => {
    const api = fakeApi({ 'POST /auth/sign-in': () => json({ session: {} }) });
    await new ApiClient({ language: 'es', fetch: api.fetch }).post('/auth/sign-in', {});
    expect(api.calls[0]?.headers['x-csrf-token']).toBeUndefined();
  });
});

describe('apiPath', () => {
  it('encodes each value as one path segment', () => {
    expect(apiPath`/access-groups/${'a/b?c'}/users`).toBe('/access-groups/a%2Fb%3Fc/users');
  });
});
