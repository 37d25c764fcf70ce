// The Media portal menus. Links keep the selected access group and SCID in their query string.
import { NavLink, useSearchParams } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { scopeSearch } from '../scope/use-scope';
import { useSession } from '../session/session-queries';
import { Dropdown } from './dropdown';
import styles from './layout.module.css';
import { visibleSections } from './menu';

export function MainMenu({ onNavigate }: { readonly onNavigate: () => void }) {
  const { t } = useI18n();
  const session = useSession();
  const [params] = useSearchParams();
  const search = scopeSearch(params);

  return (
    <nav aria-label={t('menu.label')} className={styles.menu} onClick={(event) => {
      if (event.target instanceof Element && event.target.closest('a') !== null) onNavigate();
    }}>
      <ul className={styles.menuList}>
        {visibleSections(session.staffRole !== null).map((section) => {
          const [only] = section.entries;
          if (section.entries.length === 1 && only !== undefined) {
            return (
              <li key={section.id}>
                <NavLink to={{ pathname: only.path, search }}>{t(section.labelKey)}</NavLink>
              </li>
            );
          }
          return (
            <li key={section.id}>
              <Dropdown name="main-menu" summary={t(section.labelKey)}>
                {section.entries.map((entry) => (
                  <li key={entry.path}>
                    <NavLink to={{ pathname: entry.path, search }} end>
                      {t(entry.labelKey)}
                    </NavLink>
                  </li>
                ))}
              </Dropdown>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
