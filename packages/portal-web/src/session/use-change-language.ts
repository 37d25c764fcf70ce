// The header's language switch. Signed in, the choice is also saved as the user's preferred language
// (PATCH /me) so that it follows them to other browsers and to the e-mails they receive.
import { useQueryClient } from '@tanstack/react-query';
import { updatePreferredLanguage } from '../api/auth';
import { useApiClient } from '../api/api-context';
import type { Language, Session } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { SESSION_QUERY_KEY } from './session-queries';

export function useChangeLanguage(): (language: Language) => void {
  const { setLanguage } = useI18n();
  const client = useApiClient();
  const queryClient = useQueryClient();
  return (language) => {
    setLanguage(language);
    const session = queryClient.getQueryData<Session | null>(SESSION_QUERY_KEY);
    if (session === undefined || session === null || session.user.language === language) return;
    // Updated locally first, or the session's old preference would switch the language straight back.
    queryClient.setQueryData<Session>(SESSION_QUERY_KEY, { ...session, user: { ...session.user, language } });
    // A failed save only means the preference is not remembered server-side; the switch itself worked.
    updatePreferredLanguage(client, language).catch(() => undefined);
  };
}
