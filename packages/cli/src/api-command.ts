// `candela api <METHOD> <PATH>`: one request to the control plane's API, signed with an API key (the MPA
// scheme of domain.md §1 and docs/api.md "Signing requests with an API key"), and the JSON answer printed.
// The answer goes to stdout; exit status 0 below 400, 1 for an HTTP error answer (≥ 400), 2 for a usage
// error or no answer at all.
//
// The signer is written out here rather than imported from the control plane: the CLI must not depend on
// the server package (it is a client like any customer script), and this second, independent
// implementation is what the CLI's test proves against a real server.
import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface ApiCommandOptions {
  /** The JSON body, sent byte for byte as given (the signature covers exactly these bytes). */
  readonly data?: string | undefined;
  readonly keyId?: string | undefined;
  readonly secret?: string | undefined;
  /** The control plane's address; default http://127.0.0.1:8090. */
  readonly url?: string | undefined;
  /** Sign with HMAC-SHA256 (scheme MPA-SHA256) instead of the reference HMAC-SHA1 (scheme MPA). */
  readonly sha256?: boolean | undefined;
}

export interface ApiCommandIo {
  /** The environment, as given by config.ts (house rule 7). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const DEFAULT_API_URL = 'http://127.0.0.1:8090';
const API_PREFIX = '/api/v1';
const JSON_TYPE = 'application/json';
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export type ExitCode = 0 | 1 | 2;

export interface ApiCredentials {
  readonly keyId: string;
  readonly secret: string;
}

/** Flags win over CANDELA_API_KEY_ID / CANDELA_API_KEY_SECRET (prefer the environment: argv is visible in ps). */
export function apiCredentials(options: ApiCommandOptions, env: ApiCommandIo['env']): ApiCredentials | string {
  const keyId = options.keyId ?? env['CANDELA_API_KEY_ID']?.trim();
  const secret = options.secret ?? env['CANDELA_API_KEY_SECRET']?.trim();
  if (keyId === undefined || keyId === '') return 'no API key id: pass --key-id or set CANDELA_API_KEY_ID';
  if (secret === undefined || secret === '') return 'no API key secret: pass --secret or set CANDELA_API_KEY_SECRET';
  return { keyId, secret };
}

/** A path relative to /api/v1 ("/services") or already under it ("/api/v1/services"). */
export function apiTarget(path: string): string {
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return withSlash.startsWith(`${API_PREFIX}/`) || withSlash === API_PREFIX ? withSlash : `${API_PREFIX}${withSlash}`;
}

/** RFC 9110 §5.6.7 IMF-fixdate, what Date.prototype.toUTCString gives. */
function httpDate(date: Date): string {
  return date.toUTCString();
}

export interface SignedRequest {
  readonly method: string;
  readonly target: string;
  readonly contentType: string;
  readonly body: string;
  readonly date: Date;
}

/**
 * domain.md §1 (ref): the signed string is Date, path without query, Content-Type, METHOD and
 * base64(MD5(body)) ("" for no body), joined by "\n"; the signature is base64 HMAC of it under the secret.
 */
export function authorizationFor(req: SignedRequest, credentials: ApiCredentials, sha256: boolean): { authorization: string; date: string } {
  const date = httpDate(req.date);
  const path = req.target.split(/[?#]/, 1)[0] ?? req.target;
  const md5 = req.body === '' ? '' : createHash('md5').update(req.body, 'utf8').digest('base64');
  const canonical = [date, path, req.contentType, req.method.toUpperCase(), md5].join('\n');
  const signature = createHmac(sha256 ? 'sha256' : 'sha1', credentials.secret).update(canonical, 'utf8').digest('base64');
  return { authorization: `${sha256 ? 'MPA-SHA256' : 'MPA'} ${credentials.keyId}:${signature}`, date };
}

/** An API answer as the CLI commands read it. */
export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One HTTP(S) request with a text body ('' for none), the whole answer read as UTF-8. */
export function send(url: URL, method: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body === '' ? undefined : body);
  });
}

function printable(answer: Answer): string {
  if (answer.body === '') return '';
  if (!String(answer.headers['content-type'] ?? '').includes('json')) return answer.body;
  try {
    return JSON.stringify(JSON.parse(answer.body), null, 2);
  } catch {
    return answer.body;
  }
}

export async function apiCommand(method: string, path: string, options: ApiCommandOptions, io: ApiCommandIo): Promise<ExitCode> {
  const verb = method.toUpperCase();
  if (!(METHODS as readonly string[]).includes(verb)) {
    io.err(`candela api: unknown method "${method}" (one of ${METHODS.join(', ')})`);
    return 2;
  }
  const credentials = apiCredentials(options, io.env);
  if (typeof credentials === 'string') {
    io.err(`candela api: ${credentials}`);
    return 2;
  }
  const body = options.data ?? '';
  if (body !== '') {
    try {
      JSON.parse(body);
    } catch {
      io.err('candela api: --data is not valid JSON');
      return 2;
    }
  }
  let url: URL;
  try {
    url = new URL(apiTarget(path), options.url ?? io.env['CANDELA_API_URL'] ?? DEFAULT_API_URL);
  } catch {
    io.err(`candela api: not a URL: ${options.url ?? ''}`);
    return 2;
  }
  const target = url.pathname + url.search;
  const contentType = body === '' ? '' : JSON_TYPE;
  const signed = authorizationFor({ method: verb, target, contentType, body, date: io.now() }, credentials, options.sha256 === true);
  const headers: Record<string, string> = { accept: JSON_TYPE, date: signed.date, authorization: signed.authorization };
  if (body !== '') {
    headers['content-type'] = contentType;
    headers['content-length'] = String(Buffer.byteLength(body, 'utf8'));
  }
  let answer: Answer;
  try {
    answer = await send(url, verb, headers, body);
  } catch (error) {
    io.err(`candela api: no answer from ${url.origin}: ${error instanceof Error ? error.message || error.name : String(error)}`);
    return 2;
  }
  // The answer goes to stdout whatever its status, so a script can read an error's code from it too.
  const text = printable(answer);
  if (text !== '') io.out(text);
  if (answer.status >= 400) {
    io.err(`candela api: HTTP ${answer.status}`);
    return 1;
  }
  return 0;
}
