// From a customer's configuration version to the properties an edge serves (domain.md §2): every
// `{ definition }` replaced by the definition's value, the primary alias as the property id. Pure and
// total on a document that passed configurationDocumentSchema (which checked every name resolves).
import type { ConfigurationDocument, Definitions, DocumentBehaviours, DocumentRule } from './configuration-document.js';
import type { GeneratedResponse } from './edge-access.js';
import type { Behaviours, Match, Property } from './edge-config.js';
import type { TokenAuth } from './token-auth.js';

export interface CompileSource {
  readonly scid: string;
  readonly configurationId: string;
  readonly version: number;
}

function definitionName(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null && 'definition' in v ? (v as { definition: string }).definition : undefined;
}

function lookup<T>(table: Readonly<Record<string, T>>, name: string): T {
  const value = table[name];
  if (value === undefined) throw new Error(`undefined definition "${name}" (the document was not validated)`);
  return value;
}

function resolveResponse(v: GeneratedResponse | { definition: string } | undefined, defs: Definitions): GeneratedResponse | undefined {
  if (v === undefined) return undefined;
  const name = definitionName(v);
  return name === undefined ? (v as GeneratedResponse) : lookup(defs.generatedResponses, name);
}

export function resolveBehaviours(b: DocumentBehaviours, defs: Definitions): Behaviours {
  const out: Behaviours = {};
  if (b.cacheControl) out.cacheControl = b.cacheControl;
  if (b.queryString) out.queryString = b.queryString;
  if (b.acceptEncoding) out.acceptEncoding = b.acceptEncoding;
  for (const field of ['requestHeaders', 'responseHeaders'] as const) {
    const v = b[field];
    if (v === undefined) continue;
    const name = definitionName(v);
    out[field] = name === undefined ? (v as { set: Record<string, string>; remove: string[] }) : lookup(defs.headers, name);
  }
  if (b.ipRestriction) {
    const r = b.ipRestriction;
    const cidrs = [...r.cidrs, ...r.ipGroups.flatMap((name) => lookup(defs.ipGroups, name))];
    const denyResponse = resolveResponse(r.denyResponse, defs);
    out.ipRestriction = denyResponse ? { mode: r.mode, cidrs, denyResponse } : { mode: r.mode, cidrs };
  }
  if (b.geoRestriction) {
    const g = b.geoRestriction;
    // Sorted and without repeats: the same countries written twice (literally and through a region)
    // compile to one document, so a diff of snapshots shows only real changes.
    const countries = [...new Set([...g.countries, ...g.geoRegions.flatMap((name) => lookup(defs.geoRegions, name))])].sort();
    const ipExceptions = [...g.ipExceptions, ...g.ipExceptionGroups.flatMap((name) => lookup(defs.ipGroups, name))];
    const denyResponse = resolveResponse(g.denyResponse, defs);
    out.geoRestriction = { mode: g.mode, countries, ipExceptions, ...(denyResponse ? { denyResponse } : {}) };
  }
  if (b.tokenAuth) {
    const name = definitionName(b.tokenAuth);
    out.tokenAuth = name === undefined ? (b.tokenAuth as TokenAuth) : lookup(defs.tokens, name);
  }
  const generated = resolveResponse(b.generatedResponse, defs);
  if (generated) out.generatedResponse = generated;
  return out;
}

function resolveMatch(match: DocumentRule['match'], defs: Definitions): Match {
  if (match.stringList !== undefined) return { op: match.op, values: lookup(defs.stringLists, match.stringList), negate: match.negate };
  return { op: match.op, value: match.value, negate: match.negate };
}

export function compileConfiguration(doc: ConfigurationDocument, source: CompileSource): Property[] {
  return doc.properties.map((p) => ({
    id: p.aliases[0]!,
    scid: source.scid,
    aliases: p.aliases,
    origin: p.origin,
    ...(p.backupOrigin ? { backupOrigin: p.backupOrigin } : {}),
    clientProtocols: p.clientProtocols,
    defaults: resolveBehaviours(p.defaults, doc.definitions),
    rules: p.rules.map((r) => ({
      ...(r.name !== undefined ? { name: r.name } : {}),
      match: resolveMatch(r.match, doc.definitions),
      behaviours: resolveBehaviours(r.behaviours, doc.definitions),
    })),
    source: { configurationId: source.configurationId, version: source.version },
  }));
}
