import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, json } from '../../test-support/fake-api';
import { GROUPS, SERVICES, SESSION } from '../../test-support/fixtures';
import { renderApp } from '../../test-support/render-app';

const signedOut = () => apiError(401, { code: 'UNAUTHENTICATED', message: 'Sign in.' });

function submit(email: string, password: string) {
  fireEvent.change(screen.getByLabelText('E-mail address'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignInPage', () => {
  it('shows a field problem from the API next to its field, linked and announced', async () => {
    const api = fakeApi({
      'GET /auth/session': signedOut,
      'POST /auth/sign-in': () =>
        apiError(400, {
          code: 'VALIDATION_FAILED',
          message: 'The request contains invalid data. Check the fields listed.',
          details: [{ pointer: '/email', message: 'Enter a valid e-mail address.' }],
        }),
    });
    renderApp('/sign-in', api);
    await screen.findByRole('heading', { name: 'Sign in' });
    submit('not-an-email', 'whatever-password');

    const fieldError = await screen.findByText('Enter a valid e-mail address.');
    const email = screen.getByLabelText('E-mail address');
    expect(fieldError.getAttribute('role')).toBe('alert');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-describedby')?.split(' ')).toContain(fieldError.id);
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBeNull();
    expect(api.calls.find((c) => c.path === '/auth/sign-in')?.body).toEqual({ email: 'not-an-email', password: 'whatever-password' });
  });

  it('shows the lock message of a locked account', async () => {
    const locked = 'The user is locked for 30 minutes after too many failed sign-in attempts.';
    const api = fakeApi({
      'GET /auth/session': signedOut,
      'POST /auth/sign-in': () => apiError(423, { code: 'ACCOUNT_LOCKED', message: locked }),
    });
    renderApp('/sign-in', api);
    await screen.findByRole('heading', { name: 'Sign in' });
    submit('ana@example.com', 'wrong-password-1');
    expect((await screen.findByText(locked)).closest('[role="alert"]')).not.toBeNull();
  });

  it('signs in, takes the session language and goes where the user was headed', async () => {
    const api = fakeApi({
      'GET /auth/session': signedOut,
      'POST /auth/sign-in': () => json({ ...SESSION, user: { ...SESSION.user, language: 'es' } }),
      'GET /access-groups': () => json({ items: GROUPS }),
      'GET /services': () => json({ items: SERVICES }),
    });
    const { router } = renderApp('/sign-in?next=%2Fservices', api);
    await screen.findByRole('heading', { name: 'Sign in' });
    submit('ana@example.com', 'correct horse battery');
    await screen.findByRole('heading', { name: 'Servicios' });
    expect(router.state.location.pathname).toBe('/services');
    await waitFor(() => expect(document.documentElement.lang).toBe('es'));
  });
});
