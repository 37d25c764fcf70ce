// Values derived from a stored entry that every hit would otherwise recompute: its corrected initial
// age (RFC 9111 §4.2.3: fixed once the response arrived) and the header block clients get under a
// given set of behaviours. Kept in WeakMaps keyed by the metadata object, so a 304 update or
// invalidation (which replace the metadata) and configuration changes (new behaviours objects)
// can never serve a stale derivation, and entries evicted from the stores are collected with them.
import { appendCacheStatus, initialAgeMs } from '@candela/http-cache';
import type { EffectiveBehaviours } from '../config/compile.js';
import type { EntryMeta } from '../stores/types.js';
import { applyResponsePolicy, clientHeadersOf } from './response-headers.js';

/** A flat header list as `writeHead` takes it: name, value, name, value… */
export type HeaderBlock = ReadonlyArray<string | string[]>;

interface View {
  readonly initialAgeMs: number;
  /** Cache-Status members from caches before us (RFC 9211 §2), kept in front of ours. */
  readonly upstreamCacheStatus: string | undefined;
  readonly blocks: WeakMap<EffectiveBehaviours, HeaderBlock>;
}

const views = new WeakMap<EntryMeta, View>();

function viewOf(meta: EntryMeta): View {
  let view = views.get(meta);
  if (view === undefined) {
    view = {
      initialAgeMs: initialAgeMs({ res: meta.headers, requestAtMs: meta.requestAtMs, responseAtMs: meta.responseAtMs }),
      blocks: new WeakMap(),
      upstreamCacheStatus: headerText(meta.headers['cache-status']),
    };
    views.set(meta, view);
  }
  return view;
}

function headerText(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The Cache-Status to send: upstream members, then ours (RFC 9211 §2). */
export function cacheStatusFor(meta: EntryMeta, ours: string): string {
  return appendCacheStatus(viewOf(meta).upstreamCacheStatus, ours);
}

/** RFC 9111 §4.2.3 current_age, from the cached corrected initial age. */
export function entryAgeMs(meta: EntryMeta, nowMs: number): number {
  return viewOf(meta).initialAgeMs + Math.max(0, nowMs - meta.responseAtMs);
}

/**
 * The full-response header block (status 200/other, whole body): stored fields minus the edge-only
 * ones, the property's response policy applied, Content-Length and Accept-Ranges set. Age and
 * Cache-Status are appended per response by the caller.
 */
export function fullResponseBlock(meta: EntryMeta, b: EffectiveBehaviours): HeaderBlock {
  const view = viewOf(meta);
  let block = view.blocks.get(b);
  if (block === undefined) {
    const headers = clientHeadersOf(meta.headers);
    applyResponsePolicy(headers, b);
    // Per response, never from the store: Age is recomputed (RFC 9111 §5.1), Cache-Status appended to.
    delete headers.age;
    delete headers['cache-status'];
    headers['content-length'] = String(meta.bodyBytes);
    if (meta.status === 200) headers['accept-ranges'] ??= 'bytes';
    const flat: Array<string | string[]> = [];
    for (const name in headers) {
      const v = headers[name];
      if (v !== undefined) flat.push(name, typeof v === 'number' ? String(v) : v);
    }
    block = flat;
    view.blocks.set(b, block);
  }
  return block;
}
