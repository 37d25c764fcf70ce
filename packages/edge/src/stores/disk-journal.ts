// The disk tier's invalidation journal. An invalidation that matches thousands of entries would cost a
// file rewrite (Normal) or two unlinks (Force) per entry before the edge could say it is applied; instead
// the store writes ONE journal file naming the entries, changes its in-memory index at once (which is
// what every lookup reads), acknowledges, and does the per-entry file work in the background. The journal
// makes that safe across a crash: open() replays every journal left behind before serving, then deletes
// it. A journal is deleted as soon as its background work is done.
//
// Files: DIR/journal/<15-digit epoch ms>-<6-digit counter>.json, written through temp + rename like the
// entries, so a journal is either whole or absent. Names sort in the order the journals were written.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode, unlinkQuiet, writeAtomic } from './disk-layout.js';

export interface JournalRecord {
  readonly mode: 'soft' | 'hard';
  /** The invalidation applies to entries stored at or before this instant (entries.ts invalidationApplies). */
  readonly beforeMs: number;
  /** Entry ids (disk-layout.ts entryId). */
  readonly ids: readonly string[];
}

/** A journal read back at open; `record` undefined when the file does not parse (see replay rules). */
export interface JournalFile {
  readonly path: string;
  readonly record: JournalRecord | undefined;
}

const JOURNAL_DIR = 'journal';
const JOURNAL_FILE = /^\d{15}-\d{6}\.json$/;

export function journalDir(storeDir: string): string {
  return join(storeDir, JOURNAL_DIR);
}

export async function writeJournal(storeDir: string, nowMs: number, counter: number, record: JournalRecord): Promise<string> {
  const dir = journalDir(storeDir);
  await mkdir(dir, { recursive: true });
  const name = `${String(Math.max(0, Math.floor(nowMs))).padStart(15, '0')}-${String(counter % 1_000_000).padStart(6, '0')}.json`;
  const path = join(dir, name);
  await writeAtomic(path, Buffer.from(JSON.stringify(record)));
  return path;
}

function parseRecord(text: string): JournalRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<JournalRecord> | null;
    if (value === null || typeof value !== 'object') return undefined;
    if (value.mode !== 'soft' && value.mode !== 'hard') return undefined;
    if (typeof value.beforeMs !== 'number' || !Number.isFinite(value.beforeMs)) return undefined;
    if (!Array.isArray(value.ids) || !value.ids.every((id) => typeof id === 'string')) return undefined;
    return { mode: value.mode, beforeMs: value.beforeMs, ids: value.ids };
  } catch {
    return undefined;
  }
}

/** Every journal left in the store, oldest first. Temporary files of an interrupted write are removed. */
export async function readJournals(storeDir: string): Promise<JournalFile[]> {
  const dir = journalDir(storeDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return [];
    throw err;
  }
  const found: JournalFile[] = [];
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (!JOURNAL_FILE.test(name)) {
      // A temporary file: its journal was never written, so the invalidation never returned either.
      await unlinkQuiet(path);
      continue;
    }
    found.push({ path, record: parseRecord(await readFile(path, 'utf8')) });
  }
  return found;
}
