// The signed-in user's name, opening a menu with sign-out.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { signOut } from '../api/auth';
import { useApiClient } from '../api/api-context';
import { useI18n } from '../i18n/i18n-context';
import { forgetEverythingButSession, useSession, useSetSession } from '../session/session-queries';
import { Dropdown } from './dropdown';

export function UserMenu() {
  const { t } = useI18n();
  const session = useSession();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const setSession = useSetSession();
  const navigate = useNavigate();

  const finish = () => {
    client.setCsrfToken(null);
    setSession(null);
    forgetEverythingButSession(queryClient);
    void navigate('/sign-in');
  };
  // Whatever the answer, the user asked to leave: a failed call (expired session, network) still signs out here.
  const mutation = useMutation({ mutationFn: () => signOut(client), onSettled: finish });

  return (
    <Dropdown summary={<span aria-label={t('userMenu.label', { name: session.user.displayName })}>{session.user.displayName}</span>}>
      <li>
        <small>{session.user.email}</small>
      </li>
      <li>
        <button type="button" className="secondary" onClick={() => mutation.mutate()} disabled={mutation.isPending}>
          {t('userMenu.signOut')}
        </button>
      </li>
    </Dropdown>
  );
}
