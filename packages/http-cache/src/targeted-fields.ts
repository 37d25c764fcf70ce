// Which field carries the cache policy for this (CDN) cache. RFC 9213 §2.1: a cache with a target list
// uses the first listed targeted field that is present, valid and non-empty INSTEAD of Cache-Control
// (and Expires). Our target list is CDN-Cache-Control, then Surrogate-Control (Edge Architecture 1.0,
// still sent by many origins), then the ordinary Cache-Control.
import { parseCacheControl, scanDirectives } from './cache-control.js';
import { getHeader } from './header-fields.js';
import { parseSfDictionary } from './structured-fields.js';
import type { SfMember } from './structured-fields.js';
import type { Directives, HeaderMap } from './types.js';

/** Targeted fields, in priority order. The edge removes them before responding to clients. */
export const TARGETED_FIELDS: readonly string[] = ['cdn-cache-control', 'surrogate-control'];

export type DirectiveSource = 'cdn-cache-control' | 'surrogate-control' | 'cache-control';

export interface EffectiveDirectives {
  readonly directives: Directives;
  readonly source: DirectiveSource;
}

/**
 * RFC 9213 §2.1: the directives this cache obeys and where they came from. `surrogateTarget` is our
 * Surrogate-Capability device token; without one, Surrogate-Control directives aimed at a device
 * (`max-age=60;edge1`) are ignored because they may be meant for another surrogate.
 */
export function cacheDirectives(res: HeaderMap, surrogateTarget?: string): EffectiveDirectives {
  const cdn = parseTargetedField(getHeader(res, 'cdn-cache-control'));
  if (cdn) return { directives: cdn, source: 'cdn-cache-control' };
  const surrogate = parseSurrogateControl(getHeader(res, 'surrogate-control'), surrogateTarget);
  if (surrogate) return { directives: surrogate, source: 'surrogate-control' };
  return { directives: parseCacheControl(getHeader(res, 'cache-control')), source: 'cache-control' };
}

/** RFC 9213 §2.1: when a targeted field is in use, Expires is ignored along with Cache-Control. */
export function usesExpires(source: DirectiveSource): boolean {
  return source === 'cache-control';
}

/**
 * RFC 9213 §2.2: a targeted field is an sf-dictionary; an empty field or a parse error means "absent"
 * (undefined) so the cache falls back. A valid field of unknown directives (`none`) is still in use.
 * Parameters are ignored; values of the wrong type are dropped, since §2.2 says implementations SHOULD
 * NOT consume values that violate a directive's inferred type (decimals keep their text so that
 * `max-age=1.5` stays invalid instead of becoming 1).
 */
export function parseTargetedField(value: string | undefined): Directives | undefined {
  if (value === undefined) return undefined;
  const dictionary = parseSfDictionary(value);
  if (!dictionary || dictionary.size === 0) return undefined;
  const out = new Map<string, string | true>();
  for (const [name, member] of dictionary) {
    const arg = directiveArgument(member);
    if (arg !== undefined) out.set(name, arg);
  }
  return out;
}

function directiveArgument(member: SfMember): string | true | undefined {
  switch (member.type) {
    case 'boolean':
      return member.value ? true : undefined; // `no-store=?0` means the directive is not given
    case 'integer':
    case 'decimal':
      return member.raw;
    case 'string':
    case 'token':
      return member.value;
    default:
      return undefined; // inner lists and byte sequences carry no directive semantics
  }
}

/** Edge Architecture 1.0: the only Surrogate-Control directives with a meaning for this cache. */
export const SURROGATE_DIRECTIVES: ReadonlySet<string> = new Set([
  'max-age',
  'no-store',
  'stale-while-revalidate',
  'stale-if-error',
]);

/**
 * Edge Architecture 1.0 Surrogate-Control: directives targeted at our device token win over untargeted
 * ones; only SURROGATE_DIRECTIVES are kept. `max-age=60+30` keeps its freshness part (the `+30`
 * revalidation window is not supported). Undefined when nothing applies, so Cache-Control is used.
 */
export function parseSurrogateControl(value: string | undefined, target?: string): Directives | undefined {
  if (value === undefined) return undefined;
  const ours = target?.toLowerCase();
  const general = new Map<string, string | true>();
  const targeted = new Map<string, string | true>();
  for (const element of scanDirectives(value, true)) {
    if (!SURROGATE_DIRECTIVES.has(element.name)) continue;
    const into = element.target === undefined ? general : element.target === ours ? targeted : undefined;
    if (into && !into.has(element.name)) into.set(element.name, surrogateArgument(element.name, element.arg));
  }
  const out = new Map([...general, ...targeted]);
  return out.size === 0 ? undefined : out;
}

function surrogateArgument(name: string, arg: string | true): string | true {
  if (name !== 'max-age' || arg === true) return arg;
  return arg.split('+')[0] ?? arg;
}
