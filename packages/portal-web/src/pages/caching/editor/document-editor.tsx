// The configuration document editor: a form for properties and rules, and a JSON view of the same draft
// (issue 4), as two tabs (WAI-ARIA tabs pattern: arrow keys move between them). Both validate with the
// contract's configurationDocumentSchema; the form shows each problem beside its field, the JSON view
// lists them by pointer.
import { useId, useRef, type KeyboardEvent } from 'react';
import { useI18n } from '../../../i18n/i18n-context';
import { emptyProperty, listAt, updateList } from './document-draft';
import { DraftProvider } from './editor-context';
import styles from './editor.module.css';
import { JsonView } from './json-view';
import { ProblemList, fieldOf } from './problem-list';
import { PropertyFields } from './property-fields';
import type { DocumentDraft, EditorView } from './use-document-draft';

const VIEWS: readonly EditorView[] = ['form', 'json'];

export function DocumentEditor({ draft, label }: { readonly draft: DocumentDraft; readonly label: string }) {
  const { t } = useI18n();
  const id = useId();
  const tabs = useRef<Record<EditorView, HTMLButtonElement | null>>({ form: null, json: null });
  const formRoot = useRef<HTMLDivElement | null>(null);

  const select = (view: EditorView) => {
    draft.setView(view);
    tabs.current[view]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = VIEWS.indexOf(draft.view);
    const next =
      event.key === 'ArrowRight' ? VIEWS[(index + 1) % VIEWS.length]
      : event.key === 'ArrowLeft' ? VIEWS[(index + VIEWS.length - 1) % VIEWS.length]
      : event.key === 'Home' ? VIEWS[0]
      : event.key === 'End' ? VIEWS.at(-1)
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    select(next);
  };

  return (
    <DraftProvider draft={draft}>
      <div role="tablist" aria-label={label} className={styles.tabs}>
        {VIEWS.map((view) => (
          <button
            key={view}
            ref={(element) => {
              tabs.current[view] = element;
            }}
            type="button"
            role="tab"
            id={`${id}-${view}-tab`}
            aria-selected={draft.view === view}
            aria-controls={`${id}-${view}-panel`}
            tabIndex={draft.view === view ? 0 : -1}
            className={draft.view === view ? styles.tabSelected : 'secondary outline'}
            onClick={() => select(view)}
            onKeyDown={onKeyDown}
          >
            {t(view === 'form' ? 'caching.editor.form' : 'caching.editor.json')}
          </button>
        ))}
      </div>
      {draft.blockedSwitch && (
        <p role="alert" className="error-notice">
          {t('caching.editor.fixJsonFirst')}
        </p>
      )}
      <div role="tabpanel" id={`${id}-${draft.view}-panel`} aria-labelledby={`${id}-${draft.view}-tab`} className={styles.panel}>
        {draft.view === 'form' ? (
          <div ref={formRoot}>
            {draft.showAll && draft.problems.length > 0 && (
              <ProblemList
                problems={draft.problems}
                focusField={(pointer) => {
                  const field = fieldOf(formRoot.current, pointer);
                  field?.focus();
                  return field !== null;
                }}
              />
            )}
            <FormView draft={draft} />
          </div>
        ) : (
          <JsonView />
        )}
      </div>
    </DraftProvider>
  );
}

function FormView({ draft }: { readonly draft: DocumentDraft }) {
  const { t } = useI18n();
  const properties = listAt(draft.document, ['properties']);
  const change = (edit: (list: unknown[]) => unknown[]) => draft.update((document) => updateList(document, ['properties'], edit));
  return (
    <>
      {/* domain.md §2: a configuration without a property is allowed; deploying it takes its aliases out. */}
      {properties.length === 0 && <p>{t('caching.property.none')}</p>}
      {properties.map((_, index) => (
        <PropertyFields key={index} index={index} onRemove={() => change((list) => list.filter((__, i) => i !== index))} />
      ))}
      <button type="button" className="secondary" onClick={() => change((list) => [...list, emptyProperty()])}>
        {t('caching.property.add')}
      </button>
    </>
  );
}
