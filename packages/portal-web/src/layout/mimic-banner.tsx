// While an admin views the portal as another user, this stays on screen with the way out (domain.md §1).
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { endMimic } from '../api/auth';
import { useApiClient } from '../api/api-context';
import type { Session } from '../api/types';
import { ErrorNotice } from '../forms/error-notice';
import { useI18n } from '../i18n/i18n-context';
import { useSwitchSession } from '../session/session-queries';
import styles from './layout.module.css';

export function MimicBanner({ mimic }: { readonly mimic: NonNullable<Session['mimic']> }) {
  const { t } = useI18n();
  const client = useApiClient();
  const switchSession = useSwitchSession();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: () => endMimic(client),
    onSuccess: async (session) => {
      switchSession(session);
      await navigate('/admin/users');
    },
  });

  return (
    <aside className={styles.mimicBanner} aria-label={t('mimic.label')}>
      <p>{t('mimic.viewingAs', { name: mimic.user.displayName, email: mimic.user.email })}</p>
      <button type="button" onClick={() => mutation.mutate()} aria-busy={mutation.isPending} disabled={mutation.isPending}>
        {t('mimic.end')}
      </button>
      {mutation.isError && <ErrorNotice error={mutation.error} />}
    </aside>
  );
}
