// Rebuilds the disk tier's index at open from what is on disk, and removes whatever a crash or a bug left
// behind: temporary files, bodies without meta, meta without body, meta that does not parse or belongs
// elsewhere, and bodies whose size disagrees with their meta. Bodies are not read (the CRC is checked on
// each get), so opening a large cache costs one stat per entry.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ENTRY_FILE, SHARD_DIR, TEMP_FILE, decodeMeta, entryId, errorCode, forEachLimited, unlinkQuiet } from './disk-layout.js';
import type { EntryMeta } from './types.js';

export interface RecoveredEntry {
  readonly id: string;
  readonly meta: EntryMeta;
  readonly bodyCrc32: number;
  readonly metaBytes: number;
  /** Position in the rebuilt LRU order (older first): store time, then the meta file's mtime. */
  readonly recencyMs: number;
  readonly metaMtimeMs: number;
}

const SCAN_CONCURRENCY = 32;

/** Every valid entry under dir, least recently stored first. Invalid files are deleted on the way. */
export async function recoverEntries(dir: string, nowMs: number): Promise<RecoveredEntry[]> {
  const found: RecoveredEntry[] = [];
  for (const shard of await readdir(dir, { withFileTypes: true })) {
    // Anything that is not one of our shards is not ours to judge, so it is left alone.
    if (shard.isDirectory() && SHARD_DIR.test(shard.name)) {
      found.push(...(await recoverShard(join(dir, shard.name), shard.name, nowMs)));
    }
  }
  // Recency is not persisted (that would cost a write per hit); the store time is the best proxy, and
  // the meta file's mtime (bumped by updates) breaks ties.
  return found.sort((a, b) => a.recencyMs - b.recencyMs || a.metaMtimeMs - b.metaMtimeMs);
}

async function recoverShard(shardDir: string, shardName: string, nowMs: number): Promise<RecoveredEntry[]> {
  const bodies = new Set<string>();
  const metas: string[] = [];
  const leftovers: string[] = [];
  for (const name of await readdir(shardDir)) {
    const parsed = ENTRY_FILE.exec(name);
    if (TEMP_FILE.test(name)) leftovers.push(name);
    else if (parsed?.[2] === 'body') bodies.add(parsed[1] ?? '');
    else if (parsed?.[2] === 'meta') metas.push(parsed[1] ?? '');
  }
  await forEachLimited(leftovers, SCAN_CONCURRENCY, (name) => unlinkQuiet(join(shardDir, name)));

  const found: RecoveredEntry[] = [];
  await forEachLimited(metas, SCAN_CONCURRENCY, async (id) => {
    const hasBody = bodies.delete(id);
    const entry = hasBody ? await loadEntry(shardDir, shardName, id, nowMs) : undefined;
    if (entry === undefined) await removeEntryFiles(shardDir, id);
    else found.push(entry);
  });
  // Bodies no meta claimed: a put that died between its two renames.
  await forEachLimited([...bodies], SCAN_CONCURRENCY, (id) => unlinkQuiet(join(shardDir, `${id}.body`)));
  return found;
}

async function loadEntry(
  shardDir: string,
  shardName: string,
  id: string,
  nowMs: number,
): Promise<RecoveredEntry | undefined> {
  const metaPath = join(shardDir, `${id}.meta`);
  try {
    const [raw, metaStat, bodyStat] = await Promise.all([
      readFile(metaPath),
      stat(metaPath),
      stat(join(shardDir, `${id}.body`)),
    ]);
    const decoded = decodeMeta(raw);
    if (decoded === undefined) return undefined;
    const { meta, bodyCrc32 } = decoded;
    // A meta copied or renamed into the wrong place would answer for a key it does not belong to.
    if (entryId(meta.primaryKey, meta.variantKey) !== id || !id.startsWith(shardName)) return undefined;
    if (bodyStat.size !== meta.bodyBytes) return undefined;
    // A store time in the future (the clock went back) would make the entry outlive everything else.
    const recencyMs = Math.min(meta.storedAtMs, nowMs);
    return { id, meta, bodyCrc32, metaBytes: raw.length, recencyMs, metaMtimeMs: metaStat.mtimeMs };
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

async function removeEntryFiles(shardDir: string, id: string): Promise<void> {
  await Promise.all([unlinkQuiet(join(shardDir, `${id}.meta`)), unlinkQuiet(join(shardDir, `${id}.body`))]);
}
