// "Response headers to set": the `set` record of a header-edits behaviour as rows of name and value. A
// record cannot hold one name twice, so a row renamed to a name another row has keeps the typed name to
// itself (with a note) instead of merging the two rows and losing one value.
import { useId, useState } from 'react';
import { toJsonPointer } from '@candela/contract';
import { useI18n } from '../../../i18n/i18n-context';
import { getAt, isRecord, setAt, type JsonPath, type JsonRecord } from './document-draft';
import { useDraft } from './editor-context';
import styles from './editor.module.css';

function renamed(set: JsonRecord, from: string, to: string): JsonRecord {
  return Object.fromEntries(Object.entries(set).map(([name, value]) => [name === from ? to : name, value]));
}

export function HeaderRows({ path, legend }: { readonly path: JsonPath; readonly legend: string }) {
  const { t } = useI18n();
  const draft = useDraft();
  const edits = getAt(draft.document, path);

  const reference = isRecord(edits) && typeof edits['definition'] === 'string' ? edits['definition'] : undefined;
  if (reference !== undefined) {
    return (
      <fieldset>
        <legend>{legend}</legend>
        <p>{t('caching.headers.definition', { name: reference })}</p>
      </fieldset>
    );
  }

  const set = isRecord(edits) && isRecord(edits['set']) ? edits['set'] : {};
  const rows = Object.entries(set);
  const setPath = [...path, 'set'];
  const writeSet = (next: JsonRecord) =>
    draft.update((document) => {
      const current = getAt(document, path);
      const remove = isRecord(current) ? current['remove'] : undefined;
      const others = isRecord(current) ? Object.keys(current).filter((key) => key !== 'set' && key !== 'remove') : [];
      const nothingRemoved = remove === undefined || (Array.isArray(remove) && remove.length === 0);
      // Nothing left to set and nothing else in the behaviour: the behaviour goes, rather than an empty one.
      if (Object.keys(next).length === 0 && others.length === 0 && nothingRemoved) return setAt(document, path, undefined);
      return setAt(document, setPath, next);
    });

  return (
    <fieldset>
      <legend>{legend}</legend>
      {rows.length === 0 && <p className={styles.muted}>{t('caching.headers.none')}</p>}
      {rows.map(([name, value], index) => (
        <HeaderRow
          key={index}
          index={index}
          name={name}
          value={typeof value === 'string' ? value : JSON.stringify(value)}
          pointer={toJsonPointer([...setPath, name])}
          taken={(candidate) => candidate !== name && Object.hasOwn(set, candidate)}
          onRename={(to) => writeSet(renamed(set, name, to))}
          onValue={(text) => writeSet({ ...set, [name]: text })}
          onRemove={() => writeSet(Object.fromEntries(rows.filter(([other]) => other !== name)))}
        />
      ))}
      <button type="button" className="secondary outline" disabled={Object.hasOwn(set, '')} onClick={() => writeSet({ ...set, '': '' })}>
        {t('caching.headers.add')}
      </button>
    </fieldset>
  );
}

interface HeaderRowProps {
  readonly index: number;
  readonly name: string;
  readonly value: string;
  readonly pointer: string;
  readonly taken: (name: string) => boolean;
  readonly onRename: (name: string) => void;
  readonly onValue: (value: string) => void;
  readonly onRemove: () => void;
}

function HeaderRow({ index, name, value, pointer, taken, onRename, onValue, onRemove }: HeaderRowProps) {
  const { t } = useI18n();
  const draft = useDraft();
  const id = useId();
  const [clash, setClash] = useState<string | null>(null);
  const problems = [...(clash === null ? [] : [t('caching.headers.duplicate', { name: clash })]), ...draft.fieldProblems(pointer)];
  const errorId = `${id}-error`;
  const invalid = problems.length > 0 ? true : undefined;
  const describedBy = problems.length > 0 ? errorId : undefined;
  const n = index + 1;
  return (
    <div className={styles.headerRow}>
      <div>
        <label htmlFor={`${id}-name`}>{t('caching.headers.name', { n })}</label>
        <input
          id={`${id}-name`}
          data-pointer={pointer}
          value={clash ?? name}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => {
            const next = event.target.value;
            if (taken(next)) setClash(next);
            else {
              setClash(null);
              onRename(next);
            }
          }}
          onBlur={() => draft.touch(pointer)}
        />
      </div>
      <div>
        <label htmlFor={`${id}-value`}>{t('caching.headers.value', { n })}</label>
        <input
          id={`${id}-value`}
          value={value}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => onValue(event.target.value)}
          onBlur={() => draft.touch(pointer)}
        />
      </div>
      <button type="button" className="secondary outline" onClick={onRemove}>
        {t('caching.headers.remove', { n })}
      </button>
      {problems.length > 0 && (
        <small id={errorId} role="alert" className={`field-error ${styles.rowError}`}>
          {problems.join(' ')}
        </small>
      )}
    </div>
  );
}
