// Sign-in (docs/api.md POST /auth/sign-in). Invalid credentials and the 30-minute lock come back as
// error codes whose localised message is shown as is; field problems go next to their field.
import { useMutation } from '@tanstack/react-query';
import { useId, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { signIn } from '../../api/auth';
import { useApiClient } from '../../api/api-context';
import { toApiError } from '../../api/api-error';
import type { Session, SignInRequest } from '../../api/types';
import { ErrorNotice } from '../../forms/error-notice';
import { splitProblems } from '../../forms/field-errors';
import { rawTextOf, textOf } from '../../forms/form-data';
import { TextField } from '../../forms/text-field';
import { useI18n } from '../../i18n/i18n-context';
import { useSessionQuery, useSetSession } from '../../session/session-queries';
import { AuthLayout } from './auth-layout';

const FIELDS = ['email', 'password'] as const;

/** Only paths inside the portal: a crafted ?next=https://… must not send the user elsewhere. */
export function safeNextPath(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { t } = useI18n();
  const client = useApiClient();
  const setSession = useSetSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const existing = useSessionQuery();
  const errorId = useId();
  const next = safeNextPath(params.get('next'));

  const mutation = useMutation<Session, unknown, SignInRequest>({
    mutationFn: (request) => signIn(client, request),
    onSuccess: async (session) => {
      setSession(session);
      await navigate(next, { replace: true });
    },
  });

  if (existing.data !== undefined && existing.data !== null && !mutation.isSuccess) return <Navigate to={next} replace />;

  const error = mutation.isError ? toApiError(mutation.error) : null;
  const { fieldErrors, unplaced } = splitProblems(error, FIELDS);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    mutation.mutate({ email: textOf(data, 'email'), password: rawTextOf(data, 'password') });
  };

  return (
    <AuthLayout title={t('signIn.title')}>
      <form onSubmit={onSubmit} noValidate aria-describedby={error !== null ? errorId : undefined}>
        {error !== null && <ErrorNotice id={errorId} error={error} unplaced={unplaced} />}
        <TextField name="email" type="email" label={t('field.email')} autoComplete="username" required error={fieldErrors.email} />
        <TextField
          name="password"
          type="password"
          label={t('field.password')}
          autoComplete="current-password"
          required
          error={fieldErrors.password}
        />
        <button type="submit" aria-busy={mutation.isPending} disabled={mutation.isPending}>
          {t('signIn.submit')}
        </button>
      </form>
      <p>
        <Link to="/password/forgot">{t('signIn.forgot')}</Link>
      </p>
    </AuthLayout>
  );
}
