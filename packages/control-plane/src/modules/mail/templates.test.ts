import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LANGUAGES } from '@candela/contract';
import { escapeHtml, html } from './safe-html.js';
import { renderMail, TEMPLATES } from './templates.js';
import type { MailTemplate, MailVars, TemplateCatalogue } from './templates.js';

/** One set of variables per template; the mapped type makes a template added without a sample a compile error. */
const SAMPLES: { readonly [T in MailTemplate]: MailVars[T] } = {
  invitation: {
    displayName: 'Ana Pérez',
    inviterName: 'Carlos Gómez',
    organisation: 'Medios Andinos S.A.',
    link: 'https://portal.example.com/invitation/tok-1',
    expiresInHours: 72,
  },
  'password-reset': { displayName: 'Ana Pérez', link: 'https://portal.example.com/reset/tok-2', expiresInMinutes: 30 },
  'account-locked': { displayName: 'Ana Pérez', minutes: 30, resetLink: 'https://portal.example.com/forgot' },
  'api-key-expiry-warning': {
    keyName: 'deploy-bot',
    accessGroupName: 'Streaming',
    disableOn: '2026-03-01',
    link: 'https://portal.example.com/api-keys/key-1',
  },
  'invalidation-complete': {
    scid: 'ACME00001',
    requestId: 'inv_1',
    itemsSummary: '/img/*.jpg, /css/site.css',
    itemCount: 2,
    edgesDone: 3,
    objectsMatched: 1234,
    requestedAt: '2026-11-28 12:00 UTC',
    link: 'https://portal.example.com/network-tools/content-invalidation/inv_1',
  },
  'invalidation-alert': {
    scid: 'ACME00001',
    requestId: 'inv_2',
    itemsSummary: 'product-42',
    itemCount: 1,
    hoursOpen: 12,
    edgesDone: 2,
    edgesTotal: 3,
    link: 'https://portal.example.com/network-tools/content-invalidation/inv_2',
  },
};

const templates = Object.keys(SAMPLES) as MailTemplate[];

/** renderMail with a template name known only at run time (the samples are typed per template above). */
const render = (template: MailTemplate, language: 'es' | 'en', vars: Record<string, string | number>) =>
  renderMail(template, language, vars as never);

/** The same variables with a hostile value in every string, keeping links valid URLs. */
function hostile(vars: Record<string, string | number>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (typeof value === 'number') out[name] = value;
    else if (value.startsWith('https://')) out[name] = `${value}?a=1&b="<x>"`;
    else out[name] = `<b onclick='x()'>${name} & "co"</b>`;
  }
  return out;
}

describe('mail templates', () => {
  it('the catalogue holds exactly the templates that have variables declared', () => {
    assert.deepEqual(Object.keys(TEMPLATES).sort(), [...templates].sort());
  });

  for (const template of templates) {
    for (const language of LANGUAGES) {
      it(`${template} renders in ${language} with a subject, a text and an HTML part that carry every variable`, () => {
        const vars = SAMPLES[template] as Record<string, string | number>;
        const mail = render(template, language, vars);
        assert.ok(mail.subject.length > 0 && !/[\r\n]/.test(mail.subject));
        assert.match(mail.html, new RegExp(`^<!DOCTYPE html>\\n<html lang="${language}">`));
        for (const part of [mail.subject, mail.text, mail.html]) {
          assert.ok(!part.includes('{{') && !part.includes('}}'), `placeholder left over in ${part}`);
          assert.ok(!part.includes('undefined') && !part.includes('[object'), `a missing value in ${part}`);
        }
        for (const [name, value] of Object.entries(vars)) {
          assert.ok(mail.text.includes(String(value)), `text lacks ${name}`);
          assert.ok(mail.html.includes(escapeHtml(String(value))), `html lacks ${name}`);
        }
        assert.match(mail.text, /Candela/);
      });
    }
  }

  it('the Spanish and English versions of a template differ (no language falls back to the other)', () => {
    for (const template of templates) {
      const vars = SAMPLES[template] as Record<string, string | number>;
      const es = render(template, 'es', vars);
      const en = render(template, 'en', vars);
      assert.notEqual(es.subject, en.subject, template);
      assert.notEqual(es.text, en.text, template);
    }
  });

  it('every variable is HTML-escaped in the HTML part and left as typed in the text part', () => {
    for (const template of templates) {
      for (const language of LANGUAGES) {
        const vars = hostile(SAMPLES[template]);
        const mail = render(template, language, vars);
        assert.ok(!mail.html.includes('<b onclick'), `${template}/${language}: raw markup in the HTML`);
        assert.ok(!mail.html.includes('"<x>"'), `${template}/${language}: raw quote in an href`);
        for (const value of Object.values(vars)) {
          if (typeof value === 'string') assert.ok(mail.html.includes(escapeHtml(value)), `${template}: ${value}`);
        }
        const named = Object.values(vars).find((v) => typeof v === 'string' && v.startsWith('<b'));
        if (typeof named === 'string') assert.ok(mail.text.includes(named), `${template}: text altered the value`);
      }
    }
  });

  it('a line break in a variable does not reach the subject header', () => {
    const mail = renderMail('invitation', 'en', { ...SAMPLES.invitation, organisation: 'Evil\r\nBcc: victim@example.com' });
    assert.equal(mail.subject, 'Invitation to join Evil Bcc: victim@example.com on Candela');
  });

  it('counts are singular at one and plural otherwise, in both languages', () => {
    const one = { ...SAMPLES['password-reset'], expiresInMinutes: 1 };
    assert.match(renderMail('password-reset', 'es', one).text, /vence en 1 minuto y/);
    assert.match(renderMail('password-reset', 'en', one).text, /expires in 1 minute and/);
    assert.match(renderMail('invitation', 'es', SAMPLES.invitation).text, /vence en 72 horas\./);
    assert.match(renderMail('invitation', 'en', SAMPLES.invitation).text, /expires in 72 hours\./);
  });

  it('an action link that is not an http(s) URL is refused rather than put into an href', () => {
    assert.throws(() => renderMail('password-reset', 'es', { ...SAMPLES['password-reset'], link: 'javascript:alert(1)' }), /http\(s\)/);
    assert.throws(() => renderMail('password-reset', 'es', { ...SAMPLES['password-reset'], link: '/reset/tok' }), /not a URL/);
  });

  it('the html tag escapes interpolations, keeps nested SafeHtml and joins lists', () => {
    const inner = html`<i>${'a<b'}</i>`;
    assert.equal(html`<p>${inner}${['&', 2]}</p>`.toString(), '<p><i>a&lt;b</i>&amp;2</p>');
    assert.equal(escapeHtml(`<>&"'`), '&lt;&gt;&amp;&quot;&#39;');
  });
});

// Compile-time checks: `tsc --noEmit` fails if any of these lines stops being an error. They never run.
export function typeErrorsThatMustStayErrors(catalogue: TemplateCatalogue): void {
  // @ts-expect-error: a variable is missing
  renderMail('invitation', 'es', { displayName: 'A', inviterName: 'B', organisation: 'C', link: 'https://x.example' });
  // @ts-expect-error: a variable of another template
  renderMail('password-reset', 'en', { displayName: 'A', link: 'https://x.example', minutes: 3 });
  // @ts-expect-error: a language is missing
  const onlySpanish: TemplateCatalogue['password-reset'] = { es: catalogue['password-reset'].es };
  // @ts-expect-error: a template may only use the variables it declares
  const usesUndeclared: TemplateCatalogue['account-locked']['en'] = { subject: ({ link: _link }) => 'x', body: (v) => catalogue['account-locked'].en.body(v) };
  void onlySpanish;
  void usesUndeclared;
}
