// Turns an invalidation request (exact URLs, wildcard paths, cache tags, a whole property) into a
// predicate over stored entries. Pure: the store applies it (soft marks, hard deletes).
import { compilePurgePattern } from '@candela/contract';
import type { InvalidationRequest } from '@candela/contract';
import { behavioursFor } from '../config/compile.js';
import type { CompiledConfig, CompiledProperty } from '../config/compile.js';
import { primaryKey } from '../pipeline/cache-key.js';
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

/** A property named by id or by any of its aliases. */
export function findProperty(cfg: CompiledConfig, name: string): CompiledProperty | undefined {
  return cfg.properties.find((p) => p.id === name) ?? cfg.byAlias.get(name.toLowerCase());
}

function requireProperty(cfg: CompiledConfig, name: string, pointer: string): CompiledProperty {
  const p = findProperty(cfg, name);
  if (!p) throw new InvalidationError('UNKNOWN_PROPERTY', `no property "${name}" on this edge`, pointer);
  return p;
}

export function predicateFor(cfg: CompiledConfig, req: InvalidationRequest): EntryPredicate {
  switch (req.type) {
    case 'url': {
      const keys = new Set<string>();
      req.urls.forEach((u, i) => {
        const url = new URL(u);
        const host = hostOf({ host: url.host });
        const property = cfg.byAlias.get(host) ?? cfg.wildcard;
        if (!property) throw new InvalidationError('UNKNOWN_PROPERTY', `no property serves "${host}"`, `/urls/${i}`);
        const { path, query } = splitTarget(url.pathname + url.search);
        keys.add(primaryKey(property.id, path, query, behavioursFor(property, path)));
      });
      return (meta) => keys.has(meta.primaryKey);
    }
    case 'path': {
      const property = requireProperty(cfg, req.property, '/property');
      const patterns = req.patterns.map((source, i) => {
        const compiled = compilePurgePattern(source, { ignoreCase: req.ignoreCase });
        if (!compiled.ok) {
          throw new InvalidationError(
            'INVALID_PATTERN',
            `${compiled.error.message} at position ${compiled.error.position}`,
            `/patterns/${i}`,
          );
        }
        return compiled.pattern;
      });
      return (meta) => meta.propertyId === property.id && patterns.some((p) => p.matches(meta.path, meta.query));
    }
    case 'tag': {
      const only = req.property === undefined ? undefined : requireProperty(cfg, req.property, '/property').id;
      const tags = new Set(req.tags);
      return (meta) => (only === undefined || meta.propertyId === only) && meta.tags.some((t) => tags.has(t));
    }
    case 'property': {
      const id = requireProperty(cfg, req.property, '/property').id;
      return (meta) => meta.propertyId === id;
    }
  }
}
