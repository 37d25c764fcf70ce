// Test helper: a request signed with an API key exactly as a customer's script would send it, through the
// test app's inject(). Not a test file itself; imported by the API-key tests.
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../test-support/test-app.js';
import { signRequest } from './mpa-signature.js';
import type { SignatureAlgorithm } from './mpa-signature.js';

export interface SignedCall {
  readonly keyId: string;
  readonly secret: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  /** Sent as application/json, byte for byte. */
  readonly payload?: string;
  readonly algorithm?: SignatureAlgorithm;
  /** The Date to sign; default the app's clock. */
  readonly dateMs?: number;
}

export interface Signed {
  readonly headers: Record<string, string>;
  readonly send: () => Promise<LightMyRequestResponse>;
}

/** Signs once; `send` may be called again to replay the very same request. */
export function signed(t: TestApp, call: SignedCall): Signed {
  const contentType = call.payload === undefined ? undefined : 'application/json';
  const auth = signRequest({
    keyId: call.keyId,
    secret: call.secret,
    method: call.method,
    path: call.url,
    contentType,
    body: call.payload,
    date: new Date(call.dateMs ?? t.clock.now),
    algorithm: call.algorithm ?? 'sha1',
  });
  const headers: Record<string, string> = { ...auth, ...(contentType === undefined ? {} : { 'content-type': contentType }) };
  return {
    headers,
    send: () => t.inject({ method: call.method, url: call.url, headers, ...(call.payload === undefined ? {} : { payload: call.payload }) }),
  };
}

export function signedInject(t: TestApp, call: SignedCall): Promise<LightMyRequestResponse> {
  return signed(t, call).send();
}
