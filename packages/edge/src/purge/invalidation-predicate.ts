// Turns an invalidation request (exact URLs, wildcard paths, cache tags, a whole property) into a
// predicate over stored entries. Pure: the store applies it (soft marks, hard deletes).
import { compilePurgePattern } from '@candela/contract';
import type { InvalidationRequest } from '@candela/contract';
import { behavioursFor, STAGING_ID_PREFIX } from '../config/compile.js';
import type { CompiledConfig, CompiledProperty } from '../config/compile.js';
import { primaryKey } from '../pipeline/cache-key.js';
import type { EntryScope } from '../stores/entry-scope.js';
import type { EntryPredicate } from '../stores/types.js';
import { hostOf, splitTarget } from '../pipeline/request-info.js';

export class InvalidationError extends Error {
  constructor(
    readonly code: 'UNKNOWN_PROPERTY' | 'INVALID_PATTERN',
    message: string,
    readonly pointer: string,
  ) {
    super(message);
  }
}

/** A property named by id or by any of its aliases: production current, then candidate, then staging. */
export function findProperty(cfg: CompiledConfig, name: string): CompiledProperty | undefined {
  const alias = name.toLowerCase();
  return (
    cfg.properties.find((p) => p.id === name) ??
    cfg.byAlias.get(alias) ??
    cfg.candidateProperties.find((p) => p.id === name) ??
    cfg.candidates.get(alias)?.property ??
    cfg.stagingProperties.find((p) => p.id === STAGING_ID_PREFIX + name) ??
    cfg.staging.get(alias)
  );
}

/**
 * The cache namespaces an invalidation of a property reaches: its own and, for a production property,
 * the staging copy of the same id (staging keeps separate entries, and a purge means "everywhere").
 */
function requireProperty(cfg: CompiledConfig, name: string, pointer: string): ReadonlySet<string> {
  const p = findProperty(cfg, name);
  if (!p) throw new InvalidationError('UNKNOWN_PROPERTY', `no property "${name}" on this edge`, pointer);
  return new Set(p.id.startsWith(STAGING_ID_PREFIX) ? [p.id] : [p.id, STAGING_ID_PREFIX + p.id]);
}

/** Every property that may answer for `host`: the current slot, a candidate slot, staging. */
function propertiesServing(cfg: CompiledConfig, host: string): CompiledProperty[] {
  const current = cfg.byAlias.get(host);
  const found = [
    current ?? cfg.wildcard,
    (cfg.candidates.get(host) ?? (current === undefined ? cfg.candidates.get('*') : undefined))?.property,
    cfg.staging.get(host) ?? cfg.staging.get('*'),
  ];
  return found.filter((p): p is CompiledProperty => p !== undefined);
}

function compilePatterns(req: Extract<InvalidationRequest, { type: 'path' }>) {
  return req.patterns.map((source, i) => {
    const compiled = compilePurgePattern(source, { ignoreCase: req.ignoreCase });
    if (!compiled.ok) {
      throw new InvalidationError('INVALID_PATTERN', `${compiled.error.message} at position ${compiled.error.position}`, `/patterns/${i}`);
    }
    return compiled.pattern;
  });
}

/** One request seen item by item (feed invalidations report objects matched per item). */
export interface ItemMatcher {
  /** The cache namespaces the request reaches (cheap; checked before any item). */
  readonly inScope: EntryPredicate;
  /**
   * One predicate per item, in request order: each URL, pattern or tag; a property request is one item.
   * An entry in scope that matches none of them is not invalidated.
   */
  readonly items: readonly EntryPredicate[];
  /** The entries any item can reach (entry-scope.ts); undefined when the request can reach any entry. */
  readonly scope: EntryScope | undefined;
}

/** Every entry of these cache namespaces whose path has one of `extensions` (undefined: any path). */
function scopeOf(ids: ReadonlySet<string>, extensions?: ReadonlySet<string>): EntryScope {
  return new Map([...ids].map((id) => [id, extensions] as const));
}

/**
 * Like predicateFor, item by item; throws InvalidationError for the same reasons, except that a URL whose
 * host no property here serves matches nothing (the request's other URLs still apply).
 */
export function itemMatcherFor(cfg: CompiledConfig, req: InvalidationRequest): ItemMatcher {
  const everywhere: EntryPredicate = () => true;
  switch (req.type) {
    case 'url': {
      // A URL whose host no property here serves matches nothing; the others still apply.
      const serving = new Set<string>();
      const perUrl = req.urls.map((u): EntryPredicate => {
        try {
          const match = predicateFor(cfg, { type: 'url', urls: [u], mode: req.mode });
          for (const property of propertiesServing(cfg, hostOf({ host: new URL(u).host }))) serving.add(property.id);
          return match;
        } catch (err) {
          if (err instanceof InvalidationError && err.code === 'UNKNOWN_PROPERTY') return () => false;
          throw err;
        }
      });
      // By property only: a primary key starts with its property's id, but the path the entry keeps may
      // be spelled differently from the URL's (percent-encoding), so its extension is not relied on.
      return { inScope: everywhere, items: perUrl, scope: scopeOf(serving) };
    }
    case 'path': {
      const ids = requireProperty(cfg, req.property, '/property');
      const patterns = compilePatterns(req);
      const keys = patterns.map((p) => p.extensionKey);
      const extensions = keys.every((key) => key !== undefined) ? new Set(keys) : undefined;
      return {
        inScope: (meta) => ids.has(meta.propertyId),
        items: patterns.map((p) => (meta) => p.matches(meta.path, meta.query)),
        scope: scopeOf(ids, extensions),
      };
    }
    case 'tag': {
      const only = req.property === undefined ? undefined : requireProperty(cfg, req.property, '/property');
      return {
        inScope: only === undefined ? everywhere : (meta) => only.has(meta.propertyId),
        items: req.tags.map((tag) => (meta) => meta.tags.includes(tag)),
        scope: only === undefined ? undefined : scopeOf(only),
      };
    }
    case 'property': {
      const ids = requireProperty(cfg, req.property, '/property');
      return { inScope: (meta) => ids.has(meta.propertyId), items: [everywhere], scope: scopeOf(ids) };
    }
  }
}

export function predicateFor(cfg: CompiledConfig, req: InvalidationRequest): EntryPredicate {
  switch (req.type) {
    case 'url': {
      const keys = new Set<string>();
      req.urls.forEach((u, i) => {
        const url = new URL(u);
        const host = hostOf({ host: url.host });
        const serving = propertiesServing(cfg, host);
        if (serving.length === 0) throw new InvalidationError('UNKNOWN_PROPERTY', `no property serves "${host}"`, `/urls/${i}`);
        const { path, query } = splitTarget(url.pathname + url.search);
        for (const property of serving) keys.add(primaryKey(property.id, path, query, behavioursFor(property, path)));
      });
      return (meta) => keys.has(meta.primaryKey);
    }
    case 'path': {
      const ids = requireProperty(cfg, req.property, '/property');
      const patterns = compilePatterns(req);
      return (meta) => ids.has(meta.propertyId) && patterns.some((p) => p.matches(meta.path, meta.query));
    }
    case 'tag': {
      const only = req.property === undefined ? undefined : requireProperty(cfg, req.property, '/property');
      const tags = new Set(req.tags);
      return (meta) => (only === undefined || only.has(meta.propertyId)) && meta.tags.some((t) => tags.has(t));
    }
    case 'property': {
      const ids = requireProperty(cfg, req.property, '/property');
      return (meta) => ids.has(meta.propertyId);
    }
  }
}
