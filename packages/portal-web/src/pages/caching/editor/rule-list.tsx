// A property's match rules (domain.md §2): first match wins, so order matters and rules move up and down.
// Each matches the path without query by `==` equal, `%=` equal ignoring case, `*=` glob, `%*` glob ignoring
// case, optionally negated (`!`), and sets its own behaviours.
import { useI18n } from '../../../i18n/i18n-context';
import { emptyRule, getAt, listAt, moveItem, optionalText, updateList, type JsonPath } from './document-draft';
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
          <DocTextField path={[...path, 'match', 'value']} label={t('caching.rules.value')} hint={t('caching.rules.valueHint')} spellCheck={false} autoComplete="off" />
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
