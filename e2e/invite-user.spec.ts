// Flow 1: the demo admin invites a colleague in the portal (Portal Admin → Users); the colleague finds the
// invitation in the mail folder, opens its link in their own browser, chooses a password, signs in and
// reads the portal in English, the language the admin chose for them.
import { expect, test } from '@playwright/test';
import { linkIn, waitForMail } from './mail.js';
import { platform } from './platform.js';
import { chooseMenuEntry, documentLanguage, signIn } from './portal.js';
import { DEMO_ADMIN, demoAdminPassword, uniqueEmail } from './session.js';

// Both browsers are Latin-American (Spanish): the invitee's English must come from the invitation.
test.use({ locale: 'es-MX' });

test('the admin invites a user, who accepts the mailed invitation and uses the portal in English', async ({ page, browser }, testInfo) => {
  const p = platform();
  const email = uniqueEmail('invitee');
  const displayName = 'Grace Hopper';
  const password = 'a long enough password 1';

  // The demo admin reads the portal in Spanish, their preferred language.
  await signIn(page, DEMO_ADMIN, demoAdminPassword());
  await chooseMenuEntry(page, 'Menú principal', 'Administración del portal', 'Usuarios');
  await expect(page.getByRole('heading', { name: 'Usuarios', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Invitar a un usuario' }).click();
  const form = page.getByRole('form', { name: 'Invitar a un usuario' });
  await form.getByLabel('Correo electrónico').fill(email);
  await form.getByLabel('Nombre').fill(displayName);
  await form.getByLabel('Idioma').selectOption({ label: 'English' });
  // The role is never pre-selected: an invitation is not sent with a role nobody chose.
  await expect(form.getByLabel('Rol')).toHaveValue('');
  await form.getByLabel('Rol').selectOption({ label: 'Informes (solo lectura)' });
  await form.getByRole('button', { name: 'Enviar invitación' }).click();

  await expect(page.getByRole('status')).toHaveText(`Se envió una invitación a ${email}.`);
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row.getByRole('cell', { name: displayName, exact: true })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Activo', exact: true })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Nunca', exact: true })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('1-admin-invited-user.png'), fullPage: true });

  // The invitation, in the invitee's language, with a link back to this portal.
  const mail = await waitForMail(p.mailDir, email);
  expect(mail.headers.get('subject')).toBe('Invitation to join Demo Media Co. on Candela');
  expect(mail.headers.get('content-language')).toBe('en');
  expect(mail.text).toContain(`Hello ${displayName},`);
  const link = linkIn(mail, `${p.portalUrl}/password/set?token=`);
  expect(link).toMatch(/&lang=en$/);
  expect(mail.html).toContain(`href="${link.replaceAll('&', '&amp;')}"`);

  // The invitee's own browser: nothing shared with the admin's.
  const context = await browser.newContext({ locale: 'es-MX' });
  try {
    const invitee = await context.newPage();
    await invitee.goto(link);
    // A Spanish browser, but the link names the invitee's language: the page opens in English.
    await expect(invitee.getByRole('heading', { name: 'Choose a password' })).toBeVisible();
    await invitee.getByLabel('New password').fill(password);
    await invitee.getByLabel('Repeat the password').fill(password);
    await invitee.getByRole('button', { name: 'Save password' }).click();
    await expect(invitee.getByRole('status')).toHaveText('Your password is saved. You can sign in now.');
    await invitee.screenshot({ path: testInfo.outputPath('2-invitee-password-set.png'), fullPage: true });

    await signIn(invitee, email, password);
    // Signed in, the portal follows the user's preferred language, not the browser's.
    await expect(invitee.getByRole('heading', { name: 'Services', level: 1 })).toBeVisible();
    await expect.poll(() => documentLanguage(invitee)).toBe('en');
    await expect(invitee.getByRole('navigation', { name: 'Main menu' }).getByRole('group', { name: 'Portal Admin' })).toBeVisible();
    await expect(invitee.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
    await expect(invitee.getByRole('group', { name: displayName })).toBeVisible();
    await invitee.screenshot({ path: testInfo.outputPath('3-invitee-signed-in-english.png'), fullPage: true });

    // The link is used up: it cannot set a password a second time. (The browser now remembers English.)
    await invitee.goto(link);
    await invitee.getByLabel('New password').fill(password);
    await invitee.getByLabel('Repeat the password').fill(password);
    await invitee.getByRole('button', { name: 'Save password' }).click();
    await expect(invitee.getByRole('alert')).toHaveText(/^This link can no longer be used/);
    await expect(invitee.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
    await invitee.screenshot({ path: testInfo.outputPath('4-invitation-link-used-up.png'), fullPage: true });
  } finally {
    await context.close();
  }
});
