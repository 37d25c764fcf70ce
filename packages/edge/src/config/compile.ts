// Turns a validated configuration document into the structures the request path reads: alias maps
// (production, canary candidates, staging) and, per property, rule matchers, IP block lists and
// generated responses compiled once. Nothing here runs per request.
import type { ClientProtocols } from '../pipeline/client-protocols.js';
import type { Behaviours, EdgeConfig, Match, Origin, Property } from '@candela/contract';
import { parseTtlMs } from '@candela/contract';
import { canarySuffix } from './canary.js';
import { compileGeoRestriction, compileIpRestriction, prepareResponse } from './compile-access.js';
import type { CompiledGeoRestriction, CompiledIpRestriction, PreparedResponse } from './compile-access.js';
import { compileGlob } from './glob.js';
import { compileTokenAuth } from './token-auth.js';
import type { CompiledTokenAuth } from './token-auth.js';

/** Behaviours with every default filled in, so the request path never checks for undefined. */
export interface EffectiveBehaviours {
  /** 'as-is' honours the origin; 'ttl' overrides the lifetime; 'no-cache' always revalidates. */
  readonly cachePolicy: 'as-is' | 'ttl' | 'no-cache' | 'no-store';
  readonly ttlMs: number;
  readonly externalCacheControl: { readonly value: string; readonly force: boolean } | undefined;
  readonly ignoreQuery: boolean;
  readonly normaliseAcceptEncoding: boolean;
  readonly requestHeaderSet: ReadonlyArray<readonly [string, string]>;
  readonly requestHeaderRemove: readonly string[];
  readonly responseHeaderSet: ReadonlyArray<readonly [string, string]>;
  readonly responseHeaderRemove: readonly string[];
  /** Checked before the cache and the origin; undefined → every client is served. */
  readonly ipRestriction: CompiledIpRestriction | undefined;
  /** Checked after the IP restriction, with the country of the client's address. */
  readonly geoRestriction: CompiledGeoRestriction | undefined;
  /** Signed URLs (domain.md §4), checked after the restrictions. */
  readonly tokenAuth: CompiledTokenAuth | undefined;
  /** The edge answers with this instead of serving content. */
  readonly generated: PreparedResponse | undefined;
}

export interface CompiledRule {
  readonly name: string;
  readonly matches: (path: string) => boolean;
  readonly behaviours: EffectiveBehaviours;
}

export interface CompiledProperty {
  /** The cache namespace and the metrics / log label: the property id (`staging/<id>` on staging). */
  readonly id: string;
  /** The configuration version it came from, as logged: `<configurationId>@v<version>`. */
  readonly configVersion: string | undefined;
  readonly primaryAlias: string;
  readonly origin: Origin;
  readonly backupOrigin: Origin | undefined;
  readonly clientProtocols: ClientProtocols;
  readonly defaults: EffectiveBehaviours;
  readonly rules: readonly CompiledRule[];
}

/** A production candidate slot, for one alias: `percent` of clients get `property` (see canary.ts). */
export interface CompiledCandidate {
  readonly percent: number;
  /** UTF-8 bytes of `|<slot key>`, hashed after the client address. */
  readonly suffix: Uint8Array;
  readonly property: CompiledProperty;
}

export interface CompiledConfig {
  readonly version: number;
  /** Production, current slot. */
  readonly byAlias: ReadonlyMap<string, CompiledProperty>;
  /** The `*` alias (single-origin mode) answers for any Host not listed. */
  readonly wildcard: CompiledProperty | undefined;
  readonly properties: readonly CompiledProperty[];
  /** Production candidate slots by alias (`*` included); empty for most snapshots. */
  readonly candidates: ReadonlyMap<string, CompiledCandidate>;
  readonly candidateProperties: readonly CompiledProperty[];
  /** Staging properties by alias (`*` included): looked up only for the staging listener. */
  readonly staging: ReadonlyMap<string, CompiledProperty>;
  readonly stagingProperties: readonly CompiledProperty[];
}

/** Staging versions keep their own cache entries, so nothing fetched for staging reaches production. */
export const STAGING_ID_PREFIX = 'staging/';

const BASE: EffectiveBehaviours = {
  cachePolicy: 'as-is',
  ttlMs: 0,
  externalCacheControl: undefined,
  ignoreQuery: false,
  normaliseAcceptEncoding: true,
  requestHeaderSet: [],
  requestHeaderRemove: [],
  responseHeaderSet: [],
  responseHeaderRemove: [],
  ipRestriction: undefined,
  geoRestriction: undefined,
  tokenAuth: undefined,
  generated: undefined,
};

/** Overlays the behaviours a rule sets on top of what was already in force. */
export function applyBehaviours(base: EffectiveBehaviours, b: Behaviours): EffectiveBehaviours {
  const internal = b.cacheControl?.internal;
  const lower = (names: readonly string[]) => names.map((n) => n.toLowerCase());
  return {
    cachePolicy: internal?.policy ?? base.cachePolicy,
    ttlMs: internal?.policy === 'ttl' ? (parseTtlMs(internal.ttl) ?? 0) : base.ttlMs,
    externalCacheControl: b.cacheControl?.external ?? base.externalCacheControl,
    ignoreQuery: b.queryString === undefined ? base.ignoreQuery : b.queryString === 'ignore',
    normaliseAcceptEncoding:
      b.acceptEncoding === undefined ? base.normaliseAcceptEncoding : b.acceptEncoding === 'normalise',
    requestHeaderSet: b.requestHeaders
      ? Object.entries(b.requestHeaders.set).map(([k, v]) => [k.toLowerCase(), v] as const)
      : base.requestHeaderSet,
    requestHeaderRemove: b.requestHeaders ? lower(b.requestHeaders.remove) : base.requestHeaderRemove,
    responseHeaderSet: b.responseHeaders
      ? Object.entries(b.responseHeaders.set).map(([k, v]) => [k.toLowerCase(), v] as const)
      : base.responseHeaderSet,
    responseHeaderRemove: b.responseHeaders ? lower(b.responseHeaders.remove) : base.responseHeaderRemove,
    ipRestriction: b.ipRestriction ? compileIpRestriction(b.ipRestriction) : base.ipRestriction,
    geoRestriction: b.geoRestriction ? compileGeoRestriction(b.geoRestriction) : base.geoRestriction,
    tokenAuth: b.tokenAuth ? compileTokenAuth(b.tokenAuth) : base.tokenAuth,
    generated: b.generatedResponse ? prepareResponse(b.generatedResponse) : base.generated,
  };
}

function compileProperty(p: Property, idPrefix = ''): CompiledProperty {
  const defaults = applyBehaviours(BASE, p.defaults);
  const rules = p.rules.map((r, i): CompiledRule => {
    const test = compileCriterion(r.match);
    return {
      name: r.name ?? `rule ${i + 1}`,
      matches: r.match.negate ? (path) => !test(path) : test,
      behaviours: applyBehaviours(defaults, r.behaviours),
    };
  });
  return {
    id: idPrefix + p.id,
    configVersion: p.source ? `${p.source.configurationId}@v${p.source.version}` : undefined,
    primaryAlias: p.aliases[0]!,
    origin: p.origin,
    backupOrigin: p.backupOrigin,
    clientProtocols: p.clientProtocols,
    defaults,
    rules,
  };
}

/** domain.md §2 match operators on the path without query. */
export function compileMatch(op: '==' | '%=' | '*=' | '%*', value: string): (path: string) => boolean {
  switch (op) {
    case '==':
      return (path) => path === value;
    case '%=': {
      const lower = value.toLowerCase();
      return (path) => path.toLowerCase() === lower;
    }
    case '*=':
      return compileGlob(value, false);
    case '%*':
      return compileGlob(value, true);
  }
}

/** One value, or a string list that matches when any of its values does. */
function compileCriterion(match: Match): (path: string) => boolean {
  // The schema holds exactly one of value and values.
  if (match.values === undefined) return compileMatch(match.op, match.value!);
  // Equality against a list is one Set lookup; globs are tried in order.
  if (match.op === '==') {
    const values = new Set(match.values);
    return (path) => values.has(path);
  }
  if (match.op === '%=') {
    const values = new Set(match.values.map((v) => v.toLowerCase()));
    return (path) => values.has(path.toLowerCase());
  }
  const tests = match.values.map((v) => compileMatch(match.op, v));
  return (path) => tests.some((t) => t(path));
}

/** Every alias of every property, mapped to its compiled property (`*` kept as a key). */
function aliasMap(source: readonly Property[], compiled: readonly CompiledProperty[]): Map<string, CompiledProperty> {
  const map = new Map<string, CompiledProperty>();
  source.forEach((p, i) => {
    for (const alias of p.aliases) map.set(alias, compiled[i]!);
  });
  return map;
}

export function compileConfig(doc: EdgeConfig): CompiledConfig {
  const properties = doc.properties.map((p) => compileProperty(p));
  const byAlias = aliasMap(doc.properties, properties);
  const wildcard = byAlias.get('*');
  byAlias.delete('*');
  const candidates = new Map<string, CompiledCandidate>();
  const candidateProperties: CompiledProperty[] = [];
  for (const slot of doc.candidates) {
    // A slot at 0 % serves nobody: leaving it out keeps the hash off the request path (a rollback).
    if (slot.percent === 0) continue;
    const suffix = canarySuffix(slot.key);
    const compiled = slot.properties.map((p) => compileProperty(p));
    candidateProperties.push(...compiled);
    for (const [alias, property] of aliasMap(slot.properties, compiled)) candidates.set(alias, { percent: slot.percent, suffix, property });
  }
  const stagingProperties = doc.staging.map((p) => compileProperty(p, STAGING_ID_PREFIX));
  const staging = aliasMap(doc.staging, stagingProperties);
  return { version: doc.version, byAlias, wildcard, properties, candidates, candidateProperties, staging, stagingProperties };
}

/** First matching rule wins (domain.md §2); no match → the property defaults. */
export function behavioursFor(property: CompiledProperty, path: string): EffectiveBehaviours {
  for (const rule of property.rules) if (rule.matches(path)) return rule.behaviours;
  return property.defaults;
}
