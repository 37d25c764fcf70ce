// The disk tier's on-disk format: where an entry's files live, what its meta file holds, and the small
// file primitives (atomic replace, quiet unlink) the store and its recovery scan share.
import { createHash, randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntryMeta, HeaderMap } from './types.js';

/** Bumped on any incompatible change to the meta file; files of another version are dropped at open. */
export const FORMAT_VERSION = 1;

export const ENTRY_FILE = /^([0-9a-f]{64})\.(body|meta)$/;
export const TEMP_FILE = /\.tmp$/;
export const SHARD_DIR = /^[0-9a-f]{2}$/;

/** sha256(primaryKey + '\n' + variantKey): fixed-length, file-name-safe, and spreads entries over shards. */
export function entryId(primaryKey: string, variantKey: string): string {
  return createHash('sha256').update(primaryKey).update('\n').update(variantKey).digest('hex');
}

export interface EntryPaths {
  readonly shard: string;
  readonly body: string;
  readonly meta: string;
}

/** Entries live in dir/<first two hex digits>/<id>.{body,meta}: 256 shards keep directories small. */
export function entryPaths(dir: string, id: string): EntryPaths {
  const shard = join(dir, id.slice(0, 2));
  return { shard, body: join(shard, `${id}.body`), meta: join(shard, `${id}.meta`) };
}

/** What a .meta file holds. The CRC covers the body so a torn or rotted body is caught before serving. */
export interface MetaFile {
  readonly v: number;
  readonly bodyCrc32: number;
  readonly meta: EntryMeta;
}

export function encodeMeta(meta: EntryMeta, bodyCrc32: number): Buffer {
  const file: MetaFile = { v: FORMAT_VERSION, bodyCrc32, meta };
  return Buffer.from(JSON.stringify(file));
}

/** The decoded meta file, or undefined for anything that is not exactly our current format. */
export function decodeMeta(raw: Buffer): { meta: EntryMeta; bodyCrc32: number } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || parsed.v !== FORMAT_VERSION) return undefined;
  const { bodyCrc32, meta } = parsed;
  if (!isUint32(bodyCrc32) || !isEntryMeta(meta)) return undefined;
  return { meta, bodyCrc32 };
}

let tempCounter = 0;
/** Unique per write, so two overlapping writes of one entry never share a temporary file. */
export function tempPath(finalPath: string): string {
  tempCounter = (tempCounter + 1) % Number.MAX_SAFE_INTEGER;
  return `${finalPath}.${process.pid}-${tempCounter}-${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * Writes to a temporary file and renames it over the target: readers see the old file or the new one,
 * never a partial one. No fsync: after a power loss a short file is possible, and the size and CRC checks
 * catch it, which is cheaper than syncing every cached response.
 */
export async function writeAtomic(path: string, data: Buffer): Promise<void> {
  const temp = tempPath(path);
  try {
    await writeFile(temp, data, { flag: 'wx' });
    await rename(temp, path);
  } catch (err) {
    await unlinkQuiet(temp);
    throw err;
  }
}

/** Unlinks a file that may already be gone. */
export async function unlinkQuiet(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
}

export function errorCode(err: unknown): string | undefined {
  return isRecord(err) && typeof err.code === 'string' ? err.code : undefined;
}

// ---- shape checks for meta read back from disk (a file is input like any other) ----

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isUint32(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffffffff;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isHeaderMap(value: unknown): value is HeaderMap {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string' || isStringArray(v));
}

function isEntryMeta(value: unknown): value is EntryMeta {
  if (!isRecord(value)) return false;
  const strings = ['primaryKey', 'variantKey', 'propertyId', 'path', 'query'] as const;
  const numbers = ['status', 'requestAtMs', 'responseAtMs', 'storedAtMs', 'freshnessMs'] as const;
  return (
    strings.every((name) => typeof value[name] === 'string') &&
    numbers.every((name) => isFiniteNumber(value[name])) &&
    Number.isSafeInteger(value.bodyBytes) &&
    (value.bodyBytes as number) >= 0 &&
    isHeaderMap(value.headers) &&
    isStringArray(value.vary) &&
    isStringArray(value.tags) &&
    (value.invalidated === undefined || value.invalidated === 'soft')
  );
}

/**
 * Runs `task` over items with at most `limit` in flight: a purge of a whole property or the scan of a large
 * cache would otherwise queue every file operation at once.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
