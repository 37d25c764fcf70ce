// Asks for a reset link. The API answers 202 whether or not the account exists (so nobody can probe for
// accounts), and the page says exactly that.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { Link } from 'react-router';
import { requestPasswordReset } from '../../api/auth';
import { useApiClient } from '../../api/api-context';
import { toApiError } from '../../api/api-error';
import { ErrorNotice } from '../../forms/error-notice';
import { splitProblems } from '../../forms/field-errors';
import { textOf } from '../../forms/form-data';
import { StatusMessage } from '../../forms/status-message';
import { TextField } from '../../forms/text-field';
import { useI18n } from '../../i18n/i18n-context';
import { AuthLayout } from './auth-layout';

const FIELDS = ['email'] as const;

export function ForgotPasswordPage() {
  const { t } = useI18n();
  const client = useApiClient();
  const mutation = useMutation({ mutationFn: (email: string) => requestPasswordReset(client, email) });
  const error = mutation.isError ? toApiError(mutation.error) : null;
  const { fieldErrors, unplaced } = splitProblems(error, FIELDS);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate(textOf(new FormData(event.currentTarget), 'email'));
  };

  return (
    <AuthLayout title={t('forgot.title')}>
      <StatusMessage text={mutation.isSuccess ? t('forgot.sent') : null} />
      {!mutation.isSuccess && (
        <form onSubmit={onSubmit} noValidate>
          <p>{t('forgot.intro')}</p>
          {error !== null && <ErrorNotice error={error} unplaced={unplaced} />}
          <TextField name="email" type="email" label={t('field.email')} autoComplete="username" required error={fieldErrors.email} />
          <button type="submit" aria-busy={mutation.isPending} disabled={mutation.isPending}>
            {t('forgot.submit')}
          </button>
        </form>
      )}
      <p>
        <Link to="/sign-in">{t('common.backToSignIn')}</Link>
      </p>
    </AuthLayout>
  );
}
