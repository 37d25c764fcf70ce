// `candela sign-url` (domain.md §4): a URL signed with a definition file verifies at the edge's verifier,
// keeps its own query, and bad input is a usage error naming the problem.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenAuthSchema } from '@candela/contract';
import { compileTokenAuth } from '@candela/edge';
import { signUrlCommand } from './sign-url-command.js';

const NOW_MS = 1_800_000_000_000;
const DEFINITION = { secrets: [{ generation: 5, secret: 'cli-test-secret' }, { generation: 6, secret: 'cli-next-secret' }] };

describe('candela sign-url', () => {
  let dir: string;
  const run = (url: string, o: Record<string, string>) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = signUrlCommand(url, o, { nowMs: () => NOW_MS, out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out, err };
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sign-url-'));
    writeFileSync(join(dir, 'token.json'), JSON.stringify(DEFINITION));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ secrets: [] }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('domain §4 prints a URL the edge accepts until the TTL runs out, keeping the query and fragment', () => {
    const r = run('https://video.example.com/a.mp4?lang=es#t=10', { definition: join(dir, 'token.json'), ttl: '10m', generation: '6' });
    assert.equal(r.code, 0, r.err.join('\n'));
    const signed = new URL(r.out[0]!);
    assert.equal(signed.hash, '#t=10');
    assert.equal(signed.searchParams.get('nva'), String(NOW_MS / 1000 + 600));
    assert.match(signed.searchParams.get('hash')!, /^6[0-9a-f]{64}$/);
    const verify = compileTokenAuth(tokenAuthSchema.parse(DEFINITION)).verify;
    const query = signed.search.slice(1);
    assert.deepEqual(verify('/a.mp4', query, NOW_MS / 1000 + 600), { ok: true, query: 'lang=es' });
    assert.deepEqual(verify('/a.mp4', query, NOW_MS / 1000 + 601), { ok: false, reason: 'token-expired' });
  });

  it('usage errors: no definition, an invalid definition, a bad TTL, an unknown generation', () => {
    assert.equal(run('https://x.example/a', {}).code, 2);
    const bad = run('https://x.example/a', { definition: join(dir, 'bad.json') });
    assert.equal(bad.code, 2);
    assert.match(bad.err[0]!, /\/secrets/);
    assert.match(run('https://x.example/a', { definition: join(dir, 'token.json'), ttl: 'soon' }).err[0]!, /--ttl/);
    assert.match(run('https://x.example/a', { definition: join(dir, 'token.json'), generation: '9' }).err[0]!, /generation 9/);
    assert.match(run('not a url', { definition: join(dir, 'token.json') }).err[0]!, /absolute URL/);
  });
});
