import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileConfiguration } from './configuration-compile.js';
import { everyDefinitionKind } from './configuration-document.fixture.js';
import { configurationDocumentSchema } from './configuration-document.js';
import type { ConfigurationDocument, ConfigurationDocumentInput } from './configuration-document.js';
import { edgeConfigSchema } from './edge-config.js';

const SOURCE = { scid: 'ABC123XYZ', configurationId: 'cfg_1', version: 7 };

function parse(input: ConfigurationDocumentInput): ConfigurationDocument {
  return configurationDocumentSchema.parse(input);
}

/** Two properties and a rule, all referring to the same definitions. */
function shared(): ConfigurationDocumentInput {
  return {
    properties: [
      {
        aliases: ['www.example.com', 'example.com'],
        origin: { host: 'origin.example.com' },
        defaults: { responseHeaders: { definition: 'security' } },
        rules: [
          { name: 'admin', match: { op: '*=', value: '/admin/*' }, behaviours: { responseHeaders: { definition: 'security' }, ipRestriction: { mode: 'allow', cidrs: ['198.51.100.7'], ipGroups: ['office', 'vpn'], denyResponse: { definition: 'forbidden' } } } },
          { match: { op: '==', value: '/old' }, behaviours: { generatedResponse: { definition: 'moved' } } },
        ],
      },
      { aliases: ['cdn.example.net'], origin: { host: 'origin.example.net' }, backupOrigin: { host: 'backup.example.net' }, defaults: { requestHeaders: { definition: 'security' }, generatedResponse: { status: 410 } } },
    ],
    definitions: {
      headers: { security: { set: { 'X-Frame-Options': 'DENY' }, remove: ['Server'] } },
      ipGroups: { office: ['192.0.2.0/24'], vpn: ['2001:db8::/32', '203.0.113.9'] },
      generatedResponses: { forbidden: { status: 403, body: 'no' }, moved: { status: 301, headers: { Location: 'https://www.example.com/new' } } },
    },
  };
}

test('domain §2 compile: every { definition } is replaced by the definition’s value', () => {
  const [www, cdn] = compileConfiguration(parse(shared()), SOURCE);
  assert.deepEqual(www!.defaults.responseHeaders, { set: { 'X-Frame-Options': 'DENY' }, remove: ['Server'] });
  const admin = www!.rules[0]!.behaviours;
  assert.deepEqual(admin.responseHeaders, { set: { 'X-Frame-Options': 'DENY' }, remove: ['Server'] });
  // Literal blocks first, then each IP group's blocks in the order the groups are named.
  assert.deepEqual(admin.ipRestriction, { mode: 'allow', cidrs: ['198.51.100.7', '192.0.2.0/24', '2001:db8::/32', '203.0.113.9'], denyResponse: { status: 403, headers: {}, body: 'no' } });
  assert.deepEqual(www!.rules[1]!.behaviours.generatedResponse, { status: 301, headers: { Location: 'https://www.example.com/new' }, body: '' });
  assert.deepEqual(cdn!.defaults.requestHeaders, { set: { 'X-Frame-Options': 'DENY' }, remove: ['Server'] });
  assert.deepEqual(cdn!.defaults.generatedResponse, { status: 410, headers: {}, body: '' }, 'a literal value passes through');
  assert.ok(!JSON.stringify([www, cdn]).includes('"definition"'), 'no name is left for the edge to resolve');
});

test('domain §2 definitions: a change to one definition reaches every reference', () => {
  const before = shared();
  const after = shared();
  after.definitions!.headers!['security'] = { set: { 'X-Frame-Options': 'SAMEORIGIN' } };
  after.definitions!.ipGroups!['office'] = ['192.0.2.128/25'];
  const [wwwBefore, cdnBefore] = compileConfiguration(parse(before), SOURCE);
  const [www, cdn] = compileConfiguration(parse(after), SOURCE);
  const expected = { set: { 'X-Frame-Options': 'SAMEORIGIN' }, remove: [] };
  assert.deepEqual(www!.defaults.responseHeaders, expected);
  assert.deepEqual(www!.rules[0]!.behaviours.responseHeaders, expected);
  assert.deepEqual(cdn!.defaults.requestHeaders, expected);
  assert.deepEqual(www!.rules[0]!.behaviours.ipRestriction?.cidrs, ['198.51.100.7', '192.0.2.128/25', '2001:db8::/32', '203.0.113.9']);
  assert.notDeepEqual(wwwBefore!.defaults.responseHeaders, www!.defaults.responseHeaders);
  assert.notDeepEqual(cdnBefore!.defaults.requestHeaders, cdn!.defaults.requestHeaders);
});

test('domain §2 compile: the primary alias is the property id; every alias is kept in order', () => {
  const properties = compileConfiguration(parse(shared()), SOURCE);
  assert.deepEqual(properties.map((p) => p.id), ['www.example.com', 'cdn.example.net']);
  assert.deepEqual(properties[0]!.aliases, ['www.example.com', 'example.com']);
});

test('domain §2 compile: each property carries its SCID and the configuration version it came from', () => {
  for (const p of compileConfiguration(parse(shared()), SOURCE)) {
    assert.equal(p.scid, 'ABC123XYZ');
    assert.deepEqual(p.source, { configurationId: 'cfg_1', version: 7 });
  }
});

test('compile: origin, backup origin and rule names are carried; absent ones stay absent', () => {
  const [www, cdn] = compileConfiguration(parse(shared()), SOURCE);
  assert.equal('backupOrigin' in www!, false);
  assert.deepEqual(cdn!.backupOrigin, { protocol: 'http', host: 'backup.example.net', webRoot: '/', connectTimeoutMs: 5_000, responseTimeoutMs: 30_000 });
  assert.equal(www!.rules[0]!.name, 'admin');
  assert.equal('name' in www!.rules[1]!, false);
  assert.deepEqual(www!.rules[0]!.match, { op: '*=', value: '/admin/*', negate: false });
});

test('compile: the result is a valid edge document (the edge validates what it is sent)', () => {
  const properties = compileConfiguration(parse(shared()), SOURCE);
  const result = edgeConfigSchema.safeParse({ version: 1, properties });
  assert.ok(result.success, JSON.stringify(result.error?.issues));
  assert.deepEqual(result.data.properties, properties);
});

test('compile: an empty document compiles to no properties', () => {
  assert.deepEqual(compileConfiguration(parse({ properties: [] }), SOURCE), []);
});

test('domain §2 compile: geo regions, IP groups, string lists and tokens are inlined for the edge', () => {
  const doc = parse(everyDefinitionKind());
  const [p] = compileConfiguration(doc, SOURCE);
  // Literal and region countries, merged, sorted and without repeats.
  assert.deepEqual(p!.defaults.geoRestriction, { mode: 'deny', countries: ['AR', 'CO', 'EC', 'PE'], ipExceptions: ['198.51.100.0/24'], denyResponse: { status: 451, headers: {}, body: '' } });
  assert.deepEqual(p!.defaults.tokenAuth, doc.definitions.tokens['signed']);
  assert.deepEqual(p!.rules[0]!.match, { op: '%*', values: ['/robots.txt', '/public/*'], negate: true });
  assert.equal(p!.rules[0]!.behaviours.tokenAuth!.dialect, 'legacy', 'an inline token passes through');
  edgeConfigSchema.parse({ properties: [p] });
  assert.ok(!JSON.stringify(p).includes('"definition"') && !JSON.stringify(p).includes('stringList'));
});
