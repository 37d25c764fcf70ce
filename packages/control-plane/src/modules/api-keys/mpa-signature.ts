// API request signing, compatible with the reference CDN (domain.md §1, "API keys" (ref)):
//
//   Authorization: MPA <keyId>:<base64(HMAC-SHA1(secret, canonical))>
//   canonical = Date + "\n" + path-without-query + "\n" + Content-Type + "\n" + METHOD + "\n" + base64(MD5(body)) or ""
//
// with an RFC 1123 `Date` header. Decisions (domain.md fixes the string, not these details):
// - The variant is announced by the auth-scheme name: `MPA-SHA256 <keyId>:<sig>` means HMAC-SHA256 over the
//   same canonical string. A new scheme name keeps `MPA` byte-for-byte the reference scheme, so existing
//   clients never change, and the algorithm is never guessed from the signature's length.
// - Scheme names compare case-insensitively (RFC 9110 §11.1); everything after them is exact.
// - No Content-MD5 header is sent or read: domain.md puts the body's MD5 only inside the signed string, so
//   both sides compute it from the body bytes. An empty or absent body contributes "" (not the MD5 of "").
// - Content-Type is the header value exactly as sent (parameters included), "" when absent; METHOD is
//   upper-cased; the path is the raw request target up to "?" (not decoded, not normalised), so the server
//   must pass the target it received, and the body bytes as received (never re-serialised JSON).
// - Date is IMF-fixdate only (RFC 9110 §5.6.7), the form RFC 1123 dates take in HTTP; the obsolete forms
//   are refused because a signed value must have exactly one spelling.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type SignatureAlgorithm = 'sha1' | 'sha256';

const SCHEME: Readonly<Record<SignatureAlgorithm, string>> = { sha1: 'MPA', sha256: 'MPA-SHA256' };
const DIGEST_BYTES: Readonly<Record<SignatureAlgorithm, number>> = { sha1: 20, sha256: 32 };

/** domain.md §1: the replay window, "more than 5 minutes off" either way is refused. */
export const SIGNATURE_WINDOW_MS = 300_000;

export interface CanonicalParts {
  /** The Date header value, exactly as sent. */
  readonly date: string;
  /** The request path without the query string. */
  readonly path: string;
  /** The Content-Type header value, or "" when the request has none. */
  readonly contentType: string;
  /** The HTTP method in upper case. */
  readonly method: string;
  /** base64(MD5(body)), or "" for an empty body. */
  readonly contentMd5: string;
}

/** domain.md §1 (ref): the string that is signed, fields in the reference scheme's order. */
export function canonicalString(parts: CanonicalParts): string {
  return `${parts.date}\n${parts.path}\n${parts.contentType}\n${parts.method}\n${parts.contentMd5}`;
}

/** domain.md §1: "path-without-query". A fragment never reaches a server, but is cut the same way. */
export function pathWithoutQuery(target: string): string {
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

export type Body = Uint8Array | string | undefined;

/** domain.md §1: base64(MD5(body)), or "" when there is no body. */
export function bodyMd5(body: Body): string {
  if (body === undefined || body.length === 0) return '';
  return createHash('md5').update(body).digest('base64');
}

export interface RequestToSign {
  readonly method: string;
  /** Request target; a query string is allowed and not signed. */
  readonly path: string;
  readonly contentType?: string | undefined;
  readonly body?: Body;
  /** Formatted as the Date header (IMF-fixdate, whole seconds). */
  readonly date: Date;
}

function partsOf(request: RequestToSign, date: string): CanonicalParts {
  return {
    date,
    path: pathWithoutQuery(request.path),
    contentType: request.contentType ?? '',
    method: request.method.toUpperCase(),
    contentMd5: bodyMd5(request.body),
  };
}

function hmac(algorithm: SignatureAlgorithm, secret: string, message: string): Buffer {
  return createHmac(algorithm, secret).update(message, 'utf8').digest();
}

export interface SignInput extends RequestToSign {
  readonly keyId: string;
  readonly secret: string;
  /** 'sha1' (scheme MPA, the reference) unless stated. */
  readonly algorithm?: SignatureAlgorithm;
}

/** The headers a client adds; lower-case names, as node:http reports them (a type, so it fits `Headers`). */
export type SignedHeaders = {
  readonly authorization: string;
  readonly date: string;
};

export function signRequest(input: SignInput): SignedHeaders {
  const algorithm = input.algorithm ?? 'sha1';
  const date = formatHttpDate(input.date);
  const signature = hmac(algorithm, input.secret, canonicalString(partsOf(input, date))).toString('base64');
  return { authorization: `${SCHEME[algorithm]} ${input.keyId}:${signature}`, date };
}

export interface ParsedAuthorization {
  readonly algorithm: SignatureAlgorithm;
  readonly keyId: string;
  readonly signature: Buffer;
}

export type ParseResult =
  | { readonly ok: true; readonly value: ParsedAuthorization }
  /** other-scheme: not ours (e.g. Bearer), left to other authenticators; malformed: ours, but broken. */
  | { readonly ok: false; readonly reason: 'missing' | 'other-scheme' | 'malformed' };

const AUTHORIZATION = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?: +(.*))?$/;
// Key ids are ours (api-key-rules.ts) but the parser accepts any token without ':' or spaces, so a
// wrong-but-plausible id costs a full verification, the same as a right one.
const CREDENTIALS = /^([A-Za-z0-9._~-]{1,128}):([A-Za-z0-9+/]+={0,2})$/;

/** Reads `MPA <keyId>:<base64>` or `MPA-SHA256 <keyId>:<base64>`. */
export function parseAuthorization(header: string | undefined): ParseResult {
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing' };
  const scheme = AUTHORIZATION.exec(header.trim());
  if (scheme === null) return { ok: false, reason: 'malformed' };
  const name = (scheme[1] ?? '').toUpperCase();
  const algorithm = (Object.keys(SCHEME) as SignatureAlgorithm[]).find((a) => SCHEME[a] === name);
  if (algorithm === undefined) return { ok: false, reason: 'other-scheme' };
  const credentials = CREDENTIALS.exec(scheme[2] ?? '');
  if (credentials === null) return { ok: false, reason: 'malformed' };
  const [, keyId = '', encoded = ''] = credentials;
  const signature = Buffer.from(encoded, 'base64');
  // Buffer's decoder skips junk and missing padding; a re-encode that differs means it was not canonical base64.
  if (signature.length !== DIGEST_BYTES[algorithm] || signature.toString('base64') !== encoded) {
    return { ok: false, reason: 'malformed' };
  }
  return { ok: true, value: { algorithm, keyId, signature } };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const IMF_FIXDATE = /^([A-Z][a-z]{2}), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/** RFC 9110 §5.6.7 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`. */
export function formatHttpDate(date: Date): string {
  return date.toUTCString();
}

/** RFC 9110 §5.6.7: IMF-fixdate only; a date that does not exist (31 Feb, wrong weekday) is refused. */
export function parseHttpDate(value: string): number | undefined {
  const m = IMF_FIXDATE.exec(value);
  if (m === null) return undefined;
  const [, day = '', dd = '', mon = '', yyyy = '', hh = '', mi = '', ss = ''] = m;
  const month = MONTHS.indexOf(mon);
  if (month === -1) return undefined;
  const ms = Date.UTC(Number(yyyy), month, Number(dd), Number(hh), Number(mi), Number(ss));
  const d = new Date(ms);
  const exact =
    d.getUTCFullYear() === Number(yyyy) &&
    d.getUTCMonth() === month &&
    d.getUTCDate() === Number(dd) &&
    d.getUTCHours() === Number(hh) &&
    d.getUTCMinutes() === Number(mi) &&
    d.getUTCSeconds() === Number(ss) &&
    DAYS[d.getUTCDay()] === day;
  return exact ? ms : undefined;
}

export type Headers = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Field names are case-insensitive; repeated fields combine with ", " (RFC 9110 §5.2, §5.3). */
function header(headers: Headers, name: string): string | undefined {
  let value = headers[name];
  if (value === undefined) {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : headers[key];
  }
  return typeof value === 'string' || value === undefined ? value : value.join(', ');
}

export interface VerifyInput {
  readonly headers: Headers;
  readonly method: string;
  /** The request target as received; the query string is ignored. */
  readonly path: string;
  /** The body bytes as received. */
  readonly body: Body;
  /** The plain secret of an active key, or undefined for an unknown, disabled or deleted one. */
  readonly secretFor: (keyId: string) => string | undefined;
  readonly nowMs: number;
  readonly windowMs?: number;
}

export type VerifyFailure =
  | 'missing-authorization'
  | 'other-scheme'
  | 'malformed-authorization'
  | 'missing-date'
  | 'malformed-date'
  /** Also the answer for an unknown key id, so the two cannot be told apart. */
  | 'signature-mismatch'
  | 'date-outside-window';

export type VerifyResult =
  | { readonly ok: true; readonly keyId: string; readonly algorithm: SignatureAlgorithm }
  | {
      readonly ok: false;
      readonly code: 'SIGNATURE_INVALID' | 'SIGNATURE_EXPIRED' | 'UNAUTHENTICATED';
      readonly reason: VerifyFailure;
    };

// Per-process random values: the stand-in secret for unknown key ids, and the key under which both
// signatures are re-hashed before comparing, so the compared buffers always have equal, fixed lengths.
const UNKNOWN_KEY_SECRET = randomBytes(32).toString('base64url');
const COMPARE_KEY = randomBytes(32);

function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  const ha = createHmac('sha256', COMPARE_KEY).update(a).digest();
  const hb = createHmac('sha256', COMPARE_KEY).update(b).digest();
  return timingSafeEqual(ha, hb);
}

function fail(code: 'SIGNATURE_INVALID' | 'SIGNATURE_EXPIRED' | 'UNAUTHENTICATED', reason: VerifyFailure): VerifyResult {
  return { ok: false, code, reason };
}

/**
 * domain.md §1 (ref): checks an MPA / MPA-SHA256 signed request. The signature is checked before the
 * window, so EXPIRED means "correctly signed, but too old or too new" (a replay or a skewed clock) and a
 * forger learns nothing from it. An unknown key id is verified against a stand-in secret and reported as a
 * mismatch, so it costs the same work and gets the same answer (the lookup in `secretFor` is the caller's).
 */
export function verifySignature(input: VerifyInput): VerifyResult {
  const parsed = parseAuthorization(header(input.headers, 'authorization'));
  if (!parsed.ok) {
    if (parsed.reason === 'missing') return fail('UNAUTHENTICATED', 'missing-authorization');
    if (parsed.reason === 'other-scheme') return fail('UNAUTHENTICATED', 'other-scheme');
    return fail('SIGNATURE_INVALID', 'malformed-authorization');
  }
  const date = header(input.headers, 'date');
  if (date === undefined) return fail('SIGNATURE_INVALID', 'missing-date');
  const dateMs = parseHttpDate(date);
  if (dateMs === undefined) return fail('SIGNATURE_INVALID', 'malformed-date');

  const { algorithm, keyId, signature } = parsed.value;
  const secret = input.secretFor(keyId);
  const parts: CanonicalParts = {
    date,
    path: pathWithoutQuery(input.path),
    contentType: header(input.headers, 'content-type') ?? '',
    method: input.method.toUpperCase(),
    contentMd5: bodyMd5(input.body),
  };
  const expected = hmac(algorithm, secret ?? UNKNOWN_KEY_SECRET, canonicalString(parts));
  const matches = constantTimeEqual(expected, signature);
  if (!matches || secret === undefined) return fail('SIGNATURE_INVALID', 'signature-mismatch');

  if (Math.abs(input.nowMs - dateMs) > (input.windowMs ?? SIGNATURE_WINDOW_MS)) {
    return fail('SIGNATURE_EXPIRED', 'date-outside-window');
  }
  return { ok: true, keyId, algorithm };
}
