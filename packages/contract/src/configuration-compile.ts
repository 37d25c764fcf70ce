// From a customer's configuration version to the properties an edge serves (domain.md §2): every
// `{ definition }` replaced by the definition's value, the primary alias as the property id. Pure and
// total on a document that passed configurationDocumentSchema (which checked every name resolves).
import type { ConfigurationDocument, Definitions, DocumentBehaviours } from './configuration-document.js';
import type { GeneratedResponse } from './edge-access.js';
import type { Behaviours, Property } from './edge-config.js';

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
  const generated = resolveResponse(b.generatedResponse, defs);
  if (generated) out.generatedResponse = generated;
  return out;
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
      match: r.match,
      behaviours: resolveBehaviours(r.behaviours, doc.definitions),
    })),
    source: { configurationId: source.configurationId, version: source.version },
  }));
}
