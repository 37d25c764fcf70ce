// A script's client of the Candela API, written from docs/api.md "Signing requests with an API key" and
// not from the server's code, so the flows check the documented scheme:
//   Authorization: MPA <keyId>:base64(HMAC-SHA1(secret, Date \n path \n Content-Type \n METHOD \n base64(MD5(body))))
import { createHash, createHmac } from 'node:crypto';

export interface ApiKeyCredentials {
  readonly keyId: string;
  readonly secret: string;
}

export interface SignedRequest {
  readonly method: string;
  /** The path as sent, query string allowed (it is not signed). */
  readonly path: string;
  readonly body?: string;
  /** Defaults to now; a test vector passes its own. */
  readonly date?: Date;
}

/** The Date and Authorization headers (plus Content-Type when there is a body) of a signed request. */
export function signedHeaders(key: ApiKeyCredentials, request: SignedRequest): Record<string, string> {
  const date = (request.date ?? new Date()).toUTCString(); // IMF-fixdate, "Sat, 28 Nov 2026 12:00:00 GMT"
  const contentType = request.body === undefined ? '' : 'application/json';
  const md5 = request.body === undefined || request.body === '' ? '' : createHash('md5').update(request.body, 'utf8').digest('base64');
  const stringToSign = [date, request.path.split('?')[0] ?? '', contentType, request.method.toUpperCase(), md5].join('\n');
  const signature = createHmac('sha1', key.secret).update(stringToSign, 'utf8').digest('base64');
  return {
    Date: date,
    Authorization: `MPA ${key.keyId}:${signature}`,
    ...(contentType === '' ? {} : { 'Content-Type': contentType }),
  };
}

/** Sends one signed request to the control plane at `baseUrl` and returns the status and the JSON answer. */
export async function signedFetch(baseUrl: string, key: ApiKeyCredentials, request: SignedRequest): Promise<{ status: number; body: unknown }> {
  const response = await fetch(baseUrl + request.path, {
    method: request.method,
    headers: signedHeaders(key, request),
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}
