// Sets a password from an invitation or reset link (/password/set?token=…; POST /auth/password).
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { setPassword } from '../../api/auth';
import { useApiClient } from '../../api/api-context';
import { toApiError, type ApiError } from '../../api/api-error';
import { ErrorNotice } from '../../forms/error-notice';
import { splitProblems } from '../../forms/field-errors';
import { rawTextOf } from '../../forms/form-data';
import { StatusMessage } from '../../forms/status-message';
import { TextField } from '../../forms/text-field';
import { useI18n } from '../../i18n/i18n-context';
import { AuthLayout } from './auth-layout';
import { checkNewPassword, MIN_PASSWORD_LENGTH, type PasswordProblems } from './password-rules';

const FIELDS = ['password'] as const;

/**
 * A link that can no longer set a password: timed out (410 LINK_EXPIRED), or used already, replaced by a
 * newer mail, or mistyped, which the API reports alike as a problem with the token (400 at /token).
 */
function isDeadLink(error: ApiError | null): boolean {
  return error !== null && (error.code === 'LINK_EXPIRED' || error.details.some((problem) => problem.pointer === '/token'));
}

export function SetPasswordPage() {
  const { t, setLanguage } = useI18n();
  const client = useApiClient();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  // The mailed link names the recipient's language (lang=es|en): open the page in the mail's language,
  // once; the header switch still changes it afterwards.
  const linkLanguage = params.get('lang');
  useEffect(() => {
    if (linkLanguage === 'es' || linkLanguage === 'en') setLanguage(linkLanguage);
  }, [linkLanguage, setLanguage]);
  const [localProblems, setLocalProblems] = useState<PasswordProblems>({});
  const mutation = useMutation({ mutationFn: (password: string) => setPassword(client, token, password) });
  const error = mutation.isError ? toApiError(mutation.error) : null;
  const { fieldErrors, unplaced } = splitProblems(error, FIELDS);

  if (token === '') {
    return (
      <AuthLayout title={t('setPassword.title')}>
        <p role="alert">{t('setPassword.missingToken')}</p>
        <Link to="/password/forgot">{t('setPassword.requestNew')}</Link>
      </AuthLayout>
    );
  }

  if (isDeadLink(error)) {
    return (
      <AuthLayout title={t('setPassword.title')}>
        <div role="alert" className="error-notice">
          <p>{t('setPassword.deadLink')}</p>
        </div>
        <Link to="/password/forgot">{t('setPassword.requestNew')}</Link>
      </AuthLayout>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = rawTextOf(data, 'password');
    const problems = checkNewPassword(password, rawTextOf(data, 'confirm'));
    setLocalProblems(problems);
    if (problems.password === undefined && problems.confirm === undefined) mutation.mutate(password);
  };

  const passwordError =
    localProblems.password !== undefined ? t(localProblems.password, { min: MIN_PASSWORD_LENGTH }) : fieldErrors.password;

  return (
    <AuthLayout title={t('setPassword.title')}>
      <StatusMessage text={mutation.isSuccess ? t('setPassword.done') : null} />
      {mutation.isSuccess ? (
        <Link to="/sign-in">{t('common.backToSignIn')}</Link>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          {error !== null && <ErrorNotice error={error} unplaced={unplaced} />}
          <TextField
            name="password"
            type="password"
            label={t('setPassword.new')}
            autoComplete="new-password"
            minLength={MIN_PASSWORD_LENGTH}
            required
            hint={t('setPassword.hint', { min: MIN_PASSWORD_LENGTH })}
            error={passwordError}
          />
          <TextField
            name="confirm"
            type="password"
            label={t('setPassword.confirm')}
            autoComplete="new-password"
            required
            error={localProblems.confirm !== undefined ? t(localProblems.confirm) : undefined}
          />
          <button type="submit" aria-busy={mutation.isPending} disabled={mutation.isPending}>
            {t('setPassword.submit')}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
