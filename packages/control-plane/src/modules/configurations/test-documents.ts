// Configuration documents for this module's tests: a property builder and a small complete document.
import { configurationDocumentSchema } from '@candela/contract';
import type { ConfigurationDocument, ConfigurationDocumentInput } from '@candela/contract';

type PropertyInput = ConfigurationDocumentInput['properties'][number];

/** A property serving `aliases` from one origin, cached for `ttl`. */
export function property(aliases: string[], ttl = '10m'): PropertyInput {
  return { aliases, origin: { host: `origin.${aliases[0] ?? 'example.com'}` }, defaults: { cacheControl: { internal: { policy: 'ttl', ttl } } } };
}

/** A document as a client sends it (defaults left out). */
export function documentInput(properties: PropertyInput[] = [property(['www.example.com'])]): ConfigurationDocumentInput {
  return {
    properties,
    definitions: { headers: { security: { set: { 'X-Frame-Options': 'DENY' } } } },
  };
}

/** The same, parsed: what the API stores and answers. */
export function parsedDocument(properties?: PropertyInput[]): ConfigurationDocument {
  return configurationDocumentSchema.parse(documentInput(properties));
}
