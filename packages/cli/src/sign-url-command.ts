// `candela sign-url`: a signed URL (domain.md §4) for a token-authentication definition, the way an
// application would make one for its users. The definition is the JSON object of a configuration's
// `definitions.tokens.<name>` (or a behaviour's inline `tokenAuth`), read from a file; signing is the
// edge's own (signTokenQuery), so what this prints is what the edge accepts.
//
// Exit status: 0 printed; 2 a usage error (bad definition file, URL or duration).
import { readFileSync } from 'node:fs';
import { parseTtlMs, tokenAuthSchema } from '@candela/contract';
import { signTokenQuery } from '@candela/edge';

export interface SignUrlOptions {
  /** Path of a JSON file holding the token definition. */
  readonly definition?: string | undefined;
  /** How long the URL stays valid, e.g. 10m, 1h, 7d (default 1h). */
  readonly ttl?: string | undefined;
  /** Also refuse the URL before this epoch second (nvb / stime); default: no lower bound. */
  readonly notBefore?: string | undefined;
  /** Which secret signs (its generation digit); default the definition's first. */
  readonly generation?: string | undefined;
}

export interface SignUrlIo {
  readonly nowMs: () => number;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export function signUrlCommand(url: string, o: SignUrlOptions, io: SignUrlIo): number {
  const fail = (message: string) => {
    io.err(`candela sign-url: ${message}`);
    return 2;
  };
  if (o.definition === undefined) return fail('--definition <file> is required');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(o.definition, 'utf8'));
  } catch (err) {
    return fail(`cannot read ${o.definition}: ${(err as Error).message}`);
  }
  const parsed = tokenAuthSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return fail(`${o.definition}: /${first.path.join('/')}: ${first.message}`);
  }
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return fail(`not an absolute URL: ${url}`);
  }
  const ttlMs = parseTtlMs(o.ttl ?? '1h');
  if (ttlMs === undefined) return fail(`--ttl: expected an integer and a unit s, m, h, d, w or y, got "${o.ttl}"`);
  const notBefore = o.notBefore === undefined ? undefined : Number(o.notBefore);
  if (notBefore !== undefined && !Number.isSafeInteger(notBefore)) return fail('--not-before: expected epoch seconds');
  const generation = o.generation === undefined ? undefined : Number(o.generation);
  if (generation !== undefined && !parsed.data.secrets.some((s) => s.generation === generation)) {
    return fail(`--generation: the definition has no secret of generation ${o.generation}`);
  }
  const nowS = Math.floor(io.nowMs() / 1000);
  const query = signTokenQuery(parsed.data, {
    path: target.pathname,
    query: target.search.replace(/^\?/, ''),
    notAfterS: nowS + Math.floor(ttlMs / 1000),
    ...(notBefore === undefined ? {} : { notBeforeS: notBefore }),
    ...(generation === undefined ? {} : { generation }),
  });
  io.out(`${target.origin}${target.pathname}?${query}${target.hash}`);
  return 0;
}
