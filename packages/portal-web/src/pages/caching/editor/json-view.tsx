// The JSON view of the same draft: the whole document as text, parsed on every change, with every schema
// problem listed by its JSON pointer, and a syntax error said by line and column.
import { useId } from 'react';
import { useI18n } from '../../../i18n/i18n-context';
import { useDraft } from './editor-context';
import styles from './editor.module.css';
import { ProblemList } from './problem-list';

export function JsonView() {
  const { t } = useI18n();
  const draft = useDraft();
  const id = useId();
  const statusId = `${id}-status`;
  const { syntaxError } = draft;
  return (
    <>
      <label htmlFor={id}>{t('caching.json.label')}</label>
      <textarea
        id={id}
        className={styles.json}
        value={draft.jsonText}
        onChange={(event) => draft.setJsonText(event.target.value)}
        rows={24}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        aria-invalid={syntaxError !== null || draft.problems.length > 0 ? true : undefined}
        aria-describedby={statusId}
      />
      <div id={statusId}>
        {syntaxError !== null ? (
          <p role="alert" className="error-notice">
            {syntaxError.line === null
              ? t('caching.json.syntax')
              : t('caching.json.syntaxAt', { line: syntaxError.line, column: syntaxError.column ?? 1 })}
          </p>
        ) : draft.problems.length > 0 ? (
          <ProblemList problems={draft.problems} />
        ) : (
          <p className={styles.ok}>{t('caching.json.valid')}</p>
        )}
      </div>
    </>
  );
}
