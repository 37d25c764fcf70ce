import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { ConfigurationDocument } from '@candela/contract';
import type { Language } from '../../../api/types';
import { I18nProvider } from '../../../i18n/i18n-context';
import { newDocument } from './document-draft';
import { DocumentEditor } from './document-editor';
import { useDocumentDraft, type DraftOrigin } from './use-document-draft';

/** The editor with a "Check" button standing for a page's Save: it shows what a save would send. */
function Harness({ origin }: { readonly origin: DraftOrigin }) {
  const draft = useDocumentDraft(origin);
  const [sent, setSent] = useState<ConfigurationDocument | null>(null);
  return (
    <>
      <DocumentEditor draft={draft} label="Document" />
      <button type="button" onClick={() => setSent(draft.attempt())}>
        Check
      </button>
      {sent !== null && <output aria-label="Sent">{JSON.stringify(sent)}</output>}
    </>
  );
}

function renderEditor(origin: DraftOrigin = { document: newDocument() }, language: Language = 'en') {
  return render(
    <I18nProvider initialLanguage={language}>
      <Harness origin={origin} />
    </I18nProvider>,
  );
}

const type = (label: string, value: string, scope: HTMLElement = document.body) => {
  const field = within(scope).getByLabelText(label);
  fireEvent.change(field, { target: { value } });
  fireEvent.blur(field);
  return field;
};

function jsonText(): unknown {
  return JSON.parse(screen.getByLabelText<HTMLTextAreaElement>('Configuration document (JSON)').value);
}

describe('DocumentEditor', () => {
  it('round-trips the form and the JSON view without losing what the form does not show', () => {
    renderEditor();
    type('Primary alias', 'www.example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Add an alias' }));
    type('Alias 2', 'example.com');
    type('Origin host', 'origin.example.com');
    type('Origin port', '8080');
    fireEvent.change(screen.getByLabelText('Origin protocol'), { target: { value: 'https' } });
    type('Host header override', 'app.internal');
    fireEvent.click(screen.getByLabelText('Use a backup origin'));
    type('Backup origin host', 'backup.example.com');
    fireEvent.change(screen.getByLabelText('Client protocols'), { target: { value: 'https' } });

    const defaults = screen.getByRole('group', { name: 'Default behaviours' });
    fireEvent.change(within(defaults).getByLabelText('Cache policy'), { target: { value: 'ttl' } });
    type('TTL', '10m', defaults);
    type('Cache-Control to clients', 'max-age=60', defaults);
    fireEvent.click(within(defaults).getByLabelText(/^Force/));
    fireEvent.change(within(defaults).getByLabelText('Query string in the cache key'), { target: { value: 'ignore' } });
    fireEvent.click(within(defaults).getByRole('button', { name: 'Add a header' }));
    type('Header 1 name', 'X-Served-By', defaults);
    type('Header 1 value', 'candela', defaults);

    fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a rule' }));
    const rule1 = screen.getByRole('group', { name: 'Rule 1' });
    fireEvent.change(within(rule1).getByLabelText('Match'), { target: { value: '%=' } });
    type('Path', '/index.html', rule1);
    fireEvent.change(within(rule1).getByLabelText('Cache policy'), { target: { value: 'no-store' } });
    const rule2 = screen.getByRole('group', { name: 'Rule 2' });
    type('Rule name (optional)', 'static', rule2);
    type('Path', '/static/*', rule2);
    fireEvent.click(within(rule2).getByLabelText(/^Negate/));
    // First match wins: the static rule goes first.
    fireEvent.click(screen.getByRole('button', { name: 'Move rule 2 up' }));

    fireEvent.click(screen.getByRole('tab', { name: 'JSON' }));
    expect(screen.getByRole('tab', { name: 'JSON' }).getAttribute('aria-selected')).toBe('true');
    const document = jsonText() as { properties: Record<string, unknown>[] };
    expect(document).toEqual({
      properties: [
        {
          aliases: ['www.example.com', 'example.com'],
          origin: { protocol: 'https', host: 'origin.example.com', port: 8080, hostHeader: 'app.internal' },
          backupOrigin: { protocol: 'http', host: 'backup.example.com' },
          clientProtocols: 'https',
          defaults: {
            cacheControl: { internal: { policy: 'ttl', ttl: '10m' }, external: { value: 'max-age=60', force: true } },
            queryString: 'ignore',
            responseHeaders: { set: { 'X-Served-By': 'candela' } },
          },
          rules: [
            { name: 'static', match: { op: '*=', value: '/static/*', negate: true }, behaviours: {} },
            { match: { op: '%=', value: '/index.html', negate: false }, behaviours: { cacheControl: { internal: { policy: 'no-store' } } } },
          ],
        },
      ],
    });
    expect(screen.getByText('The document is valid.')).toBeTruthy();

    // An edit in the JSON view, including something only the JSON view can say, reaches the form…
    const property = document.properties[0] as { defaults: { cacheControl: { internal: { ttl: string } } } };
    property.defaults.cacheControl.internal.ttl = '2h';
    const edited = { ...document, properties: [{ ...property, defaults: { ...property.defaults, ipRestriction: { mode: 'deny', cidrs: ['192.0.2.0/24'] } } }] };
    fireEvent.change(screen.getByLabelText('Configuration document (JSON)'), { target: { value: JSON.stringify(edited) } });
    fireEvent.click(screen.getByRole('tab', { name: 'Form' }));
    const defaultsAgain = screen.getByRole('group', { name: 'Default behaviours' });
    expect(within(defaultsAgain).getByLabelText<HTMLInputElement>('TTL').value).toBe('2h');
    expect(within(defaultsAgain).getByText('Also sets (edit them in the JSON view): ipRestriction')).toBeTruthy();

    // …and a form edit afterwards keeps it.
    type('TTL', '3h', defaultsAgain);
    fireEvent.click(screen.getByRole('tab', { name: 'JSON' }));
    const after = jsonText() as typeof edited;
    expect(after.properties[0]?.defaults).toMatchObject({ cacheControl: { internal: { ttl: '3h' } }, ipRestriction: { mode: 'deny', cidrs: ['192.0.2.0/24'] } });

    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    const sent = JSON.parse(screen.getByLabelText('Sent').textContent ?? '') as ConfigurationDocument;
    expect(sent.properties[0]?.aliases).toEqual(['www.example.com', 'example.com']);
  });

  it('shows each problem beside its field once the field is left, in the reader’s language', () => {
    renderEditor({ document: newDocument() }, 'es');
    const defaults = screen.getByRole('group', { name: 'Comportamientos por defecto' });
    fireEvent.change(within(defaults).getByLabelText('Política de caché'), { target: { value: 'ttl' } });
    // Not yet left: no error while typing.
    fireEvent.change(within(defaults).getByLabelText('TTL'), { target: { value: '10s' } });
    expect(within(defaults).queryByText('el TTL mínimo es 30s')).toBeNull();
    const ttl = type('TTL', '10s', defaults);
    const message = within(defaults).getByText('el TTL mínimo es 30s');
    expect(ttl.getAttribute('aria-invalid')).toBe('true');
    expect(ttl.getAttribute('aria-describedby')?.split(' ')).toContain(message.id);

    const port = type('Puerto del origen', '80a');
    expect(port.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Se esperaba un número.')).toBeTruthy();
    // Untouched fields stay quiet until a save is attempted.
    expect(screen.getByLabelText('Alias principal').getAttribute('aria-invalid')).toBeNull();
  });

  it('on a save attempt, shows every problem beside its field and lists them with their pointers', () => {
    renderEditor();
    type('Primary alias', 'WWW Example');
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(screen.queryByLabelText('Sent')).toBeNull();

    const list = screen.getByText('The document has 2 problem(s):').closest('[role="alert"]') as HTMLElement;
    expect(within(list).getByText('/properties/0/aliases/0')).toBeTruthy();
    expect(within(list).getByText('/properties/0/origin/host')).toBeTruthy();
    const host = screen.getByLabelText('Origin host');
    expect(host.getAttribute('aria-invalid')).toBe('true');
    const alias = screen.getByLabelText('Primary alias');
    const beside = document.getElementById(alias.getAttribute('aria-describedby')?.split(' ')[0] ?? '');
    expect(beside?.textContent).toBe('expected a lower-case hostname (letters, digits, hyphens and dots)');
    // Once beside the field and once in the list.
    expect(screen.getAllByText('Must not be empty.')).toHaveLength(2);

    fireEvent.click(within(list).getByRole('button', { name: 'Go to the field /properties/0/origin/host' }));
    expect(document.activeElement).toBe(host);
  });

  it('lists problems by pointer in the JSON view, and will not go back to the form while the JSON does not parse', () => {
    renderEditor();
    fireEvent.click(screen.getByRole('tab', { name: 'JSON' }));
    const textarea = screen.getByLabelText('Configuration document (JSON)');
    fireEvent.change(textarea, { target: { value: '{"properties": [{"aliases": ["a.example"], "origin": {"host": "o", "port": 70000}}], "extra": true}' } });
    expect(screen.getByText('/properties/0/origin/port')).toBeTruthy();
    expect(screen.getByText('Must be at most 65535.')).toBeTruthy();
    expect(screen.getByText('/extra')).toBeTruthy();

    fireEvent.change(textarea, { target: { value: '{\n  "properties": [,]\n}' } });
    expect(screen.getByText(/The text is not valid JSON/)).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Form' }));
    expect(screen.getByText('Fix the JSON first: the form can only show a document that can be read.')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'JSON' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(screen.queryByLabelText('Sent')).toBeNull();
  });

  it('moves between the tabs with the arrow keys', () => {
    renderEditor();
    const form = screen.getByRole('tab', { name: 'Form' });
    fireEvent.keyDown(form, { key: 'ArrowRight' });
    const json = screen.getByRole('tab', { name: 'JSON' });
    expect(json.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(json);
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(json.id);
  });

  it('keeps two header rows apart when one is renamed to the other’s name', () => {
    renderEditor({ document: { properties: [{ aliases: ['a.example'], origin: { host: 'o' }, defaults: { responseHeaders: { set: { 'X-A': '1', 'X-B': '2' } } } }] } });
    const defaults = screen.getByRole('group', { name: 'Default behaviours' });
    type('Header 2 name', 'X-A', defaults);
    expect(within(defaults).getByText('Another header is already named “X-A”.')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'JSON' }));
    expect(jsonText()).toMatchObject({ properties: [{ defaults: { responseHeaders: { set: { 'X-A': '1', 'X-B': '2' } } } }] });
  });

  it('domain §2 string lists: a rule matches a string-list definition instead of one path, never both', () => {
    renderEditor({
      document: {
        properties: [{ aliases: ['www.example.com'], origin: { host: 'origin.example.com' }, rules: [{ match: { op: '*=', value: '/old/*' }, behaviours: {} }] }],
        definitions: { stringLists: { public: ['/robots.txt', '/favicon.ico'] } },
      },
    });
    const rule = screen.getByRole('group', { name: 'Rule 1' });
    fireEvent.change(within(rule).getByLabelText('Match against'), { target: { value: 'public' } });
    expect(within(rule).queryByLabelText('Path')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    const sent = JSON.parse(screen.getByLabelText('Sent').textContent ?? '') as ConfigurationDocument;
    expect(sent.properties[0]!.rules[0]!.match).toEqual({ op: '*=', stringList: 'public', negate: false });
    fireEvent.change(within(rule).getByLabelText('Match against'), { target: { value: '' } });
    type('Path', '/new/*', rule);
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    const again = JSON.parse(screen.getByLabelText('Sent').textContent ?? '') as ConfigurationDocument;
    expect(again.properties[0]!.rules[0]!.match).toEqual({ op: '*=', value: '/new/*', negate: false });
  });
});
