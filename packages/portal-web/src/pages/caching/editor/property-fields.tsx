// One property (domain.md §2): its aliases (the first is the primary alias, which names the property and
// never changes once saved), origin and optional backup origin, client protocols, default behaviours and
// rules.
import { toJsonPointer } from '@candela/contract';
import { useI18n } from '../../../i18n/i18n-context';
import { getAt, listAt, updateList, type JsonPath } from './document-draft';
import { BehaviourFields } from './behaviour-fields';
import { DocSelectField, DocTextField, PointerProblems } from './doc-fields';
import { useDraft } from './editor-context';
import styles from './editor.module.css';
import { OriginFields } from './origin-fields';
import { RuleList } from './rule-list';

export interface PropertyFieldsProps {
  readonly index: number;
  readonly onRemove: () => void;
}

export function PropertyFields({ index, onRemove }: PropertyFieldsProps) {
  const { t } = useI18n();
  const draft = useDraft();
  const path: JsonPath = ['properties', index];
  const aliasesPath = [...path, 'aliases'];
  const aliases = listAt(draft.document, aliasesPath);
  const primary = aliases[0];
  const title = typeof primary === 'string' && primary !== '' ? primary : t('caching.property.unnamed');
  const hasBackup = getAt(draft.document, [...path, 'backupOrigin']) !== undefined;
  const aliasList = (edit: (list: unknown[]) => unknown[]) => draft.update((document) => updateList(document, aliasesPath, edit));

  return (
    <fieldset className={styles.property}>
      <legend>{t('caching.property.legend', { name: title })}</legend>

      <h4>{t('caching.property.aliases')}</h4>
      {aliases.map((alias, j) => (
        <div key={j} className={styles.aliasRow}>
          <DocTextField
            path={[...aliasesPath, j]}
            label={j === 0 ? t('caching.property.primaryAlias') : t('caching.property.alias', { n: j + 1 })}
            hint={
              j === 0
                ? typeof alias === 'string' && draft.fixedPrimaryAliases.has(alias)
                  ? t('caching.property.primaryFixed')
                  : t('caching.property.primaryHint')
                : undefined
            }
            autoComplete="off"
            spellCheck={false}
          />
          {j > 0 && (
            <button type="button" className="secondary outline" onClick={() => aliasList((list) => list.filter((_, i) => i !== j))}>
              {t('caching.property.removeAlias', { n: j + 1 })}
            </button>
          )}
        </div>
      ))}
      <PointerProblems pointer={toJsonPointer(aliasesPath)} />
      <button type="button" className="secondary" onClick={() => aliasList((list) => [...list, ''])}>
        {t('caching.property.addAlias')}
      </button>

      <h4>{t('caching.origin.title')}</h4>
      <OriginFields path={[...path, 'origin']} backup={false} />
      <label>
        <input
          type="checkbox"
          checked={hasBackup}
          onChange={(event) => draft.set([...path, 'backupOrigin'], event.target.checked ? { protocol: 'http', host: '' } : undefined)}
        />
        {t('caching.backupOrigin.use')}
      </label>
      {hasBackup && <OriginFields path={[...path, 'backupOrigin']} backup />}

      <DocSelectField
        path={[...path, 'clientProtocols']}
        label={t('caching.property.clientProtocols')}
        options={[
          { value: 'both', label: t('caching.clientProtocols.both') },
          { value: 'http', label: t('caching.clientProtocols.http') },
          { value: 'https', label: t('caching.clientProtocols.https') },
        ]}
      />

      <fieldset className={styles.card}>
        <legend>{t('caching.defaults.title')}</legend>
        <BehaviourFields path={[...path, 'defaults']} />
      </fieldset>

      <RuleList path={[...path, 'rules']} />

      <button type="button" className="secondary outline" onClick={onRemove}>
        {t('caching.property.remove', { name: title })}
      </button>
    </fieldset>
  );
}
