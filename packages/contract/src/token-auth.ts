// Token authentication, signed URLs (domain.md §4): the definition a customer writes and the pure parts of
// the algorithm that the edge (verify) and the CLI (sign) share. No crypto here: the portal validates
// documents in the browser with these schemas, and the HMAC itself lives where node:crypto does
// (packages/edge/src/access/token-auth.ts).
//
// Two dialects:
// - `candela`: query parameters `nvb` (not valid before, optional), `nva` (not valid after, required) and
//   `hash` = <generation digit> + hex HMAC-SHA256(secret, message), where message = path + "?" + the
//   query's `name=value` pairs in request order, joined by "&", keeping the pairs `hashedQuery` selects,
//   always keeping nvb / nva and never the hash itself. Times are epoch seconds or GMT (`20261129T063400Z`).
// - `legacy` (the reference CDN's): `stime`, `etime`, `encoded` = <generation digit> + the first 20 hex
//   characters of HMAC-SHA1(secret, path + "?" + the query up to and including the etime pair).
// The generation digit picks one of up to 10 secrets, so a secret can be rotated without a gap.
// Token parameters never reach the cache key or the origin (stripTokenParameters).
import { z } from 'zod';

const paramName = z.string().regex(/^[A-Za-z0-9._~-]{1,64}$/, { message: 'token.parameterName' });

const tokenSecretSchema = z.strictObject({
  /** The digit that opens every token signed with this secret. */
  generation: z.number().int().min(0).max(9),
  secret: z.string().min(8).max(512),
});

export const tokenAuthSchema = z
  .strictObject({
    dialect: z.enum(['candela', 'legacy']).default('candela'),
    secrets: z.array(tokenSecretSchema).min(1).max(10),
    /** How nvb / nva are written (candela dialect; legacy times are always epoch seconds). */
    timeFormat: z.enum(['epoch', 'gmt']).default('epoch'),
    /** Parameter names; unset → the dialect's defaults (nvb / nva / hash or stime / etime / encoded). */
    parameters: z
      .strictObject({ notBefore: paramName.optional(), notAfter: paramName.optional(), hash: paramName.optional() })
      .default({}),
    /** Which other query parameters the hash covers (candela dialect): every one except `names`, or only `names`. */
    hashedQuery: z
      .strictObject({ mode: z.enum(['all-except', 'only']), names: z.array(paramName).max(100).default([]) })
      .default({ mode: 'all-except', names: [] }),
    /** A request without a valid token: a 403, or a 302 to `location`. */
    failure: z
      .discriminatedUnion('action', [
        z.strictObject({ action: z.literal('deny') }),
        z.strictObject({ action: z.literal('redirect'), location: z.string().url({ message: 'token.redirectUrl' }).max(2048) }),
      ])
      .default({ action: 'deny' }),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<number>();
    t.secrets.forEach((s, i) => {
      if (seen.has(s.generation)) {
        ctx.addIssue({ code: 'custom', path: ['secrets', i, 'generation'], message: 'token.generationRepeated', params: { generation: s.generation } });
      }
      seen.add(s.generation);
    });
    const names = tokenParameterNames(t);
    if (new Set([names.notBefore, names.notAfter, names.hash]).size !== 3) {
      ctx.addIssue({ code: 'custom', path: ['parameters'], message: 'token.parametersDistinct' });
    }
  })
  // A named OpenAPI component: it appears in every behaviour set and in the definitions.
  .meta({ id: 'TokenAuth' });

export type TokenAuth = z.output<typeof tokenAuthSchema>;
export type TokenAuthInput = z.input<typeof tokenAuthSchema>;

export interface TokenParameterNames {
  readonly notBefore: string;
  readonly notAfter: string;
  readonly hash: string;
}

const DEFAULT_NAMES: Record<TokenAuth['dialect'], TokenParameterNames> = {
  candela: { notBefore: 'nvb', notAfter: 'nva', hash: 'hash' },
  legacy: { notBefore: 'stime', notAfter: 'etime', hash: 'encoded' },
};

export function tokenParameterNames(t: Pick<TokenAuth, 'dialect' | 'parameters'>): TokenParameterNames {
  const d = DEFAULT_NAMES[t.dialect];
  return {
    notBefore: t.parameters.notBefore ?? d.notBefore,
    notAfter: t.parameters.notAfter ?? d.notAfter,
    hash: t.parameters.hash ?? d.hash,
  };
}

/** One `name=value` pair of a raw query, as received (not decoded: the signer signed these bytes). */
export interface QueryPair {
  readonly name: string;
  readonly value: string;
  /** The pair's text, `name=value` (or `name` alone). */
  readonly raw: string;
  /** Offset of the pair's end in the query string. */
  readonly end: number;
}

export function splitQuery(query: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  let start = 0;
  while (start <= query.length && query.length > 0) {
    let amp = query.indexOf('&', start);
    if (amp === -1) amp = query.length;
    const raw = query.slice(start, amp);
    if (raw !== '') {
      const eq = raw.indexOf('=');
      pairs.push({ name: eq === -1 ? raw : raw.slice(0, eq), value: eq === -1 ? '' : raw.slice(eq + 1), raw, end: amp });
    }
    start = amp + 1;
  }
  return pairs;
}

/** The query without the token's own parameters: what the cache key and the origin see. */
export function stripTokenParameters(t: Pick<TokenAuth, 'dialect' | 'parameters'>, query: string): string {
  if (query === '') return query;
  const names = tokenParameterNames(t);
  const own = new Set([names.notBefore, names.notAfter, names.hash]);
  const pairs = splitQuery(query);
  const kept = pairs.filter((p) => !own.has(p.name));
  return kept.length === pairs.length ? query : kept.map((p) => p.raw).join('&');
}

/**
 * The text the HMAC covers, or undefined when the query cannot carry a token of this dialect (no
 * not-after parameter; in the legacy dialect the message ends with it).
 */
export function tokenMessage(t: Pick<TokenAuth, 'dialect' | 'parameters' | 'hashedQuery'>, path: string, query: string): string | undefined {
  const names = tokenParameterNames(t);
  const pairs = splitQuery(query);
  const notAfter = pairs.find((p) => p.name === names.notAfter);
  if (notAfter === undefined) return undefined;
  if (t.dialect === 'legacy') return `${path}?${query.slice(0, notAfter.end)}`;
  const listed = new Set(t.hashedQuery.names);
  const covered = pairs.filter((p) => {
    if (p.name === names.hash) return false;
    if (p.name === names.notBefore || p.name === names.notAfter) return true;
    return t.hashedQuery.mode === 'only' ? listed.has(p.name) : !listed.has(p.name);
  });
  return `${path}?${covered.map((p) => p.raw).join('&')}`;
}

const GMT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Epoch seconds from a token time (`1764398040` or `20261129T063400Z`); undefined when malformed. */
export function parseTokenTime(text: string, format: TokenAuth['timeFormat']): number | undefined {
  if (format === 'epoch') return /^\d{1,12}$/.test(text) ? Number(text) : undefined;
  const m = GMT.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Date.UTC rolls 31 February into March; a token with an impossible date is malformed, not shifted.
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return ms / 1000;
}

export function formatTokenTime(epochSeconds: number, format: TokenAuth['timeFormat']): string {
  if (format === 'epoch') return String(Math.floor(epochSeconds));
  const iso = new Date(Math.floor(epochSeconds) * 1000).toISOString();
  return iso.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}
