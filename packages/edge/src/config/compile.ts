// Turns a validated configuration document into the structures the request path reads: an alias
// map and, per property, rule matchers compiled once. Nothing here runs per request.
import type { Behaviours, EdgeConfig, Origin, Property } from '@candela/contract';
import { parseTtlMs } from '@candela/contract';
import { compileGlob } from './glob.js';

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
}

export interface CompiledRule {
  readonly name: string;
  readonly matches: (path: string) => boolean;
  readonly behaviours: EffectiveBehaviours;
}

export interface CompiledProperty {
  readonly id: string;
  readonly primaryAlias: string;
  readonly origin: Origin;
  readonly backupOrigin: Origin | undefined;
  readonly defaults: EffectiveBehaviours;
  readonly rules: readonly CompiledRule[];
}

export interface CompiledConfig {
  readonly version: number;
  readonly byAlias: ReadonlyMap<string, CompiledProperty>;
  /** The `*` alias (single-origin mode) answers for any Host not listed. */
  readonly wildcard: CompiledProperty | undefined;
  readonly properties: readonly CompiledProperty[];
}

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
  };
}

function compileProperty(p: Property): CompiledProperty {
  const defaults = applyBehaviours(BASE, p.defaults);
  const rules = p.rules.map((r, i): CompiledRule => {
    const test = compileMatch(r.match.op, r.match.value);
    return {
      name: r.name ?? `rule ${i + 1}`,
      matches: r.match.negate ? (path) => !test(path) : test,
      behaviours: applyBehaviours(defaults, r.behaviours),
    };
  });
  return {
    id: p.id,
    primaryAlias: p.aliases[0]!,
    origin: p.origin,
    backupOrigin: p.backupOrigin,
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

export function compileConfig(doc: EdgeConfig): CompiledConfig {
  const properties = doc.properties.map(compileProperty);
  const byAlias = new Map<string, CompiledProperty>();
  let wildcard: CompiledProperty | undefined;
  doc.properties.forEach((p, i) => {
    for (const alias of p.aliases) {
      if (alias === '*') wildcard = properties[i];
      else byAlias.set(alias, properties[i]!);
    }
  });
  return { version: doc.version, byAlias, wildcard, properties };
}

/** First matching rule wins (domain.md §2); no match → the property defaults. */
export function behavioursFor(property: CompiledProperty, path: string): EffectiveBehaviours {
  for (const rule of property.rules) if (rule.matches(path)) return rule.behaviours;
  return property.defaults;
}
