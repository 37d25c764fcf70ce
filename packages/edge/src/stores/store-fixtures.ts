// Entry builders shared by the store tests (kept out of *.test.ts so every suite builds entries alike).
import type { EntryMeta, HeaderMap, StoredEntry } from './types.js';

export interface EntrySpec {
  readonly primaryKey?: string;
  readonly variantKey?: string;
  readonly body?: Buffer | string;
  readonly storedAtMs?: number;
  readonly tags?: readonly string[];
  readonly headers?: HeaderMap;
  readonly propertyId?: string;
}

export function makeEntry(spec: EntrySpec = {}): StoredEntry {
  const primaryKey = spec.primaryKey ?? 'prop-1|/index.html';
  const body = typeof spec.body === 'string' ? Buffer.from(spec.body) : (spec.body ?? Buffer.from('hello'));
  const storedAtMs = spec.storedAtMs ?? 1_700_000_000_000;
  const meta: EntryMeta = {
    primaryKey,
    variantKey: spec.variantKey ?? '',
    propertyId: spec.propertyId ?? 'prop-1',
    path: primaryKey.slice(primaryKey.indexOf('|') + 1),
    query: '',
    status: 200,
    headers: spec.headers ?? { 'content-type': 'application/octet-stream', 'set-cookie': ['a=1', 'b=2'] },
    vary: spec.variantKey ? ['accept-encoding'] : [],
    tags: spec.tags ?? [],
    requestAtMs: storedAtMs - 20,
    responseAtMs: storedAtMs - 5,
    storedAtMs,
    freshnessMs: 60_000,
    bodyBytes: body.length,
  };
  return { meta, body };
}

/** Deterministic bytes covering every byte value, so binary round trips are really tested. */
export function binaryBody(length: number, seed = 1): Buffer {
  const body = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    body[i] = i < 256 ? (i + seed) & 0xff : state >>> 24;
  }
  return body;
}

/** Variant keys held under a primary key, sorted (stores promise no order). */
export function variantKeysOf(metas: readonly EntryMeta[]): string[] {
  return metas.map((meta) => meta.variantKey).sort();
}
