// The edge's access log: one NDJSON line per request with the fields of domain.md §5 (the same records
// log streaming sends to customers). write() only formats and buffers; the file is appended to in batches
// off the request path, because a synchronous write per request would cap the edge at disk speed.
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { isServedFromCache } from './request-record.js';
import type { RequestRecord } from './request-record.js';

export interface AccessLogOptions {
  /** File appended to; undefined disables the log (write() then costs one branch). */
  path: string | undefined;
  edgeId: string;
  /** A batch is written once this many bytes are buffered, and no batch is larger (unless one line is). */
  flushBytes?: number;
  /** Buffered lines are written at least this often. */
  flushIntervalMs?: number;
  /** Lines beyond this many buffered bytes are dropped (and counted) rather than exhausting memory. */
  maxBufferedBytes?: number;
  /** Called when appending fails; logging must never take the request path down with it. */
  onError?: (error: Error) => void;
}

/**
 * 64 KiB: far below the size up to which one write(2) with O_APPEND to a regular file on Linux lands
 * in one piece, so lines from several processes appending to the same file never interleave.
 */
const DEFAULT_FLUSH_BYTES = 64 * 1024;
const DEFAULT_FLUSH_INTERVAL_MS = 1000;
const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** Formats one access-log line (with its trailing newline). Pure, so it is tested on its own. */
export function formatAccessLogLine(r: RequestRecord, edgeId: string): string {
  // Built by hand rather than with JSON.stringify of an object: this runs once per request on the hot
  // path, and most strings need no escaping at all (checked with one regular expression each).
  return (
    `{"date":"${utcDate(r.atMs)}","time":"${utcTime(r.atMs)}","clientIp":${str(r.clientIp)},"method":${str(r.method)}` +
    `,"uri":${str(r.uri)},"protocol":${str(r.protocol)},"status":${num(r.status)},"bytes":${num(r.bytesSent)}` +
    `,"timeTakenMs":${num(Math.round(r.durationMs * 1000) / 1000)},"referer":${opt(r.referer)},"userAgent":${opt(r.userAgent)}` +
    `,"range":${opt(r.range)},"contentType":${opt(r.contentType)},"cached":${isServedFromCache(r.outcome) ? 1 : 0}` +
    `,"edgeId":${str(edgeId)},"host":${str(r.host)},"property":${str(r.propertyId)},"configVersion":${opt(r.configVersion)}}\n`
  );
}

/** Characters JSON must escape, plus U+2028/U+2029, which some log tools treat as line breaks. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/;

/** A JSON string literal; hostile header values can never break out of it or split the line. */
function str(s: string): string {
  return NEEDS_ESCAPE.test(s) ? escapeLineSeparators(JSON.stringify(s)) : `"${s}"`;
}

function opt(s: string | undefined): string {
  return s === undefined ? 'null' : str(s);
}

/** Numbers as JSON writes them (a non-finite value, which should never occur, becomes null). */
function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/**
 * Date.toISOString costs about as much as the rest of the line, and at edge request rates thousands of
 * lines share a second, so the "YYYY-MM-DD" and "HH:MM:SS" of the last second seen are memoised (the
 * functions stay pure: same input, same output).
 */
let memoSecond = Number.NaN;
let memoDate = '';
let memoClock = '';

function memoiseSecond(atMs: number): number {
  const second = Math.floor(atMs / 1000);
  if (second !== memoSecond) {
    const iso = new Date(second * 1000).toISOString(); // always UTC: "YYYY-MM-DDTHH:MM:SS.000Z"
    memoSecond = second;
    memoDate = iso.slice(0, 10);
    memoClock = iso.slice(11, 19);
  }
  return second;
}

/** YYYY-MM-DD (UTC). */
export function utcDate(atMs: number): string {
  memoiseSecond(atMs);
  return memoDate;
}

/** HH:MM:SS.mmm (UTC). */
export function utcTime(atMs: number): string {
  const second = memoiseSecond(atMs);
  const ms = Math.floor(atMs - second * 1000);
  return `${memoClock}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}`;
}

function escapeLineSeparators(json: string): string {
  return json.replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}

/** Splits buffered lines into batches of at most maxBytes each (a longer line forms a batch alone). */
export function takeBatches(lines: readonly string[], maxBytes: number): string[] {
  const batches: string[] = [];
  let current = '';
  let currentBytes = 0;
  for (const line of lines) {
    const bytes = Buffer.byteLength(line);
    if (currentBytes > 0 && currentBytes + bytes > maxBytes) {
      batches.push(current);
      current = '';
      currentBytes = 0;
    }
    current += line;
    currentBytes += bytes;
  }
  if (currentBytes > 0) batches.push(current);
  return batches;
}

export class AccessLog {
  private readonly path: string | undefined;
  private readonly edgeId: string;
  private readonly flushBytes: number;
  private readonly maxBufferedBytes: number;
  private readonly onError: (error: Error) => void;
  private lines: string[] = [];
  /** Approximated by string length (UTF-16 units): exact byte counts are computed when batching. */
  private bufferedLength = 0;
  /** Handed to the append chain but not yet written: counts against maxBufferedBytes when the disk stalls. */
  private pendingLength = 0;
  private handle: FileHandle | undefined;
  /** Appends run one after another so batches land in the order their lines were written. */
  private chain: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private readonly timer: NodeJS.Timeout | undefined;
  private closed = false;
  private dropped = 0;

  constructor(opts: AccessLogOptions) {
    this.path = opts.path;
    this.edgeId = opts.edgeId;
    this.flushBytes = opts.flushBytes ?? DEFAULT_FLUSH_BYTES;
    this.maxBufferedBytes = opts.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.onError = opts.onError ?? defaultOnError;
    if (this.path !== undefined) {
      this.timer = setInterval(() => void this.flush(), opts.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS);
      // The log must not keep a process alive that has otherwise finished.
      this.timer.unref();
    }
  }

  /** Lines dropped because the buffer was full or the log was closed. */
  get droppedLines(): number {
    return this.dropped;
  }

  write(r: RequestRecord): void {
    if (this.path === undefined) return;
    if (this.closed || this.bufferedLength + this.pendingLength >= this.maxBufferedBytes) {
      this.dropped += 1;
      return;
    }
    const line = formatAccessLogLine(r, this.edgeId);
    this.lines.push(line);
    this.bufferedLength += line.length;
    if (this.bufferedLength >= this.flushBytes && !this.flushScheduled) {
      // Deferred so the append is issued after the response, never inside the caller's stack.
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        void this.flush();
      });
    }
  }

  /** Appends everything buffered so far; resolves when it is in the file (errors go to onError). */
  flush(): Promise<void> {
    if (this.lines.length === 0) return this.chain;
    const lines = this.lines;
    const length = this.bufferedLength;
    this.lines = [];
    this.bufferedLength = 0;
    this.pendingLength += length;
    const batches = takeBatches(lines, this.flushBytes);
    this.chain = this.chain.then(async () => {
      await this.append(batches);
      this.pendingLength -= length;
    });
    return this.chain;
  }

  /**
   * Closes the file so the next batch reopens the path: after logrotate has moved the old file, lines go
   * to the new one.
   */
  async reopen(): Promise<void> {
    this.chain = this.chain.then(() => this.closeHandle());
    await this.chain;
  }

  async close(): Promise<void> {
    if (this.closed) return this.chain;
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.flush();
    this.chain = this.chain.then(() => this.closeHandle());
    await this.chain;
  }

  private async append(batches: readonly string[]): Promise<void> {
    const path = this.path;
    if (path === undefined) return;
    try {
      // 'a' opens with O_APPEND: every write goes to the end of the file even with other writers.
      this.handle ??= await open(path, 'a');
      for (const batch of batches) await writeFully(this.handle, Buffer.from(batch));
    } catch (error) {
      this.onError(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    try {
      await handle?.close();
    } catch (error) {
      this.onError(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** One write call per batch; only a short write (disk full, signal) needs another for the rest. */
async function writeFully(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    if (bytesWritten <= 0) throw new Error('access log: write made no progress');
    offset += bytesWritten;
  }
}

let reportedOnce = false;
/** Reports the first failure only: a full disk would otherwise print once per batch forever. */
function defaultOnError(error: Error): void {
  if (reportedOnce) return;
  reportedOnce = true;
  console.error(`access log: append failed (further errors are not reported): ${error.message}`);
}
