import { test } from 'node:test';
import assert from 'node:assert/strict';
import { everyDefinitionKind } from './configuration-document.fixture.js';
import { configurationDocumentSchema, primaryAlias } from './configuration-document.js';
import type { ConfigurationDocumentInput } from './configuration-document.js';
import { validate } from './problems.js';

/** A document using every kind of definition, the way docs/api.md shows one. */
function example(): ConfigurationDocumentInput {
  return {
    properties: [
      {
        aliases: ['www.example.com', 'example.com'],
        origin: { protocol: 'https', host: 'origin.example.com', port: 8443, webRoot: '/site', hostHeader: 'www.example.com' },
        backupOrigin: { host: 'backup.example.com' },
        clientProtocols: 'https',
        defaults: {
          cacheControl: { internal: { policy: 'ttl', ttl: '10m' }, external: { value: 'public, max-age=60' } },
          responseHeaders: { definition: 'security' },
        },
        rules: [
          { name: 'images', match: { op: '*=', value: '/img/*' }, behaviours: { cacheControl: { internal: { policy: 'ttl', ttl: '7d' } }, queryString: 'ignore' } },
          { name: 'admin', match: { op: '%*', value: '/admin/*' }, behaviours: { ipRestriction: { mode: 'allow', cidrs: ['198.51.100.7'], ipGroups: ['office'], denyResponse: { definition: 'forbidden' } } } },
          { name: 'old', match: { op: '==', value: '/old' }, behaviours: { generatedResponse: { definition: 'moved' } } },
        ],
      },
      { aliases: ['cdn.example.net'], origin: { host: 'origin.example.net' }, defaults: { requestHeaders: { definition: 'security' } } },
    ],
    definitions: {
      headers: { security: { set: { 'Strict-Transport-Security': 'max-age=31536000' }, remove: ['Server'] } },
      ipGroups: { office: ['192.0.2.0/24', '2001:db8::/32'] },
      generatedResponses: {
        forbidden: { status: 403, body: 'Forbidden' },
        moved: { status: 301, headers: { Location: 'https://www.example.com/new' } },
      },
    },
  };
}

/** The example with `value` written at `path` (tests bend documents freely, into invalid ones too). */
function edited(path: (string | number)[], value: unknown, doc: unknown = example()): unknown {
  let at = doc as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return doc;
}

function problemsOf(input: unknown): [pointer: string, code: string | undefined][] {
  const result = validate(configurationDocumentSchema, input);
  if (result.ok) return [];
  return result.problems.map((p) => [p.pointer, p.code]);
}

test('domain §2 configuration document: a complete document with definitions is valid, defaults filled in', () => {
  const doc = configurationDocumentSchema.parse(example());
  assert.equal(doc.properties.length, 2);
  const second = doc.properties[1]!;
  assert.equal(second.clientProtocols, 'both');
  assert.deepEqual(second.origin, { protocol: 'http', host: 'origin.example.net', webRoot: '/', connectTimeoutMs: 5_000, responseTimeoutMs: 30_000 });
  assert.deepEqual(second.rules, []);
  assert.deepEqual(doc.definitions.generatedResponses['forbidden'], { status: 403, headers: {}, body: 'Forbidden' });
  assert.equal(primaryAlias(doc.properties[0]!), 'www.example.com');
});

test('domain §2 definitions are optional: a document without them has six empty tables', () => {
  const doc = configurationDocumentSchema.parse({ properties: [{ aliases: ['a.example.com'], origin: { host: 'o.example.com' } }] });
  assert.deepEqual(doc.definitions, { geoRegions: {}, ipGroups: {}, headers: {}, stringLists: {}, tokens: {}, generatedResponses: {} });
  assert.deepEqual(configurationDocumentSchema.parse({ properties: [] }).properties, []);
});

test('domain §2 one alias, one property: a duplicate across properties is reported at /properties/i/aliases/j', () => {
  const doc = edited(['properties', 1, 'aliases'], ['cdn.example.net', 'example.com']);
  assert.deepEqual(problemsOf(doc), [['/properties/1/aliases/1', 'alias.alreadyIn']]);
  const result = validate(configurationDocumentSchema, doc);
  assert.ok(!result.ok && result.problems[0]!.message.includes('properties/0'), 'the message names the property that has it');
});

test('domain §2 one alias, one property: a duplicate within one property is reported at its second position', () => {
  const doc = edited(['properties', 1, 'aliases'], ['cdn.example.net', 'cdn.example.net']);
  assert.deepEqual(problemsOf(doc), [['/properties/1/aliases/1', 'alias.alreadyIn']]);
});

test('domain §2 definitions: an unresolved name is reported at the exact pointer of the reference', () => {
  const doc = edited(['definitions'], { headers: {}, ipGroups: { other: ['10.0.0.0/8'] }, generatedResponses: {} });
  assert.deepEqual(problemsOf(doc), [
    ['/properties/0/defaults/responseHeaders/definition', 'definition.unknown'],
    ['/properties/0/rules/1/behaviours/ipRestriction/ipGroups/0', 'definition.unknown'],
    ['/properties/0/rules/1/behaviours/ipRestriction/denyResponse/definition', 'definition.unknown'],
    ['/properties/0/rules/2/behaviours/generatedResponse/definition', 'definition.unknown'],
    ['/properties/1/defaults/requestHeaders/definition', 'definition.unknown'],
  ]);
});

test('domain §2 definitions: a name of the wrong kind is reported as such, naming where it is defined', () => {
  const doc = edited(['properties', 1, 'defaults'], { requestHeaders: { definition: 'office' } });
  const result = validate(configurationDocumentSchema, doc);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.problems.map((p) => [p.pointer, p.code, p.params]), [
    ['/properties/1/defaults/requestHeaders/definition', 'definition.wrongKind', { kind: 'headers', name: 'office', actual: 'ipGroups' }],
  ]);
});

test('domain §2 cache control: the TTL minimum is 30 s, in any unit', () => {
  const withTtl = (ttl: string) => {
    const doc = edited(['properties', 0, 'defaults', 'cacheControl'], { internal: { policy: 'ttl', ttl } });
    return problemsOf(doc);
  };
  assert.deepEqual(withTtl('30s'), []);
  assert.deepEqual(withTtl('1m'), []);
  assert.deepEqual(withTtl('1y'), []);
  assert.deepEqual(withTtl('29s'), [['/properties/0/defaults/cacheControl/internal/ttl', 'ttl.minimum']]);
  assert.deepEqual(withTtl('0m'), [['/properties/0/defaults/cacheControl/internal/ttl', 'ttl.minimum']]);
  assert.deepEqual(withTtl('10 m'), [['/properties/0/defaults/cacheControl/internal/ttl', 'ttl.format']]);
  assert.deepEqual(withTtl('10x'), [['/properties/0/defaults/cacheControl/internal/ttl', 'ttl.format']]);
});

test('domain §2 match rules: ==, %=, *= and %* are the operators; ! is the negate flag', () => {
  for (const op of ['==', '%=', '*=', '%*']) {
    const doc = edited(['properties', 1, 'rules'], [{ match: { op, value: '/a' }, behaviours: {} }, { match: { op, value: '/b', negate: true }, behaviours: {} }]);
    const parsed = configurationDocumentSchema.parse(doc);
    assert.deepEqual(parsed.properties[1]!.rules.map((r) => r.match), [{ op, value: '/a', negate: false }, { op, value: '/b', negate: true }], op);
  }
  for (const op of ['!', '!=', '~', '=']) {
    const doc = edited(['properties', 1, 'rules'], [{ match: { op, value: '/a' }, behaviours: {} }]);
    assert.deepEqual(problemsOf(doc).map(([pointer]) => pointer), ['/properties/1/rules/0/match/op'], op);
  }
  const empty = edited(['properties', 1, 'rules'], [{ match: { op: '==', value: '' }, behaviours: {} }]);
  assert.deepEqual(problemsOf(empty).map(([pointer]) => pointer), ['/properties/1/rules/0/match/value']);
});

test('a bad document reports every problem at once, the cross-field ones too', () => {
  let doc = edited(['properties', 0, 'origin', 'port'], 'https'); // a type error, which stops zod's own refinements by default
  doc = edited(['properties', 1, 'aliases'], ['Bad_Host', 'www.example.com'], doc);
  doc = edited(['properties', 1, 'defaults'], { requestHeaders: { definition: 'missing' } }, doc);
  doc = edited(['properties', 0, 'rules', 0, 'match', 'op'], '~', doc);
  doc = edited(['definitions', 'ipGroups', 'office'], ['192.0.2.0/33'], doc);
  assert.deepEqual(problemsOf(doc).map(([pointer]) => pointer).sort(), [
    '/definitions/ipGroups/office/0',
    '/properties/0/origin/port',
    '/properties/0/rules/0/match/op',
    '/properties/1/aliases/0',
    '/properties/1/aliases/1',
    '/properties/1/defaults/requestHeaders/definition',
  ]);
});

test('strict objects: an unknown field is a problem, not silently dropped', () => {
  // zod reports unknown keys at their object (the API's error handler then points at each key).
  const typo = validate(configurationDocumentSchema, edited(['properties', 0, 'orgin'], { host: 'typo.example.com' }));
  assert.ok(!typo.ok && typo.problems.length === 1 && typo.problems[0]!.pointer === '/properties/0' && typo.problems[0]!.message.includes('orgin'));
  assert.deepEqual(problemsOf(edited(['extra'], true)).map(([p]) => p), ['']);
});

test('the cross-field checks skip what is malformed instead of failing on it', () => {
  assert.deepEqual(problemsOf('not a document').map(([p]) => p), ['']);
  assert.deepEqual(problemsOf({ properties: 3, definitions: [] }).map(([p]) => p), ['/properties', '/definitions']);
  assert.deepEqual(problemsOf({ properties: [null, { aliases: 'x' }] }).length > 0, true);
  // A malformed table has its own problem; its references are not each reported again.
  const doc = edited(['definitions', 'headers'], 'none');
  assert.deepEqual(problemsOf(doc).map(([p]) => p), ['/definitions/headers']);
});

test('domain §2 definitions: geo region, string list and token are definitions; countries are upper-cased ISO 3166-1 codes', () => {
  const doc = configurationDocumentSchema.parse(everyDefinitionKind());
  assert.deepEqual(doc.properties[0]!.defaults.geoRestriction!.countries, ['PE', 'AR']);
  assert.deepEqual(doc.definitions.tokens['signed']!.failure, { action: 'deny' });
  assert.equal(doc.definitions.tokens['signed']!.dialect, 'candela');
  assert.deepEqual(doc.definitions.stringLists['public'], ['/robots.txt', '/public/*']);
});

test('domain §2 definitions: unknown geo regions, IP groups, string lists and tokens are reported where they are named', () => {
  const doc = edited(['definitions'], { generatedResponses: { blocked: { status: 451 } } }, everyDefinitionKind());
  assert.deepEqual(problemsOf(doc), [
    ['/properties/0/defaults/tokenAuth/definition', 'definition.unknown'],
    ['/properties/0/defaults/geoRestriction/geoRegions/0', 'definition.unknown'],
    ['/properties/0/defaults/geoRestriction/ipExceptionGroups/0', 'definition.unknown'],
    ['/properties/0/rules/0/match/stringList', 'definition.unknown'],
  ]);
  const wrongKind = edited(['properties', 0, 'defaults', 'tokenAuth'], { definition: 'andes' }, everyDefinitionKind());
  assert.deepEqual(problemsOf(wrongKind), [['/properties/0/defaults/tokenAuth/definition', 'definition.wrongKind']]);
});

test('domain §2 geo regions hold assigned country codes; domain §4 a token has 1 to 10 secrets', () => {
  const badCountry = edited(['definitions', 'geoRegions', 'andes'], ['CO', 'XX'], everyDefinitionKind());
  assert.deepEqual(problemsOf(badCountry), [['/definitions/geoRegions/andes/1', 'country.format']]);
  const secrets = Array.from({ length: 11 }, (_, generation) => ({ generation: generation % 10, secret: 'long-enough' }));
  const tooMany = edited(['definitions', 'tokens', 'signed', 'secrets'], secrets, everyDefinitionKind());
  assert.equal(problemsOf(tooMany)[0]![0], '/definitions/tokens/signed/secrets');
});

test('domain §2 match rules: a criterion has a value or a string list, exactly one, reported at /match/value', () => {
  const both = edited(['properties', 0, 'rules', 0, 'match'], { op: '*=', value: '/a', stringList: 'public' }, everyDefinitionKind());
  assert.deepEqual(problemsOf(both), [['/properties/0/rules/0/match/value', 'match.valueOrList']]);
  const neither = edited(['properties', 0, 'rules', 0, 'match'], { op: '*=' }, everyDefinitionKind());
  assert.deepEqual(problemsOf(neither), [['/properties/0/rules/0/match/value', 'match.valueOrList']]);
});
