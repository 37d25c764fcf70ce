// A property's match rules (domain.md §2): first match wins, so order matters and rules move up and down.
// Each matches the path without query by `==` equal, `%=` equal ignoring case, `*=` glob, `%*` glob ignoring
// case, optionally negated (`!`), and sets its own behaviours. Instead of one path a rule can match any value
// of a string-list definition (written in the JSON view); then the path field gives way to the list's name.
import { useI18n } from '../../../i18n/i18n-context';
import { emptyRule, getAt, isRecord, listAt, moveItem, optionalText, setAt, updateList, type JsonPath } from './document-draft';
import { BehaviourFields } from './behaviour-fields';
import { DocCheckbox, DocSelectField, DocTextField } from './doc-fields';
import { useDraft } from './editor-context';
import styles from './editor.module.css';

export function RuleList({ path }: { readonly path: JsonPath }) {
  const { t } = useI18n();
  const draft = useDraft();
  const rules = listAt(draft.document, path);
  const change = (edit: (list: unknown[]) => unknown[]) => draft.update((document) => updateList(document, path, edit));

  return (
    <section className={styles.rules} aria-label={t('caching.rules.title')}>
      <h4>{t('caching.rules.title')}</h4>
      <p className={styles.muted}>{t('caching.rules.intro')}</p>
      {rules.map((_, index) => (
        <RuleFields
          key={index}
          path={[...path, index]}
          index={index}
          count={rules.length}
          onMove={(to) => change((list) => moveItem(list, index, to))}
          onRemove={() => change((list) => list.filter((__, i) => i !== index))}
        />
      ))}
      <button type="button" className="secondary" onClick={() => change((list) => [...list, emptyRule()])}>
        {t('caching.rules.add')}
      </button>
    </section>
  );
}

interface RuleFieldsProps {
  readonly path: JsonPath;
  readonly index: number;
  readonly count: number;
  readonly onMove: (to: number) => void;
  readonly onRemove: () => void;
}

function RuleFields({ path, index, count, onMove, onRemove }: RuleFieldsProps) {
  const { t } = useI18n();
  const draft = useDraft();
  const n = index + 1;
  const name = getAt(draft.document, [...path, 'name']);
  const legend = typeof name === 'string' && name !== '' ? t('caching.rules.named', { n, name }) : t('caching.rules.rule', { n });
  return (
    <fieldset className={styles.card}>
      <legend>{legend}</legend>
      <div className={styles.grid}>
        <div>
          <DocTextField path={[...path, 'name']} label={t('caching.rules.name')} parse={optionalText} autoComplete="off" />
        </div>
        <div>
          <DocSelectField
            path={[...path, 'match', 'op']}
            label={t('caching.rules.op')}
            options={[
              { value: '==', label: t('caching.match.equals') },
              { value: '%=', label: t('caching.match.equalsIgnoreCase') },
              { value: '*=', label: t('caching.match.glob') },
              { value: '%*', label: t('caching.match.globIgnoreCase') },
            ]}
          />
        </div>
        <div>
          <MatchTarget path={[...path, 'match']} />
          <DocCheckbox path={[...path, 'match', 'negate']} label={t('caching.rules.negate')} />
        </div>
      </div>
      <BehaviourFields path={[...path, 'behaviours']} />
      <div className="actions">
        <button type="button" className="secondary outline" disabled={index === 0} onClick={() => onMove(index - 1)}>
          {t('caching.rules.moveUp', { n })}
        </button>
        <button type="button" className="secondary outline" disabled={index === count - 1} onClick={() => onMove(index + 1)}>
          {t('caching.rules.moveDown', { n })}
        </button>
        <button type="button" className="secondary outline" onClick={onRemove}>
          {t('caching.rules.remove', { n })}
        </button>
      </div>
    </fieldset>
  );
}

/** The path to match, or a string list to match any value of (only offered when the document defines some). */
function MatchTarget({ path }: { readonly path: JsonPath }) {
  const { t } = useI18n();
  const draft = useDraft();
  const lists = getAt(draft.document, ['definitions', 'stringLists']);
  const names = isRecord(lists) ? Object.keys(lists) : [];
  const chosen = getAt(draft.document, [...path, 'stringList']);
  // A criterion holds a value or a list, never both: choosing one removes the other.
  const choose = (name: string) =>
    draft.update((document) => setAt(setAt(document, [...path, 'stringList'], name === '' ? undefined : name), [...path, 'value'], name === '' ? '' : undefined));
  return (
    <>
      {(names.length > 0 || chosen !== undefined) && (
        <DocSelectField
          path={[...path, 'stringList']}
          label={t('caching.rules.stringList')}
          unsetLabel={t('caching.rules.singlePath')}
          options={names.map((name) => ({ value: name, label: name }))}
          onChoose={choose}
        />
      )}
      {chosen === undefined && (
        <DocTextField path={[...path, 'value']} label={t('caching.rules.value')} hint={t('caching.rules.valueHint')} spellCheck={false} autoComplete="off" />
      )}
    </>
  );
}
