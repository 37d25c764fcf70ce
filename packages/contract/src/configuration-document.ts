// The customer's configuration document (domain.md §2): what one immutable configuration version holds.
// Properties with their aliases, origin and match rules, plus service-wide definitions that rules refer to
// by name. It differs from the edge document (edge-config.ts) only where names are allowed: a behaviour may
// say `{ "definition": "security-headers" }` instead of spelling the value out, so editing the definition
// changes every reference. compileConfiguration (configuration-compile.ts) inlines the names for the edge.
// The portal's form editor and JSON view validate with this same schema.
import { z } from 'zod';
import { cidrSchema, generatedResponseSchema } from './edge-access.js';
import { cacheControlSchema, matchSchema, originSchema } from './edge-config.js';

const hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, {
    message: 'expected a lower-case hostname (letters, digits, hyphens and dots)',
  });

/** Definition names: short, stable, readable in a URL and a diff. */
export const definitionNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, { message: 'expected lower-case letters, digits, ".", "_" or "-" (at most 63)' });

const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { message: 'expected an HTTP field name' });
const headerValue = z.string().regex(/^[\t\x20-\x7e\x80-\xff]*$/, { message: 'expected a field value without control characters' });

export const headerEditsSchema = z.strictObject({
  set: z.record(headerName, headerValue).default({}),
  remove: z.array(headerName).default([]),
});

const reference = z.strictObject({ definition: definitionNameSchema });

/** IP restriction by literal blocks and/or IP-group definitions. */
const ipRestrictionDocSchema = z.strictObject({
  mode: z.enum(['allow', 'deny']),
  cidrs: z.array(cidrSchema).max(10_000).default([]),
  ipGroups: z.array(definitionNameSchema).max(100).default([]),
  denyResponse: z.union([generatedResponseSchema, reference]).optional(),
});

export const documentBehavioursSchema = z.strictObject({
  cacheControl: cacheControlSchema.optional(),
  queryString: z.enum(['honour', 'ignore']).optional(),
  acceptEncoding: z.enum(['normalise', 'as-is']).optional(),
  requestHeaders: z.union([headerEditsSchema, reference]).optional(),
  responseHeaders: z.union([headerEditsSchema, reference]).optional(),
  ipRestriction: ipRestrictionDocSchema.optional(),
  generatedResponse: z.union([generatedResponseSchema, reference]).optional(),
});

export const documentRuleSchema = z.strictObject({
  name: z.string().max(200).optional(),
  match: matchSchema,
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
  headers: z.record(definitionNameSchema, headerEditsSchema).default({}),
  ipGroups: z.record(definitionNameSchema, z.array(cidrSchema).min(1).max(10_000)).default({}),
  generatedResponses: z.record(definitionNameSchema, generatedResponseSchema).default({}),
});

type Path = (string | number)[];

/** Every `{ definition }` a behaviour set makes, with the kind of definition it needs and its path. */
function references(b: z.output<typeof documentBehavioursSchema>, at: Path): { kind: keyof Definitions; name: string; path: Path }[] {
  const found: { kind: keyof Definitions; name: string; path: Path }[] = [];
  const ref = (v: unknown): string | undefined =>
    typeof v === 'object' && v !== null && 'definition' in v ? String((v as { definition: string }).definition) : undefined;
  const rq = ref(b.requestHeaders);
  if (rq !== undefined) found.push({ kind: 'headers', name: rq, path: [...at, 'requestHeaders', 'definition'] });
  const rs = ref(b.responseHeaders);
  if (rs !== undefined) found.push({ kind: 'headers', name: rs, path: [...at, 'responseHeaders', 'definition'] });
  const gr = ref(b.generatedResponse);
  if (gr !== undefined) found.push({ kind: 'generatedResponses', name: gr, path: [...at, 'generatedResponse', 'definition'] });
  if (b.ipRestriction) {
    b.ipRestriction.ipGroups.forEach((name, i) => found.push({ kind: 'ipGroups', name, path: [...at, 'ipRestriction', 'ipGroups', i] }));
    const dr = ref(b.ipRestriction.denyResponse);
    if (dr !== undefined) found.push({ kind: 'generatedResponses', name: dr, path: [...at, 'ipRestriction', 'denyResponse', 'definition'] });
  }
  return found;
}

export const configurationDocumentSchema = z
  .strictObject({
    properties: z.array(documentPropertySchema).max(100),
    definitions: definitionsSchema.default({ headers: {}, ipGroups: {}, generatedResponses: {} }),
  })
  .superRefine((doc, ctx) => {
    // One alias, one property: the edge could not tell which to serve.
    const seen = new Map<string, number>();
    doc.properties.forEach((p, i) =>
      p.aliases.forEach((alias, j) => {
        const first = seen.get(alias);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['properties', i, 'aliases', j], message: `alias "${alias}" is already in properties/${first}` });
        } else seen.set(alias, i);
      }),
    );
    // Every name a behaviour uses must be defined, and be the right kind of definition.
    doc.properties.forEach((p, i) => {
      const refs = [
        ...references(p.defaults, ['properties', i, 'defaults']),
        ...p.rules.flatMap((r, k) => references(r.behaviours, ['properties', i, 'rules', k, 'behaviours'])),
      ];
      for (const r of refs) {
        if (!Object.hasOwn(doc.definitions[r.kind], r.name)) {
          ctx.addIssue({ code: 'custom', path: r.path, message: `no ${r.kind} definition named "${r.name}"` });
        }
      }
    });
  });

export type ConfigurationDocument = z.output<typeof configurationDocumentSchema>;
export type ConfigurationDocumentInput = z.input<typeof configurationDocumentSchema>;
export type DocumentProperty = z.output<typeof documentPropertySchema>;
export type DocumentBehaviours = z.output<typeof documentBehavioursSchema>;
export type Definitions = z.output<typeof definitionsSchema>;

/** The primary alias names a property everywhere (domain.md §2). */
export function primaryAlias(p: DocumentProperty): string {
  return p.aliases[0]!;
}
