// Every problem of the draft with its JSON pointer: the JSON view's list, and the form's summary after a
// save attempt. In the form, each entry can move the focus to the field it names.
import { useI18n } from '../../../i18n/i18n-context';
import type { DocProblem } from './document-problems';
import styles from './editor.module.css';

export interface ProblemListProps {
  readonly problems: readonly DocProblem[];
  /** Moves the focus to the field of a pointer (form view); returns false when no field shows it. */
  readonly focusField?: (pointer: string) => boolean;
}

/**
 * The input that shows a pointer inside `root` (fields carry data-pointer): its own, else the first one
 * inside it (a list's first item), else the nearest one above it.
 */
export function fieldOf(root: HTMLElement | null, pointer: string): HTMLElement | null {
  if (root === null) return null;
  const fields = [...root.querySelectorAll<HTMLElement>('[data-pointer]')];
  const at = (p: string) => fields.find((element) => element.dataset['pointer'] === p);
  const own = at(pointer) ?? fields.find((element) => element.dataset['pointer']?.startsWith(`${pointer}/`) === true);
  if (own !== undefined) return own;
  for (let p = pointer; p !== ''; ) {
    p = p.slice(0, p.lastIndexOf('/'));
    const above = at(p);
    if (above !== undefined) return above;
  }
  return null;
}

export function ProblemList({ problems, focusField }: ProblemListProps) {
  const { t } = useI18n();
  return (
    <div role="alert" className="error-notice">
      <p>{t('caching.problems.count', { count: problems.length })}</p>
      <ul className={styles.problems}>
        {problems.map((problem) => (
          <li key={`${problem.pointer}\n${problem.message}`}>
            <code>{problem.pointer === '' ? '/' : problem.pointer}</code> {problem.message}
            {focusField !== undefined && (
              <>
                {' '}
                <button
                  type="button"
                  className={`secondary outline ${styles.inlineButton}`}
                  aria-label={t('caching.problems.goToPointer', { pointer: problem.pointer === '' ? '/' : problem.pointer })}
                  onClick={() => focusField(problem.pointer)}
                >
                  {t('caching.problems.goTo')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
