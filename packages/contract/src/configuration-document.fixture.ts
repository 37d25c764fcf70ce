// A configuration document for tests that uses every kind of service-wide definition (domain.md §2):
// a geo region, an IP group, a string list, a token and a generated response, each referenced by name.
import type { ConfigurationDocumentInput } from './configuration-document.js';

export function everyDefinitionKind(): ConfigurationDocumentInput {
  return {
    properties: [
      {
        aliases: ['video.example.com'],
        origin: { host: 'o.example.com' },
        defaults: {
          geoRestriction: { mode: 'deny', countries: ['pe', 'AR'], geoRegions: ['andes'], ipExceptionGroups: ['office'], denyResponse: { definition: 'blocked' } },
          tokenAuth: { definition: 'signed' },
        },
        rules: [{ match: { op: '%*', stringList: 'public', negate: true }, behaviours: { tokenAuth: { dialect: 'legacy', secrets: [{ generation: 0, secret: 'inline-secret' }] } } }],
      },
    ],
    definitions: {
      geoRegions: { andes: ['CO', 'PE', 'EC'] },
      ipGroups: { office: ['198.51.100.0/24'] },
      stringLists: { public: ['/robots.txt', '/public/*'] },
      tokens: { signed: { secrets: [{ generation: 1, secret: 'definition-secret' }] } },
      generatedResponses: { blocked: { status: 451 } },
    },
  };
}
