// What the feed client keeps in the data directory (docs/operations.md, "Files"):
// - feed/credentials.json: the edge's id and token from enrolment (mode 0600), reused on restart;
// - feed/snapshot.json: the last snapshot applied and its feed seq, so the edge serves it at once on
//   the next start, even while the control plane is unreachable;
// - feed/cursor.json: the last feed event handled (an invalidation applied, an event refused), written
//   after it took effect and before its ack, so the feed resumes after it and never skips one.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { edgeConfigSchema, edgeEnrolResultSchema, feedSeqSchema, validate } from '@candela/contract';
import type { EdgeConfig, EdgeEnrolResult, Problem } from '@candela/contract';
import { writeFileAtomic } from './atomic-file.js';

export const credentialsPath = (dataDir: string) => join(dataDir, 'feed', 'credentials.json');
export const snapshotPath = (dataDir: string) => join(dataDir, 'feed', 'snapshot.json');
export const cursorPath = (dataDir: string) => join(dataDir, 'feed', 'cursor.json');

export type StoredCredentials = EdgeEnrolResult & {
  /** Credentials belong to one control plane: pointing the edge at another one enrols it there. */
  readonly controlPlaneUrl: string;
};

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A damaged file is treated as absent: credentials are re-enrolled, a snapshot is fetched again.
    return null;
  }
}

export async function loadCredentials(dataDir: string, controlPlaneUrl: string): Promise<StoredCredentials | undefined> {
  const json = await readJson(credentialsPath(dataDir));
  const parsed = edgeEnrolResultSchema.safeParse(json);
  const url = (json as { controlPlaneUrl?: unknown } | null | undefined)?.controlPlaneUrl;
  return parsed.success && url === controlPlaneUrl ? { ...parsed.data, controlPlaneUrl } : undefined;
}

export async function saveCredentials(dataDir: string, controlPlaneUrl: string, c: EdgeEnrolResult): Promise<StoredCredentials> {
  const stored: StoredCredentials = { ...c, controlPlaneUrl };
  await writeFileAtomic(credentialsPath(dataDir), JSON.stringify(stored, null, 2) + '\n', 0o600);
  return stored;
}

export async function forgetCredentials(dataDir: string): Promise<void> {
  await rm(credentialsPath(dataDir), { force: true });
}

/** What an edge serves before its first snapshot: nothing (unknown host for every request). */
export const EMPTY_DOCUMENT: EdgeConfig = { version: 0, properties: [], certificates: [], candidates: [], staging: [] };

export interface StoredSnapshot {
  readonly seq: number;
  readonly doc: EdgeConfig;
}

export type SnapshotLoad = { kind: 'none' } | { kind: 'ok'; snapshot: StoredSnapshot } | { kind: 'invalid'; problems: Problem[] };

/** The last applied snapshot, validated again (the schema may have changed since it was written). */
export async function loadSnapshot(dataDir: string): Promise<SnapshotLoad> {
  const json = await readJson(snapshotPath(dataDir));
  if (json === undefined) return { kind: 'none' };
  const file = json as { seq?: unknown; snapshot?: unknown } | null | undefined;
  const seq = feedSeqSchema.safeParse(file?.seq);
  if (!seq.success) return { kind: 'invalid', problems: [{ pointer: '/seq', message: 'not a snapshot file' }] };
  const doc = validate(edgeConfigSchema, file?.snapshot);
  return doc.ok ? { kind: 'ok', snapshot: { seq: seq.data, doc: doc.value } } : { kind: 'invalid', problems: doc.problems };
}

export async function saveSnapshot(dataDir: string, s: StoredSnapshot): Promise<void> {
  await writeFileAtomic(snapshotPath(dataDir), JSON.stringify({ seq: s.seq, savedAt: new Date().toISOString(), snapshot: s.doc }) + '\n', 0o600);
}

/** The last event handled, or undefined (none yet, or a damaged file: then the snapshot's seq is used). */
export async function loadCursor(dataDir: string): Promise<number | undefined> {
  const json = (await readJson(cursorPath(dataDir))) as { seq?: unknown } | null | undefined;
  const seq = feedSeqSchema.safeParse(json?.seq);
  return seq.success ? seq.data : undefined;
}

export async function saveCursor(dataDir: string, seq: number): Promise<void> {
  await writeFileAtomic(cursorPath(dataDir), JSON.stringify({ seq, savedAt: new Date().toISOString() }) + '\n', 0o600);
}
