// The frame of the signed-out pages: brand, language switch and one form card.
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { LanguageSwitch } from '../../layout/language-switch';
import styles from './auth.module.css';

export function AuthLayout({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  const { t, setLanguage } = useI18n();
  return (
    <main className={`container ${styles.page}`}>
      <header className={styles.header}>
        <p className={styles.brand}>{t('layout.productName')}</p>
        <LanguageSwitch onChange={setLanguage} />
      </header>
      <article className={styles.card}>
        <h1>{title}</h1>
        {children}
      </article>
    </main>
  );
}
