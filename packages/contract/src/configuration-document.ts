// The customer's configuration document (domain.md §2): what one immutable configuration version holds.
// Properties with their aliases, origin and match rules, plus service-wide definitions that rules refer to
// by name. It differs from the edge document (edge-config.ts) only where names are allowed: a behaviour may
// say `{ "definition": "security-headers" }` instead of spelling the value out, so editing the definition
// changes every reference. compileConfiguration (configuration-compile.ts) inlines the names for the edge.
// The portal's form editor and JSON view validate with this same schema.
import { z } from 'zod';
import { countryCodeSchema } from './api/country-codes.js';
import { cidrSchema, generatedResponseSchema } from './edge-access.js';
import { cacheControlSchema, matchOpSchema, matchValueSchema, originSchema } from './edge-config.js';
import { headerEditsSchema } from './http-fields.js';
import { tokenAuthSchema } from './token-auth.js';

const hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, {
    message: 'hostname.format',
  });

/** Definition names: short, stable, readable in a URL and a diff. */
export const definitionNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, { message: 'definition.name' });


const reference = z.strictObject({ definition: definitionNameSchema });

/** IP restriction by literal blocks and/or IP-group definitions. */
const ipRestrictionDocSchema = z.strictObject({
  mode: z.enum(['allow', 'deny']),
  cidrs: z.array(cidrSchema).max(10_000).default([]),
  ipGroups: z.array(definitionNameSchema).max(100).default([]),
  denyResponse: z.union([generatedResponseSchema, reference]).optional(),
});

/**
 * Geo restriction by literal countries and/or geo-region definitions, with IP exceptions (literal blocks
 * and/or IP groups) that are always served.
 */
const geoRestrictionDocSchema = z.strictObject({
  mode: z.enum(['allow', 'deny']),
  countries: z.array(countryCodeSchema).max(300).default([]),
  geoRegions: z.array(definitionNameSchema).max(100).default([]),
  ipExceptions: z.array(cidrSchema).max(10_000).default([]),
  ipExceptionGroups: z.array(definitionNameSchema).max(100).default([]),
  denyResponse: z.union([generatedResponseSchema, reference]).optional(),
});

export const documentBehavioursSchema = z.strictObject({
  cacheControl: cacheControlSchema.optional(),
  queryString: z.enum(['honour', 'ignore']).optional(),
  acceptEncoding: z.enum(['normalise', 'as-is']).optional(),
  requestHeaders: z.union([headerEditsSchema, reference]).optional(),
  responseHeaders: z.union([headerEditsSchema, reference]).optional(),
  ipRestriction: ipRestrictionDocSchema.optional(),
  geoRestriction: geoRestrictionDocSchema.optional(),
  tokenAuth: z.union([tokenAuthSchema, reference]).optional(),
  generatedResponse: z.union([generatedResponseSchema, reference]).optional(),
});

/** A rule's criterion: one value, or every value of a string-list definition (any one matching). */
export const documentMatchSchema = z
  .strictObject({
    op: matchOpSchema,
    value: matchValueSchema.optional(),
    stringList: definitionNameSchema.optional(),
    /** The `!` prefix: the rule applies when the criterion does NOT match. */
    negate: z.boolean().default(false),
  })
  .refine((m) => (m.value === undefined) !== (m.stringList === undefined), { message: 'match.valueOrList', path: ['value'] });

export const documentRuleSchema = z.strictObject({
  name: z.string().max(200).optional(),
  match: documentMatchSchema,
  behaviours: documentBehavioursSchema,
});

export const documentPropertySchema = z.strictObject({
  /** Hostnames served; the first is the primary alias, which names the property and never changes. */
  aliases: z.array(hostname).min(1).max(100),
  origin: originSchema,
  backupOrigin: originSchema.optional(),
  /** Which client protocols the edge accepts for these aliases (HTTPS needs a certificate, issue 6). */
  clientProtocols: z.enum(['http', 'https', 'both']).default('both'),
  defaults: documentBehavioursSchema.default({}),
  rules: z.array(documentRuleSchema).max(1000).default([]),
});

export const definitionsSchema = z.strictObject({
  /** Countries, for geo restrictions. */
  geoRegions: z.record(definitionNameSchema, z.array(countryCodeSchema).min(1).max(300)).default({}),
  ipGroups: z.record(definitionNameSchema, z.array(cidrSchema).min(1).max(10_000)).default({}),
  headers: z.record(definitionNameSchema, headerEditsSchema).default({}),
  /** Values a rule's criterion can match any one of. */
  stringLists: z.record(definitionNameSchema, z.array(matchValueSchema).min(1).max(10_000)).default({}),
  /** Token authentication (signed URLs, domain.md §4). */
  tokens: z.record(definitionNameSchema, tokenAuthSchema).default({}),
  generatedResponses: z.record(definitionNameSchema, generatedResponseSchema).default({}),
});

type Path = (string | number)[];
type DefinitionKind = keyof Definitions;
const DEFINITION_KINDS: readonly DefinitionKind[] = ['geoRegions', 'ipGroups', 'headers', 'stringLists', 'tokens', 'generatedResponses'];

/** What an empty `definitions` holds once parsed (a fresh object each time: callers may fill it). */
export function emptyDefinitions(): Definitions {
  return { geoRegions: {}, ipGroups: {}, headers: {}, stringLists: {}, tokens: {}, generatedResponses: {} };
}

interface Reference {
  readonly kind: DefinitionKind;
  readonly name: string;
  readonly path: Path;
}

// The cross-field checks below read the document as `unknown` on purpose: they run even when other parts
// of it failed (a bad port must not hide a duplicate alias: the editor lists every problem at once), so
// they look only at the parts that are well-formed and skip the rest.
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function referenceName(v: unknown): string | undefined {
  return isRecord(v) && typeof v['definition'] === 'string' ? v['definition'] : undefined;
}

/** Every `{ definition }` a behaviour set makes, with the kind of definition it needs and its path. */
function references(b: unknown, at: Path): Reference[] {
  if (!isRecord(b)) return [];
  const found: Reference[] = [];
  const add = (kind: DefinitionKind, name: string | undefined, path: Path) => {
    if (name !== undefined) found.push({ kind, name, path });
  };
  add('headers', referenceName(b['requestHeaders']), [...at, 'requestHeaders', 'definition']);
  add('headers', referenceName(b['responseHeaders']), [...at, 'responseHeaders', 'definition']);
  add('generatedResponses', referenceName(b['generatedResponse']), [...at, 'generatedResponse', 'definition']);
  add('tokens', referenceName(b['tokenAuth']), [...at, 'tokenAuth', 'definition']);
  const names = (kind: DefinitionKind, v: unknown, path: Path) =>
    list(v).forEach((name, i) => add(kind, typeof name === 'string' ? name : undefined, [...path, i]));
  const ip = b['ipRestriction'];
  if (isRecord(ip)) {
    names('ipGroups', ip['ipGroups'], [...at, 'ipRestriction', 'ipGroups']);
    add('generatedResponses', referenceName(ip['denyResponse']), [...at, 'ipRestriction', 'denyResponse', 'definition']);
  }
  const geo = b['geoRestriction'];
  if (isRecord(geo)) {
    names('geoRegions', geo['geoRegions'], [...at, 'geoRestriction', 'geoRegions']);
    names('ipGroups', geo['ipExceptionGroups'], [...at, 'geoRestriction', 'ipExceptionGroups']);
    add('generatedResponses', referenceName(geo['denyResponse']), [...at, 'geoRestriction', 'denyResponse', 'definition']);
  }
  return found;
}

/** A rule criterion naming a string list. */
function matchReferences(rule: unknown, at: Path): Reference[] {
  const match = isRecord(rule) ? rule['match'] : undefined;
  const name = isRecord(match) && typeof match['stringList'] === 'string' ? match['stringList'] : undefined;
  return name === undefined ? [] : [{ kind: 'stringLists', name, path: [...at, 'match', 'stringList'] }];
}

/** One alias, one property: the edge could not tell which to serve. */
function checkUniqueAliases(properties: unknown[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  properties.forEach((p, i) =>
    list(isRecord(p) ? p['aliases'] : undefined).forEach((alias, j) => {
      if (typeof alias !== 'string') return;
      const first = seen.get(alias);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['properties', i, 'aliases', j], message: 'alias.alreadyIn', params: { alias, owner: `properties/${first}` } });
      } else seen.set(alias, i);
    }),
  );
}

/** Every name a behaviour uses must be defined, and be the right kind of definition. */
function checkReferences(properties: unknown[], definitions: unknown, ctx: z.RefinementCtx): void {
  const table = (kind: DefinitionKind): Record<string, unknown> | undefined => {
    const t = isRecord(definitions) ? definitions[kind] : undefined;
    return isRecord(t) ? t : undefined;
  };
  properties.forEach((p, i) => {
    if (!isRecord(p)) return;
    const refs = [
      ...references(p['defaults'], ['properties', i, 'defaults']),
      ...list(p['rules']).flatMap((r, k) => [
        ...matchReferences(r, ['properties', i, 'rules', k]),
        ...references(isRecord(r) ? r['behaviours'] : undefined, ['properties', i, 'rules', k, 'behaviours']),
      ]),
    ];
    for (const r of refs) {
      const own = table(r.kind);
      // A table that is itself malformed has its own problem reported; don't add one per reference.
      if (own === undefined || Object.hasOwn(own, r.name)) continue;
      const actual = DEFINITION_KINDS.find((k) => k !== r.kind && Object.hasOwn(table(k) ?? {}, r.name));
      if (actual !== undefined) {
        ctx.addIssue({ code: 'custom', path: r.path, message: 'definition.wrongKind', params: { kind: r.kind, name: r.name, actual } });
      } else {
        ctx.addIssue({ code: 'custom', path: r.path, message: 'definition.unknown', params: { kind: r.kind, name: r.name } });
      }
    }
  });
}

export const configurationDocumentSchema = z
  .strictObject({
    properties: z.array(documentPropertySchema).max(100),
    definitions: definitionsSchema.default(emptyDefinitions),
  })
  .superRefine(
    (doc: unknown, ctx) => {
      if (!isRecord(doc)) return;
      const properties = list(doc['properties']);
      checkUniqueAliases(properties, ctx);
      checkReferences(properties, doc['definitions'], ctx);
    },
    // Run even after other problems (zod skips a refinement after an aborting issue by default).
    { when: () => true },
  )
  // A named OpenAPI component: the document is in several requests and responses.
  .meta({ id: 'ConfigurationDocument' });

export type ConfigurationDocument = z.output<typeof configurationDocumentSchema>;
export type ConfigurationDocumentInput = z.input<typeof configurationDocumentSchema>;
export type DocumentProperty = z.output<typeof documentPropertySchema>;
export type DocumentBehaviours = z.output<typeof documentBehavioursSchema>;
export type DocumentRule = z.output<typeof documentRuleSchema>;
export type Definitions = z.output<typeof definitionsSchema>;

/** The primary alias names a property everywhere (domain.md §2). */
export function primaryAlias(p: DocumentProperty): string {
  return p.aliases[0]!;
}
