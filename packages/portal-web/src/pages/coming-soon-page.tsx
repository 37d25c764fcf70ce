// What a menu entry shows until its feature is built: honest, in the reader's language, with a way on.
import { Link } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';

export function ComingSoonPage({ titleKey }: { readonly titleKey: MessageKey }) {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t(titleKey)}</h1>
      <p>{t('comingSoon.text')}</p>
      <p>
        <Link to="/contacts">{t('comingSoon.contacts')}</Link>
      </p>
    </section>
  );
}
