// `candela purge`: a content invalidation (domain.md §3, docs/api.md "Content invalidation") made with an
// API key and followed until every edge has applied it. POST /api/v1/services/{scid}/invalidations with
// the body of contract api/invalidations.ts (createInvalidationBodySchema), then GET
// /api/v1/invalidations/{id} every half second: on a terminal a progress bar (edges done of total, objects
// matched), otherwise one line per change; at the end the objects matched per path, tag or property (once
// complete, it waits up to COUNT_WAIT_MS for the edges' counts, which follow their "in force" acks).
// Requests are signed like `candela api` does (api-command.ts, the MPA scheme); messages come in the
// language of the locale (LC_ALL, LC_MESSAGES or LANG: Spanish or English), sent as Accept-Language.
//
// Exit status: 0 complete (or accepted, with --no-wait); 1 the API answered an error (its code, message
// and details, e.g. the position of a bad pattern, go to standard error); 2 a usage error or no answer;
// 3 still not complete when --timeout ran out (the request goes on; follow it with `candela api`).
import { invalidationSchema } from '@candela/contract';
import type { CreateInvalidationBody, Invalidation } from '@candela/contract';
import { apiCredentials, apiTarget, authorizationFor, DEFAULT_API_URL, send } from './api-command.js';
import type { Answer, ApiCommandIo, ApiCredentials } from './api-command.js';

export interface PurgeCommandOptions {
  readonly scid?: string | undefined;
  /** Aliases of the service's properties (repeatable). */
  readonly property?: readonly string[] | undefined;
  readonly path?: readonly string[] | undefined;
  readonly tag?: readonly string[] | undefined;
  /** Kind property: everything the properties hold. */
  readonly all?: boolean | undefined;
  /** Type Force (refetch) instead of Normal (revalidate). */
  readonly force?: boolean | undefined;
  readonly ignoreCase?: boolean | undefined;
  readonly notify?: string | undefined;
  /** false with --no-wait: print the accepted request and stop. */
  readonly wait?: boolean | undefined;
  /** Seconds to wait for completion; unset waits until complete. */
  readonly timeout?: string | undefined;
  readonly keyId?: string | undefined;
  readonly secret?: string | undefined;
  readonly url?: string | undefined;
  readonly sha256?: boolean | undefined;
}

export interface PurgeCommandIo extends ApiCommandIo {
  /** Standard output is a terminal: draw a progress bar (rewritten in place) instead of lines. */
  readonly isTty: boolean;
  /** Writes to standard output without a line end (the progress bar). */
  readonly write: (text: string) => void;
  /** Between polls; default 500 ms. */
  readonly pollMs?: number;
  /** How long to wait for the edges' counts once complete; default COUNT_WAIT_MS. */
  readonly countWaitMs?: number;
}

export type PurgeExitCode = 0 | 1 | 2 | 3;

const JSON_TYPE = 'application/json';
const POLL_MS = 500;
/** Consecutive polls without an answer (a control plane restarting) before giving up. */
const MAX_POLL_FAILURES = 10;
/**
 * Once complete (every edge has it in force), how long to keep polling for the edges' counts of the
 * objects they matched (they follow within a second or so) before printing what is known.
 */
const COUNT_WAIT_MS = 10_000;
const BAR_WIDTH = 24;

/** The POST body from the flags, or why the flags do not make one. Pure. */
export function purgeBody(o: PurgeCommandOptions): CreateInvalidationBody | string {
  const properties = o.property ?? [];
  if (properties.length === 0) return 'name at least one --property (an alias of the service)';
  const paths = o.path ?? [];
  const tags = o.tag ?? [];
  const kinds = [paths.length > 0, tags.length > 0, o.all === true].filter(Boolean).length;
  if (kinds !== 1) return 'say what to invalidate: --path PATTERN…, --tag TAG… or --all (exactly one of them)';
  if (o.ignoreCase && paths.length === 0) return '--ignore-case applies to --path patterns only';
  const common = { properties: [...properties], type: o.force ? ('force' as const) : ('normal' as const), ...(o.notify ? { notify: o.notify } : {}) };
  if (paths.length > 0) return { kind: 'path', paths: [...paths], ignoreCase: o.ignoreCase === true, ...common };
  if (tags.length > 0) return { kind: 'tag', tags: [...tags], ...common };
  return { kind: 'property', ...common };
}

/**
 * One progress line: `[######------] 3/4 edges · 14 objects matched · in-progress`; once complete, while
 * edges are still counting their objects, `… · complete, counted on 2/4 edges`. Pure.
 */
export function progressLine(inv: Pick<Invalidation, 'status' | 'edgesDone' | 'edgesTotal' | 'edgesCounted' | 'objectsMatched'>, bar: boolean): string {
  const counting = inv.status === 'complete' && inv.edgesCounted < inv.edgesDone ? `, counted on ${inv.edgesCounted}/${inv.edgesDone} edges` : '';
  const text = `${inv.edgesDone}/${inv.edgesTotal} edges · ${inv.objectsMatched} objects matched · ${inv.status}${counting}`;
  if (!bar) return text;
  const share = inv.edgesTotal === 0 ? (inv.status === 'complete' ? 1 : 0) : inv.edgesDone / inv.edgesTotal;
  const filled = Math.round(share * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${text}`;
}

/** The objects matched per item, right-aligned counts, one line each. Pure. */
export function itemLines(inv: Pick<Invalidation, 'items'>): string[] {
  const width = Math.max(1, ...inv.items.map((i) => String(i.objectsMatched).length));
  return inv.items.map((i) => `  ${String(i.objectsMatched).padStart(width)}  ${i.value}`);
}

class Api {
  constructor(
    private readonly base: string,
    private readonly credentials: ApiCredentials,
    private readonly sha256: boolean,
    private readonly now: () => Date,
    private readonly language: string | undefined,
  ) {}

  call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    const url = new URL(apiTarget(path), this.base);
    const text = body === undefined ? '' : JSON.stringify(body);
    const contentType = text === '' ? '' : JSON_TYPE;
    const signed = authorizationFor({ method, target: url.pathname + url.search, contentType, body: text, date: this.now() }, this.credentials, this.sha256);
    const headers: Record<string, string> = { accept: JSON_TYPE, date: signed.date, authorization: signed.authorization };
    if (this.language !== undefined) headers['accept-language'] = this.language;
    if (text !== '') {
      headers['content-type'] = contentType;
      headers['content-length'] = String(Buffer.byteLength(text, 'utf8'));
    }
    return send(url, method, headers, text);
  }
}

/** Accept-Language from the POSIX locale variables (`es_ES.UTF-8` → `es`), or undefined to let the API choose. */
export function localeLanguage(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const locale = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((v) => v !== undefined && v !== '');
  const language = locale?.slice(0, 2).toLowerCase();
  return language === 'es' || language === 'en' ? language : undefined;
}

/** The API's error envelope as lines: `HTTP 400 VALIDATION_FAILED: message`, then `  /paths/1: hint` per detail. */
export function errorLines(answer: Pick<Answer, 'status' | 'headers' | 'body'>): string[] {
  let envelope: { error?: { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown } } | undefined;
  try {
    envelope = JSON.parse(answer.body) as typeof envelope;
  } catch {
    envelope = undefined;
  }
  const e = envelope?.error;
  if (e === undefined || typeof e.code !== 'string') return [`HTTP ${answer.status}${answer.body === '' ? '' : `: ${answer.body.slice(0, 200)}`}`];
  const lines = [`HTTP ${answer.status} ${e.code}: ${typeof e.message === 'string' ? e.message : ''}`];
  for (const d of Array.isArray(e.details) ? (e.details as { pointer?: unknown; message?: unknown; code?: unknown }[]) : []) {
    const where = typeof d.pointer === 'string' && d.pointer !== '' ? d.pointer : '(body)';
    lines.push(`  ${where}: ${String(d.message)}${typeof d.code === 'string' ? ` (${d.code})` : ''}`);
  }
  const retry = answer.headers['retry-after'];
  if (retry !== undefined) lines.push(`  retry after ${String(retry)} s`);
  if (typeof e.requestId === 'string') lines.push(`  request id ${e.requestId}`);
  return lines;
}

function parseInvalidation(body: string): Invalidation | undefined {
  try {
    const parsed = invalidationSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function purgeCommand(o: PurgeCommandOptions, io: PurgeCommandIo): Promise<PurgeExitCode> {
  const fail = (text: string, code: 1 | 2 = 2): PurgeExitCode => {
    io.err(`candela purge: ${text}`);
    return code;
  };
  if (o.scid === undefined || o.scid.trim() === '') return fail('name the service with --scid');
  const body = purgeBody(o);
  if (typeof body === 'string') return fail(body);
  let timeoutMs: number | undefined;
  if (o.timeout !== undefined) {
    const seconds = Number(o.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) return fail(`--timeout is a number of seconds, not "${o.timeout}"`);
    timeoutMs = seconds * 1000;
  }
  const credentials = apiCredentials(o, io.env);
  if (typeof credentials === 'string') return fail(credentials);
  const base = o.url ?? io.env['CANDELA_API_URL'] ?? DEFAULT_API_URL;
  try {
    new URL(base);
  } catch {
    return fail(`not a URL: ${base}`);
  }
  const api = new Api(base, credentials, o.sha256 === true, io.now, localeLanguage(io.env));

  let created: Answer;
  try {
    created = await api.call('POST', `/services/${encodeURIComponent(o.scid.trim())}/invalidations`, body);
  } catch (error) {
    return fail(`no answer from ${base}: ${error instanceof Error ? error.message || error.name : String(error)}`);
  }
  if (created.status >= 400) {
    for (const line of errorLines(created)) io.err(`candela purge: ${line}`);
    return 1;
  }
  let inv = parseInvalidation(created.body);
  if (inv === undefined) return fail(`the answer (HTTP ${created.status}) is not an invalidation request`);
  const count = inv.items.length;
  io.out(`invalidation ${inv.id} accepted: ${inv.kind}, ${inv.type}, ${inv.properties.join(', ')} (${count} ${count === 1 ? 'item' : 'items'})`);
  if (o.wait === false) {
    io.out(`follow it with: candela api GET /invalidations/${inv.id}`);
    return 0;
  }

  const started = Date.now();
  const pollMs = io.pollMs ?? POLL_MS;
  let shown = '';
  let failures = 0;
  const show = (current: Invalidation) => {
    const line = progressLine(current, io.isTty);
    if (line === shown) return;
    shown = line;
    // On a terminal the bar is redrawn in place (carriage return, erase the line).
    if (io.isTty) io.write(`\r\x1b[2K${line}`);
    else io.out(line);
  };
  show(inv);
  let completeSince: number | undefined;
  for (;;) {
    if (inv.status === 'complete') {
      completeSince ??= Date.now();
      const counted = inv.edgesCounted >= inv.edgesDone;
      const waited = Date.now() - completeSince >= (io.countWaitMs ?? COUNT_WAIT_MS) || (timeoutMs !== undefined && Date.now() - started >= timeoutMs);
      if (counted || waited) break;
    } else if (timeoutMs !== undefined && Date.now() - started >= timeoutMs) {
      if (io.isTty) io.write('\n');
      io.err(`candela purge: not complete after ${o.timeout} s (${inv.edgesDone}/${inv.edgesTotal} edges); it goes on: candela api GET /invalidations/${inv.id}`);
      return 3;
    }
    await pause(pollMs);
    let answer: Answer;
    try {
      answer = await api.call('GET', `/invalidations/${encodeURIComponent(inv.id)}`);
    } catch (error) {
      failures += 1;
      if (failures < MAX_POLL_FAILURES) continue;
      if (io.isTty) io.write('\n');
      return fail(`no answer from ${base} while following ${inv.id}: ${error instanceof Error ? error.message || error.name : String(error)}`);
    }
    failures = 0;
    if (answer.status >= 400) {
      if (io.isTty) io.write('\n');
      for (const line of errorLines(answer)) io.err(`candela purge: ${line}`);
      return 1;
    }
    inv = parseInvalidation(answer.body) ?? inv;
    show(inv);
  }
  if (io.isTty) io.write('\n');
  const partial = inv.edgesCounted < inv.edgesDone ? ` (counted on ${inv.edgesCounted} of them so far)` : '';
  io.out(`complete: ${inv.edgesDone}/${inv.edgesTotal} edges, ${inv.objectsMatched} objects matched${partial}`);
  for (const line of itemLines(inv)) io.out(line);
  return 0;
}
