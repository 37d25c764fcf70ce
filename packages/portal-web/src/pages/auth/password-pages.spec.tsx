import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, json, type RecordedCall } from '../../test-support/fake-api';
import { SESSION } from '../../test-support/fixtures';
import { renderApp } from '../../test-support/render-app';

const signedOut = () => apiError(401, { code: 'UNAUTHENTICATED', message: 'Sign in.' });

/** The server's rule: a write that comes with a session cookie must carry that session's CSRF token. */
function csrfChecked(signedIn: boolean, answer: () => Response) {
  return (call: RecordedCall) =>
    signedIn && call.headers['x-csrf-token'] !== SESSION.csrfToken
      ? apiError(403, { code: 'CSRF_FAILED', message: 'The form session is not valid. Reload the page and try again.' })
      : answer();
}

function setPasswordApi(signedIn: boolean) {
  return fakeApi({
    'GET /auth/session': () => (signedIn ? json(SESSION) : signedOut()),
    'POST /auth/password': csrfChecked(signedIn, () => new Response(null, { status: 204 })),
  });
}

async function submitPassword() {
  await screen.findByRole('heading', { name: 'Choose a password' });
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: 'a long enough password' } });
  fireEvent.change(screen.getByLabelText('Repeat the password'), { target: { value: 'a long enough password' } });
  fireEvent.click(screen.getByRole('button', { name: 'Save password' }));
}

async function choosePassword() {
  await submitPassword();
  return screen.findByText('Your password is saved. You can sign in now.');
}

describe('signed-out pages in a browser that holds a session', () => {
  it('sets a password from a link while signed in (sending the session CSRF token)', async () => {
    const api = setPasswordApi(true);
    renderApp('/password/set?token=0123456789abcdef0123', api);
    await choosePassword();
    const post = api.calls.find((call) => call.method === 'POST');
    expect(post?.body).toEqual({ token: '0123456789abcdef0123', password: 'a long enough password' });
    expect(post?.headers['x-csrf-token']).toBe(SESSION.csrfToken);
  });

  it('sets a password from a link while signed out (no token to send)', async () => {
    const api = setPasswordApi(false);
    renderApp('/password/set?token=0123456789abcdef0123', api);
    await choosePassword();
    expect(api.calls.find((call) => call.method === 'POST')?.headers['x-csrf-token']).toBeUndefined();
  });

  it('asks for a reset link while signed in', async () => {
    const api = fakeApi({
      'GET /auth/session': () => json(SESSION),
      'POST /auth/password-reset': csrfChecked(true, () => json({ accepted: true }, 202)),
    });
    renderApp('/password/forgot', api);
    await screen.findByRole('heading', { name: 'Reset your password' });
    fireEvent.change(screen.getByLabelText('E-mail address'), { target: { value: 'ana@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send link' }));
    expect(await screen.findByText(/a link to reset the password will arrive/)).toBeTruthy();
  });
});

describe('SetPasswordPage with a link that no longer works', () => {
  const answers = {
    // Used already, replaced by a newer mail, or mistyped: the API points at the token.
    used: () =>
      apiError(400, {
        code: 'VALIDATION_FAILED',
        message: 'The request contains invalid data. Check the fields listed.',
        details: [{ pointer: '/token', message: 'unknown or already used link' }],
      }),
    expired: () => apiError(410, { code: 'LINK_EXPIRED', message: 'The link has expired or was already used. Ask for a new one.' }),
  };

  for (const [kind, answer] of Object.entries(answers)) {
    it(`says so and offers a new link (${kind})`, async () => {
      renderApp('/password/set?token=0123456789abcdef0123', fakeApi({ 'GET /auth/session': signedOut, 'POST /auth/password': answer }));
      await submitPassword();
      const alert = await screen.findByRole('alert');
      expect(alert.textContent).toBe('This link can no longer be used: it has expired, was already used, or a newer mail replaced it. Ask for a new one.');
      expect(screen.getByRole('link', { name: 'Ask for a new link' }).getAttribute('href')).toBe('/password/forgot');
      expect(screen.queryByLabelText('New password')).toBeNull();
    });
  }
});
