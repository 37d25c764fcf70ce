// Token authentication, signed URLs (domain.md §4): verifying a request's token at the edge and signing
// one (the `candela sign-url` command, and customers' tests). The message a token covers, the parameter
// names and the time formats are the contract's (token-auth.ts), so signer and verifier cannot drift.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenAuth } from '@candela/contract';
import { formatTokenTime, parseTokenTime, splitQuery, stripTokenParameters, tokenMessage, tokenParameterNames } from '@candela/contract';

/** Why a request was refused, as the Cache-Status detail and the log say it. */
export type TokenFailure = 'token-missing' | 'token-malformed' | 'token-invalid' | 'token-expired' | 'token-not-yet-valid';

export type TokenVerdict = { readonly ok: true; readonly query: string } | { readonly ok: false; readonly reason: TokenFailure };

export interface CompiledTokenAuth {
  /** `nowS` in epoch seconds. On success, `query` is the request's query without the token parameters. */
  readonly verify: (path: string, query: string, nowS: number) => TokenVerdict;
  readonly failure: TokenAuth['failure'];
}

/**
 * candela: the full HMAC-SHA256 in hex. legacy: the first 20 hex characters of HMAC-SHA1, as the reference
 * CDN's tokens carry (80 bits; kept for compatibility, not recommended for new definitions).
 */
function digest(dialect: TokenAuth['dialect'], secret: string, message: string): string {
  if (dialect === 'legacy') return createHmac('sha1', secret).update(message).digest('hex').slice(0, 20);
  return createHmac('sha256', secret).update(message).digest('hex');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  // Constant time over the expected length: the comparison must not tell an attacker how much matched.
  return x.length === y.length && timingSafeEqual(x, y);
}

export function compileTokenAuth(t: TokenAuth): CompiledTokenAuth {
  const names = tokenParameterNames(t);
  const secrets = new Map(t.secrets.map((s) => [String(s.generation), s.secret]));
  // The legacy dialect writes times as epoch seconds only.
  const timeFormat = t.dialect === 'legacy' ? 'epoch' : t.timeFormat;
  const verify = (path: string, query: string, nowS: number): TokenVerdict => {
    const pairs = splitQuery(query);
    const value = (name: string) => pairs.find((p) => p.name === name)?.value;
    const hash = value(names.hash);
    const notAfterText = value(names.notAfter);
    if (hash === undefined || notAfterText === undefined) return { ok: false, reason: 'token-missing' };
    const notBeforeText = value(names.notBefore);
    const notAfter = parseTokenTime(notAfterText, timeFormat);
    const notBefore = notBeforeText === undefined ? undefined : parseTokenTime(notBeforeText, timeFormat);
    const secret = secrets.get(hash.charAt(0));
    const message = tokenMessage(t, path, query);
    if (notAfter === undefined || (notBeforeText !== undefined && notBefore === undefined) || message === undefined) {
      return { ok: false, reason: 'token-malformed' };
    }
    if (secret === undefined || !sameText(hash.slice(1), digest(t.dialect, secret, message))) return { ok: false, reason: 'token-invalid' };
    // Times are checked only once the signature holds: they are part of what was signed.
    if (nowS > notAfter) return { ok: false, reason: 'token-expired' };
    if (notBefore !== undefined && nowS < notBefore) return { ok: false, reason: 'token-not-yet-valid' };
    return { ok: true, query: stripTokenParameters(t, query) };
  };
  return { verify, failure: t.failure };
}

export interface SignRequest {
  readonly path: string;
  /** The query the client will send, without token parameters ('' for none). */
  readonly query: string;
  readonly notAfterS: number;
  readonly notBeforeS?: number;
  /** Which secret signs; the definition's first one when unset. */
  readonly generation?: number;
}

/** The query to send: `query` followed by the token parameters, signed with the chosen secret. */
export function signTokenQuery(t: TokenAuth, req: SignRequest): string {
  const names = tokenParameterNames(t);
  const secret = req.generation === undefined ? t.secrets[0] : t.secrets.find((s) => s.generation === req.generation);
  if (secret === undefined) throw new Error(`the token definition has no secret of generation ${req.generation}`);
  const timeFormat = t.dialect === 'legacy' ? 'epoch' : t.timeFormat;
  const times = [
    ...(req.notBeforeS === undefined ? [] : [`${names.notBefore}=${formatTokenTime(req.notBeforeS, timeFormat)}`]),
    `${names.notAfter}=${formatTokenTime(req.notAfterS, timeFormat)}`,
  ];
  const unsigned = [req.query, ...times].filter((part) => part !== '').join('&');
  const message = tokenMessage(t, req.path, unsigned);
  if (message === undefined) throw new Error('unreachable: the not-after parameter was just added');
  return `${unsigned}&${names.hash}=${secret.generation}${digest(t.dialect, secret.secret, message)}`;
}
