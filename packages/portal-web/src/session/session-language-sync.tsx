// Once signed in, the user's preferred language (from the session) wins over the browser's.
import { useEffect } from 'react';
import type { Session } from '../api/types';
import { useI18n } from '../i18n/i18n-context';

export function SessionLanguageSync({ session }: { readonly session: Session }) {
  const { language, setLanguage } = useI18n();
  const preferred = session.user.language;
  useEffect(() => {
    if (preferred !== language) setLanguage(preferred);
    // Deliberately not keyed on `language`: only a new session or a new preference switches, so the
    // user's own switch (which updates the session's preference too, see use-change-language) sticks.
  }, [session.user.id, preferred]);
  return null;
}
