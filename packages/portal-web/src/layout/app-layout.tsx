// The frame of every signed-in page: mimic banner, header (brand, menus, scope, language, user), content.
// Below 768px the menus and tools fold behind one toggle button.
import { useState } from 'react';
import { Link, Outlet } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { useChangeLanguage } from '../session/use-change-language';
import { useSession } from '../session/session-queries';
import { LanguageSwitch } from './language-switch';
import styles from './layout.module.css';
import { MainMenu } from './main-menu';
import { MimicBanner } from './mimic-banner';
import { ScopeSelectors } from './scope-selectors';
import { UserMenu } from './user-menu';

const PANEL_ID = 'main-navigation-panel';

export function AppLayout() {
  const { t } = useI18n();
  const session = useSession();
  const changeLanguage = useChangeLanguage();
  const [menuOpen, setMenuOpen] = useState(false);

  return (
    <>
      <a href="#main" className="skip-link">
        {t('layout.skipToContent')}
      </a>
      {session.mimic !== null && <MimicBanner mimic={session.mimic} />}
      <header className={`container-fluid ${styles.header}`}>
        <div className={styles.topBar}>
          <Link to="/" className={styles.brand}>
            {t('layout.productName')}
          </Link>
          <button
            type="button"
            className={`outline ${styles.menuToggle}`}
            aria-expanded={menuOpen}
            aria-controls={PANEL_ID}
            onClick={() => setMenuOpen((open) => !open)}
          >
            {menuOpen ? t('layout.closeMenu') : t('layout.openMenu')}
          </button>
        </div>
        <div id={PANEL_ID} className={`${styles.panel} ${menuOpen ? styles.panelOpen : ''}`}>
          <MainMenu onNavigate={() => setMenuOpen(false)} />
          <div className={styles.tools}>
            <ScopeSelectors />
            <LanguageSwitch onChange={changeLanguage} />
            <UserMenu />
          </div>
        </div>
      </header>
      <main id="main" className="container" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
